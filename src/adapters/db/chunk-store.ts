import { gunzipSync, gzipSync } from 'node:zlib';
import type { Model } from 'mongoose';
import { sha256Hex } from '../../domain/draw/canonical';
import { bytesOf } from './binary';
import { asDuplicateError } from './errors';
import { byIds } from './numbered';

/** A collection of content-addressed chunks: `_id` the SHA-256 of the entries' JSON, the JSON gzip'd. */
export type ChunkModel = Model<{ _id: string; count: number; gzip: Buffer }>;

/**
 * Stores `entries` under the hash of their JSON, unless a chunk with that content is there already;
 * returns its id (`stored`: ids the caller knows are there). One gzip'd blob per chunk: FerretDB converts every field it reads, so one binary
 * field reads fastest (100,000 targets in ~25 chunks: written in 0.4 s, read in 0.2 s, where as
 * documents they took 7 s to write).
 */
export async function putChunk(
  model: ChunkModel,
  entries: readonly unknown[],
  stored: ReadonlySet<string> = new Set(),
): Promise<string> {
  return putChunkJson(model, Buffer.from(JSON.stringify(entries)), entries.length, stored);
}

/** `putChunk` of entries already serialised (a JSON array of `count` entries, as `unpackJson` gives back). */
export async function putChunkJson(
  model: ChunkModel,
  json: Buffer,
  count: number,
  stored: ReadonlySet<string> = new Set(),
): Promise<string> {
  const id = sha256Hex(json);
  if (stored.has(id)) return id; // known to be there: no insert to be refused
  try {
    await model.collection.insertOne({ _id: id as never, count, gzip: gzipSync(json) });
  } catch (err) {
    if (!asDuplicateError(err, model.collection.collectionName)) throw err; // the same content, stored before
  }
  return id;
}

/**
 * The chunks by id, each checked against its id (a changed chunk is refused); a missing one is absent
 * from the map (the caller decides whether that is an error or a retry).
 */
export async function readChunks<T>(model: ChunkModel, ids: readonly string[]): Promise<Map<string, T[]>> {
  return unpackAll<T>(model, await readRawChunks(model, ids));
}

/** Every chunk of a collection that holds only current data (a ledger), each checked against its id. */
export async function readAllChunks<T>(model: ChunkModel): Promise<Map<string, T[]>> {
  const docs = await model.find({}).lean();
  const name = model.collection.collectionName;
  return unpackAll<T>(model, new Map(docs.map((d) => [d._id, bytesOf(d.gzip, name)])));
}

const unpackAll = <T>(model: ChunkModel, raw: Map<string, Buffer>) =>
  new Map([...raw.keys()].map((id) => [id, unpackChunk<T>(model, raw, id)!]));

/**
 * The chunks by id still packed, each read by `_id` (`byIds`: an `$in` decodes every chunk ever kept):
 * unpack each with `unpackChunk` when it is needed, so a caller walking a large list holds it compressed
 * (~1/8 of its JSON) and one chunk's objects at a time.
 */
export async function readRawChunks(model: ChunkModel, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const found = await byIds(ids, (id) => model.findOne({ _id: id }).lean());
  return new Map([...found].map(([id, doc]) => [id, bytesOf(doc.gzip, model.collection.collectionName)]));
}

/** One packed chunk's entries, checked against its id; undefined if it is not among `raw`. */
export function unpackChunk<T>(model: ChunkModel, raw: Map<string, Buffer>, id: string): T[] | undefined {
  const json = unpackJson(model, raw, id);
  return json && (JSON.parse(json.toString('utf8')) as T[]);
}

/** One packed chunk's JSON as stored, checked against its id; undefined if it is not among `raw`. */
export function unpackJson(model: ChunkModel, raw: Map<string, Buffer>, id: string): Buffer | undefined {
  const gzip = raw.get(id);
  if (!gzip) return undefined;
  const json = gunzipSync(gzip);
  if (sha256Hex(json) !== id)
    throw new Error(`${model.collection.collectionName} ${id} does not match its id`);
  return json;
}
