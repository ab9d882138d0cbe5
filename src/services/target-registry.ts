import { putChunk, readChunks, readRawChunks, unpackChunk } from '../adapters/db/chunk-store';
import { claim, receiptOf } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import type { Models } from '../adapters/db/models';
import { sortedSet } from '../domain/draw/canonical';
import { DomainError } from '../domain/errors';
import { Chunker } from '../domain/pool-chunks';
import type { TargetRecord } from '../domain/records';

/**
 * 检查对象名录库: every target, in credit-code order, cut into content-addressed chunks that one head cites
 * (models/target.ts says why not a document per target). Reading all of them is one head and ~25 chunks;
 * finding one is the head and one chunk.
 *
 * A change is committed by claiming the receipt `targets:rev:<n>` with the new chunk list — the one
 * write FerretDB serialises (adapters/db/claim.ts) — and then setting the head. Two writers at once:
 * one claims, the other reads again and redoes its change on top. A writer that dies between its claim
 * and the head is finished by the next writer, which rolls the head forward from the receipt.
 */

/** A target as stored: its record and who wrote it when (ISO times). */
export interface StoredTarget extends TargetRecord {
  createdBy: string;
  createdAt: string;
  updatedBy: string;
  updatedAt: string;
}

interface ChunkRef {
  id: string;
  first: string;
  last: string;
  count: number;
}
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

/** The stored form, fields in one order (a chunk's id is the hash of its JSON). */
const canonical = (t: StoredTarget): StoredTarget => ({
  creditCode: t.creditCode,
  name: t.name,
  address: t.address,
  legalRepresentative: t.legalRepresentative,
  phone: t.phone,
  itemCodes: sortedSet(t.itemCodes),
  creditLevel: t.creditLevel,
  riskLevel: t.riskLevel,
  status: t.status,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  updatedBy: t.updatedBy,
  updatedAt: t.updatedAt,
});

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
 * What a commit does to each credit code it names: `old` is the stored target (undefined if none);
 * return `old` itself to leave it, a new target to write, or undefined to have none. `index` is the
 * code's place in the sorted list given to commitTargets.
 */
export type TargetEdit = (old: StoredTarget | undefined, index: number) => StoredTarget | undefined;

/**
 * One pass over the head's chunks in order, merged with the sorted `codes` and cut into new chunks as it
 * goes: memory holds one stored chunk and the one being cut, never the whole registry twice (200,000
 * targets and their import's rows together passed 500 MB). Null if a chunk was retired meanwhile.
 */
async function mergePass(
  models: Models,
  head: Head,
  codes: readonly string[],
  edit: TargetEdit,
  ahead: Map<string, Buffer>,
) {
  const stored = new Set(head.chunks.map((c) => c.id));
  const chunker = new Chunker<StoredTarget>((t) => t.creditCode);
  const ready: StoredTarget[][] = [];
  const chunks: ChunkRef[] = [];
  let count = 0;
  let changed = false;
  let last: string | undefined;
  const emit = (t: StoredTarget) => {
    if (last !== undefined && !(last < t.creditCode))
      throw new Error(`target ${t.creditCode} twice or out of order in one commit`);
    last = t.creditCode;
    count++;
    const done = chunker.push(t);
    if (done) ready.push(done);
  };
  const apply = (old: StoredTarget | undefined, index: number) => {
    const next = edit(old, index);
    if (next !== old) changed = true;
    if (next) emit(next);
  };
  const write = async () => {
    for (const entries of ready.splice(0)) {
      chunks.push({
        id: await putChunk(models.TargetChunk, entries.map(canonical), stored),
        first: entries[0]!.creditCode,
        last: entries[entries.length - 1]!.creditCode,
        count: entries.length,
      });
    }
  };
  const missing = [...stored].filter((id) => !ahead.has(id));
  const raw =
    missing.length > 0 ? await readRawChunks(models.TargetChunk, missing) : new Map<string, Buffer>();
  for (const id of stored) {
    const packed = ahead.get(id);
    if (packed) raw.set(id, packed);
    ahead.delete(id); // held once: a pass run again reads what it needs
  }
  if (raw.size < stored.size) return null;
  let k = 0;
  for (const [n, ref] of head.chunks.entries()) {
    const final = n === head.chunks.length - 1;
    const aligned = chunker.pending === 0;
    // Chunks end where the cut put them: one no code falls in, starting where the last one ended, comes
    // out the same. Kept as it is, not even read (the last one unless nothing follows it).
    if (aligned && (k >= codes.length || (codes[k]! > ref.last && !final))) {
      chunks.push(ref);
      count += ref.count;
      last = ref.last;
      continue;
    }
    const entries = unpackChunk<StoredTarget>(models.TargetChunk, raw, ref.id)!;
    raw.delete(ref.id);
    // Merged aside first: a chunk every code of which is unchanged (a re-import) keeps its id when it
    // starts where the cut is, without hashing each key for the cut again.
    const merged: StoredTarget[] = [];
    let dirty = false;
    const take = (old: StoredTarget | undefined, index: number) => {
      const next = edit(old, index);
      if (next !== old) dirty = true;
      if (next) merged.push(next);
    };
    for (const t of entries) {
      while (k < codes.length && codes[k]! < t.creditCode) take(undefined, k++);
      if (k < codes.length && codes[k] === t.creditCode) take(t, k++);
      else merged.push(t);
    }
    if (aligned && !dirty && (!final || k >= codes.length)) {
      chunks.push(ref);
      count += ref.count;
      last = ref.last;
      continue;
    }
    if (dirty) changed = true;
    for (const t of merged) emit(t);
    await write();
  }
  // Codes after the last stored chunk (all of a first import): each chunk written as soon as it is
  // cut, or 200,000 new targets and their chunks would be held at once (~350 MB).
  while (k < codes.length) {
    apply(undefined, k++);
    if (ready.length > 0) await write();
  }
  const rest = chunker.end();
  if (rest) ready.push(rest);
  await write();
  return { chunks, count, changed };
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
