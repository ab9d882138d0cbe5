import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { chunkSchema } from './pool';

/**
 * 检查对象名录库, stored as the list of all targets in credit-code order cut into content-addressed chunks
 * (`target_chunks`, like a pool snapshot's) and one head citing them (`target_registry`, `_id` 'targets').
 * FerretDB stores and reads a document per target slowly (100,000 targets: 7 s to insert, ~4 s to find one
 * by anything but `_id` on SQLite); as ~25 gzip'd chunks they are written in 0.4 s and read whole in 0.2 s,
 * and an import that changes a few targets rewrites only their chunks. A change is committed by claiming
 * the receipt of the head's next `rev` (src/services/target-registry.ts).
 */
const targetChunkSchema = chunkSchema('target_chunks');

/** One chunk as the head cites it: its id, its first and last credit codes (a lookup reads one chunk). */
const chunkRefSchema = new Schema(
  {
    id: { type: String, required: true },
    first: { type: String, required: true },
    last: { type: String, required: true },
    count: { type: Number, required: true },
  },
  { _id: false },
);

const targetRegistrySchema = new Schema(
  {
    _id: { type: String, required: true },
    /** Commits so far; the next is claimed as receipt `targets:rev:<rev + 1>`. */
    rev: { type: Number, default: 0 },
    chunks: { type: [chunkRefSchema], default: [] },
    count: { type: Number, default: 0 },
    /** Chunks the last commit stopped citing: deleted by the next (a reader of the old head may need them). */
    retired: { type: [String], default: [] },
    updatedAt: { type: Date, default: null },
  },
  { collection: 'target_registry', versionKey: false },
);

/**
 * A target's last accepted inspection for an item (the no-repeat window and rotation read it), keyed
 * `<itemCode>:<creditCode>`: written when a result is accepted, without rewriting the target's chunk.
 */
const lastInspectionSchema = new Schema(
  {
    _id: { type: String, required: true },
    itemCode: { type: String, required: true },
    creditCode: { type: String, required: true },
    date: { type: String, required: true },
    drawNo: { type: String, required: true },
    inspectorKeys: { type: [String], default: [] },
  },
  { collection: 'last_inspections', versionKey: false },
);

export type TargetRegistryDoc = InferSchemaType<typeof targetRegistrySchema>;
export type LastInspectionDoc = InferSchemaType<typeof lastInspectionSchema>;
export const targetChunkModel = (conn: Connection) => conn.model('TargetChunk', targetChunkSchema);
export const targetRegistryModel = (conn: Connection) => conn.model('TargetRegistry', targetRegistrySchema);
export const lastInspectionModel = (conn: Connection) => conn.model('LastInspection', lastInspectionSchema);
