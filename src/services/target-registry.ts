import { readChunks, readRawChunks, unpackChunk } from '../adapters/db/chunk-store';
import { claim, receiptOf } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import type { Models } from '../adapters/db/models';
import { DomainError } from '../domain/errors';
import { mergePass, type ChunkRef, type StoredTarget, type TargetEdit } from './target-merge';

export type { StoredTarget, TargetEdit } from './target-merge';

/**
 * 检查对象名录库: every target, in credit-code order, cut into content-addressed chunks that one head cites
 * (models/target.ts says why not a document per target). Reading all of them is one head and ~25 chunks;
 * finding one is the head and one chunk.
 *
 * A change is committed by claiming the receipt `targets:rev:<n>` with the new chunk list — the one
 * write FerretDB serialises (adapters/db/claim.ts) — and then setting the head. Two writers at once:
 * one claims, the other reads again and redoes its change on top. A writer that dies between its claim
 * and the head is finished by the next writer, which rolls the head forward from the receipt. The merge
 * of a change with the stored chunks is target-merge.ts.
 */

interface Head {
  rev: number;
  chunks: ChunkRef[];
  count: number;
  retired: string[];
}
/** What a commit's receipt holds: the head it makes. */
interface Commit {
  chunks: ChunkRef[];
  count: number;
  at: string;
}

const HEAD_ID = 'targets';
const revKey = (rev: number) => `targets:rev:${rev}`;
const ATTEMPTS = 8;

async function readHead(models: Models): Promise<Head> {
  const doc = await models.TargetRegistry.findOne({ _id: HEAD_ID }).lean();
  if (!doc) return { rev: 0, chunks: [], count: 0, retired: [] };
  return { rev: doc.rev, chunks: doc.chunks, count: doc.count, retired: doc.retired };
}

/**
 * Every target in credit-code order (UTF-16 code units, as a draw sorts), one chunk at a time: a reader
 * that keeps only some (an item's pool) never holds the whole registry. From one head; if a later commit
 * retired a chunk of it before it was read, throws (the caller reads again: `allTargets` does).
 */
export async function* targetChunks(models: Models): AsyncGenerator<StoredTarget[]> {
  const head = await readHead(models);
  const raw = await readRawChunks(
    models.TargetChunk,
    head.chunks.map((c) => c.id),
  );
  for (const ref of head.chunks) {
    const entries = unpackChunk<StoredTarget>(models.TargetChunk, raw, ref.id);
    if (!entries) throw new Error(`target_registry: chunk ${ref.id} is missing (retired by a later commit)`);
    raw.delete(ref.id);
    yield entries;
  }
}

/** Every target, in credit-code order; `keep` (default: all) chooses, chunk by chunk. */
export async function allTargets(
  models: Models,
  keep: (t: StoredTarget) => boolean = () => true,
): Promise<StoredTarget[]> {
  for (let i = 0; ; i++) {
    try {
      const out: StoredTarget[] = [];
      for await (const chunk of targetChunks(models)) for (const t of chunk) if (keep(t)) out.push(t);
      return out;
    } catch (err) {
      // A commit since retired a chunk the head cited: read from the new head.
      if (i >= ATTEMPTS || !(err instanceof Error) || !err.message.includes('is missing')) throw err;
    }
  }
}

/** How many targets there are (the head says; no chunk is read). */
export async function targetCount(models: Models): Promise<number> {
  return (await readHead(models)).count;
}

/** One target by its 统一社会信用代码, or null: the head and the one chunk whose range would hold it. */
export async function findTarget(models: Models, creditCode: string): Promise<StoredTarget | null> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const ref = (await readHead(models)).chunks.find((c) => c.first <= creditCode && creditCode <= c.last);
    if (!ref) return null;
    const entries = (await readChunks<StoredTarget>(models.TargetChunk, [ref.id])).get(ref.id);
    // Absent: a commit since retired it; read the new head.
    if (entries) return entries.find((t) => t.creditCode === creditCode) ?? null;
  }
  throw new Error('target_registry: a chunk the head cites is missing');
}

/** Sets the head to commit `rev` unless a later one is there; deletes what the commit before retired. */
async function applyCommit(models: Models, head: Head, rev: number, commit: Commit): Promise<Head> {
  const cited = new Set(commit.chunks.map((c) => c.id));
  const retired = head.chunks.map((c) => c.id).filter((id) => !cited.has(id));
  const next: Head = { rev, chunks: commit.chunks, count: commit.count, retired };
  try {
    await models.TargetRegistry.updateOne(
      { _id: HEAD_ID, rev: { $lt: rev } },
      { $set: { ...next, updatedAt: new Date(commit.at) } },
      { upsert: true },
    );
  } catch (err) {
    // The upsert found no head below `rev`: a later commit is there already.
    if (!asDuplicateError(err, 'target_registry')) throw err;
    return readHead(models);
  }
  // Chunks retired one commit ago: a reader of that head has had a whole commit's time to read them.
  const gone = head.retired.filter((id) => !cited.has(id));
  if (gone.length > 0) await models.TargetChunk.deleteMany({ _id: { $in: gone } });
  return next;
}

/** The latest head, rolled forward over commits whose writer died before setting it. */
async function writerHead(models: Models): Promise<Head> {
  let head = await readHead(models);
  for (;;) {
    const receipt = await receiptOf(models, revKey(head.rev + 1));
    if (!receipt) return head;
    head = await applyCommit(models, head, head.rev + 1, receipt.result as Commit);
  }
}

/** Called once before anything is written and once after the commit (pool snapshots go stale). */
export interface CommitHooks {
  before?(): Promise<void>;
  after?(): Promise<void>;
  /** The stored chunks read ahead (`readAheadTargets`), taken by the merge instead of reading them. */
  readAhead?: Promise<Map<string, Buffer>>;
}

/**
 * The registry's chunks, still packed, read while the caller does something else (an import parses its
 * file meanwhile, and FerretDB answers on the other core). A chunk's id is the hash of its content, so
 * one read early is the same chunk; one retired meanwhile is simply not asked for. Never rejects: on an
 * error the merge reads what it needs itself.
 */
export function readAheadTargets(models: Models): Promise<Map<string, Buffer>> {
  return readHead(models)
    .then((head) =>
      readRawChunks(
        models.TargetChunk,
        head.chunks.map((c) => c.id),
      ),
    )
    .catch(() => new Map<string, Buffer>());
}

/**
 * Changes the registry: `edit` is called for each of `codes` (sorted in UTF-16 code-unit order, each
 * once) with its stored target. It may be called again for all of them if another writer committed
 * meanwhile, so it must not count across calls. Returns whether anything was committed.
 */
export async function commitTargets(
  models: Models,
  codes: readonly string[],
  edit: TargetEdit,
  now: Date,
  hooks: CommitHooks = {},
): Promise<boolean> {
  for (let k = 1; k < codes.length; k++) {
    if (!(codes[k - 1]! < codes[k]!))
      throw new Error(`target ${codes[k]} twice or out of order in one commit`);
  }
  let began = false;
  const ahead = (await hooks.readAhead) ?? new Map<string, Buffer>();
  for (let i = 0; i < ATTEMPTS; i++) {
    const head = await writerHead(models);
    const pass = await mergePass(models, head, codes, edit, ahead);
    if (!pass) continue; // a chunk retired under us by a commit after this head: read again
    if (!pass.changed) return false;
    // Nothing is visible before the head moves: the snapshots are told just before it.
    if (!began) await hooks.before?.();
    began = true;
    const commit: Commit = { chunks: pass.chunks, count: pass.count, at: now.toISOString() };
    if (!(await claim(models, revKey(head.rev + 1), 'targets.commit', now, commit))) continue;
    await applyCommit(models, head, head.rev + 1, commit);
    await hooks.after?.();
    return true;
  }
  throw new DomainError('TARGETS_BUSY', '检查对象名录库正被同时修改，本次未保存：请稍后重新导入');
}
