import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { plainTargets } from '../../src/demo/demo-pools';
import { putChunk, putChunkJson } from '../../src/adapters/db/chunk-store';
import { canonicalPool } from '../../src/domain/draw/v2/protocol';
import { TARGET_RULES_VERSION } from '../../src/domain/draw/v2/schema';
import {
  buildPool,
  currentPool,
  markPoolsChanged,
  POOL_FORMAT,
  readPoolRuns,
  stalePools,
} from '../../src/services/pool-snapshots';
import { writeTargetChanges } from '../../src/services/pool-writes';
import { patchTarget, poolTargets } from '../helpers/targets';
import { proposeDraw } from '../../src/services/draws';
import { poolOf, writeParts } from '../../src/services/draw-parts';
import { loadDemoData } from '../../src/demo/load-demo';
import { useTestDb } from '../helpers/services';
import { useTempDir } from '../helpers/sheets';

const now = new Date('2026-11-26T02:00:00Z');
const ITEM = 'hotels';

/** `n` plain targets of the item, written to the registry. */
async function insertTargets(models: ReturnType<ReturnType<typeof useTestDb>>['models'], n: number) {
  const targets = plainTargets({ itemCode: ITEM, count: n, from: 700_000_000, name: '快照测试旅馆' });
  await writeTargetChanges(models, targets, 'test', now);
}

describe('pool snapshots: built once, drawn from, shared where unchanged', () => {
  const db = useTestDb();
  const dir = useTempDir();
  beforeAll(async () => {
    await loadDemoData(db().models, dir(), 2026, now);
    await insertTargets(db().models, 12_000);
  }, 120_000);

  it('builds the snapshot from the targets, then reads it from its chunks with the same content', async () => {
    const { models } = db();
    const built = await currentPool(models, ITEM);
    const targets = await poolTargets(models, ITEM);
    expect(built.pool).toHaveLength(targets.length);
    const codes = built.pool.map((e) => e.creditCode);
    expect(codes).toEqual([...codes].sort());
    expect(built.chunks.length).toBeGreaterThan(1);
    expect(built.addressChunks).toHaveLength(built.chunks.length);
    // The canonical JSON read with it is the pool's, byte for byte (what the proposal hashes).
    expect(Buffer.concat(built.json).equals(canonicalPool(built.pool))).toBe(true);
    const head = (await models.Pool.findOne({ _id: ITEM }).lean())!;
    expect(head.builtStamp).toBe((await models.Stamp.findOne({ _id: `pool:${ITEM}` }).lean())?.value ?? '');
    expect(head.format).toBe(POOL_FORMAT);
    const read = await currentPool(models, ITEM);
    expect(read).toEqual(built);
    expect(Buffer.concat(read.json).equals(canonicalPool(read.pool))).toBe(true);
    expect(await models.PoolChunk.countDocuments({})).toBeGreaterThanOrEqual(built.chunks.length);
  });

  it('goes stale when the targets change through the bot, and the new snapshot shares every chunk it can', async () => {
    const { models } = db();
    const before = await currentPool(models, ITEM);
    const others = before.pool.filter((e) => e.creditLevel !== 'A');
    const one = others[Math.floor(others.length / 2)]!;
    await patchTarget(models, one.creditCode, { creditLevel: 'A' });
    const after = await currentPool(models, ITEM);
    expect(after.pool.find((e) => e.creditCode === one.creditCode)!.creditLevel).toBe('A');
    expect(after.chunks).toHaveLength(before.chunks.length);
    expect(after.chunks.filter((c) => !before.chunks.includes(c))).toHaveLength(1);
    expect(after.addressChunks).toEqual(before.addressChunks); // no address changed
  });

  it('loses no change made while a build stores its head: the next read builds again', async () => {
    const { models } = db();
    await currentPool(models, ITEM);
    const stamp = async () => (await models.Stamp.findOne({ _id: `pool:${ITEM}` }).lean())?.value ?? '';
    // A build that read the stamp before these changes stores its head while they are being marked
    // (FerretDB writes a document whole: a counter beside the head lost such marks).
    const read = await stamp();
    await Promise.all([
      buildPool(models, ITEM, read),
      ...Array.from({ length: 10 }, () => markPoolsChanged(models, [ITEM])),
    ]);
    expect(await stamp()).not.toBe(read);
    expect((await stalePools(models)).map((p) => p.itemCode)).toContain(ITEM);
    const head = async () =>
      (await models.Pool.findOne({ _id: ITEM }, { builtStamp: 1, builtAt: 1 }).lean())!;
    const before = await head();
    await currentPool(models, ITEM);
    expect((await head()).builtStamp).toBe(await stamp());
    expect((await head()).builtAt).not.toEqual(before.builtAt);
    expect((await stalePools(models)).map((p) => p.itemCode)).not.toContain(ITEM);
  });

  it('refuses a chunk whose stored content no longer matches its id', async () => {
    const { models } = db();
    const { chunks } = await currentPool(models, ITEM);
    const victim = chunks[0]!;
    const original = (await models.PoolChunk.findOne({ _id: victim }).lean())!;
    const forged = Buffer.from(JSON.stringify([{ creditCode: 'X' }]));
    await models.PoolChunk.updateOne({ _id: victim }, { $set: { gzip: gzipSync(forged) } });
    await expect(readPoolRuns(models, chunks)).rejects.toThrow(`pool_chunks ${victim} does not match its id`);
    await models.PoolChunk.updateOne({ _id: victim }, { $set: { gzip: original.gzip } });
    await models.PoolChunk.deleteOne({ _id: victim });
    await expect(readPoolRuns(models, chunks)).rejects.toThrow(`pool chunk ${victim} is missing`);
    await models.PoolChunk.collection.insertOne(original as never);
    expect((await readPoolRuns(models, chunks)).pool).toHaveLength(
      (await currentPool(models, ITEM)).pool.length,
    );
  });

  it('checks the entries against the record rules once, when built; a snapshot built unchecked is checked by the proposal', async () => {
    const { models } = db();
    const propose = () =>
      proposeDraw(models, { year: 2026, itemCode: ITEM, round: 1, actor: 'name:彭世杰', now });
    const built = await currentPool(models, ITEM);
    expect(built.problem).toBeNull();
    const head = (await models.Pool.findOne({ _id: ITEM }).lean())!;
    expect(head).toMatchObject({ checkedVersion: TARGET_RULES_VERSION, problem: null });

    // A target the rules refuse (hand-edited): the rebuilt snapshot says which, the proposal refuses it.
    const victim = built.pool[3]!;
    await patchTarget(models, victim.creditCode, { creditLevel: 'Z' as never });
    const bad = await currentPool(models, ITEM);
    expect(bad.problem).toEqual({
      path: 'pool[3].creditLevel',
      message: expect.stringContaining('信用等级'),
    });
    await expect(propose()).rejects.toThrow(/名录数据不符合抽取要求（pool\[3\]\.creditLevel：/);
    await patchTarget(models, victim.creditCode, { creditLevel: victim.creditLevel });
    const good = await currentPool(models, ITEM);
    expect(good.problem).toBeNull();

    // A current snapshot checked under no rules (built before the check): the proposal checks its entries.
    const [first, ...rest] = good.chunks;
    const entries = (await readPoolRuns(models, [first!])).pool.map((e, i) =>
      i === 2 ? { ...e, name: '' } : e,
    );
    const forged = await putChunkJson(models.PoolChunk, canonicalPool(entries), entries.length);
    await models.Pool.updateOne(
      { _id: ITEM },
      { $set: { chunks: [forged, ...rest], checkedVersion: 0, problem: null } },
    );
    await expect(propose()).rejects.toThrow(/名录数据不符合抽取要求（pool\[2\]\.name：/);
    await models.Pool.updateOne(
      { _id: ITEM },
      { $set: { chunks: good.chunks, checkedVersion: TARGET_RULES_VERSION, problem: null } },
    );
    expect(await currentPool(models, ITEM)).toEqual(good);
  });

  it('lets a draw cite the snapshot instead of copying it', async () => {
    const { models } = db();
    let n = 0;
    const random = (size: number) =>
      Buffer.alloc(size, createHash('sha256').update(`pool-snapshots/${n++}`).digest());
    const proposed = await proposeDraw(models, {
      year: 2026,
      itemCode: ITEM,
      round: 1,
      actor: 'name:彭世杰',
      now,
      randomBytes: random,
    });
    expect(proposed.ok).toBe(true);
    const draw = (await models.Draw.findOne({ drawNo: proposed.draw.drawNo }).lean())!;
    expect(draw.poolChunks).toEqual((await currentPool(models, ITEM)).chunks);
    expect(draw.poolAddressChunks).toEqual((await currentPool(models, ITEM)).addressChunks);
    expect(draw.poolSize).toBe((await currentPool(models, ITEM)).pool.length);
    const kinds = (await models.DrawPart.find({ drawNo: draw.drawNo }, { kind: 1 }).lean()).map(
      (p) => p.kind,
    );
    expect(kinds).not.toContain('pool');
    expect(kinds).not.toContain('pool-addresses');
    expect(kinds).toContain('officers');

    // A draw stored before snapshots (its own copy of the pool in draw_parts, no poolChunks) reads the same.
    const cited = await poolOf(models, draw);
    await writeParts(models, draw.drawNo, draw.writer, 'pool', cited.pool);
    await writeParts(models, draw.drawNo, draw.writer, 'pool-addresses', cited.addresses);
    await models.Draw.updateOne({ drawNo: draw.drawNo }, { $unset: { poolChunks: 1 } });
    const legacy = (await models.Draw.findOne({ drawNo: draw.drawNo }).lean())!;
    expect(legacy.poolChunks).toBeUndefined();
    const { json, ...plain } = cited;
    expect(Buffer.concat(json!).equals(canonicalPool(cited.pool))).toBe(true);
    expect(await poolOf(models, legacy)).toEqual(plain);

    // A draw citing a format-1 snapshot (chunks of entries with their addresses) reads the same too.
    const old = await putChunk(
      models.PoolChunk,
      cited.pool.map((e, i) => ({ ...e, address: cited.addresses[i] })),
    );
    expect(await poolOf(models, { ...draw, poolChunks: [old], poolAddressChunks: [] })).toEqual(plain);
  });

  it('rebuilds a format-1 snapshot (entries with their addresses) as a stale one', async () => {
    const { models } = db();
    const current = await currentPool(models, ITEM);
    const old = await putChunk(models.PoolChunk, [{ ...current.pool[0], address: '旧地址' }]);
    await models.Pool.updateOne(
      { _id: ITEM },
      { $set: { chunks: [old], addressChunks: [] }, $unset: { format: 1 } },
    );
    expect(await currentPool(models, ITEM)).toEqual(current);
    expect((await models.Pool.findOne({ _id: ITEM }).lean())!.format).toBe(POOL_FORMAT);
  });
});
