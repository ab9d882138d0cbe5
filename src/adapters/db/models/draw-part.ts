import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * A draw's large lists, in chunks: the pool snapshot, the officer list, the declared conflicts of
 * the pool's targets and their addresses in pool order (DRAW-2; private), the selections and the
 * selected targets' addresses in selection order (for the task cards). A 100k pool
 * does not fit one 16 MB document, and chunks let a proposal be written in parallel batches.
 * `writer` is the process that wrote the chunk: one that crashed half-way leaves chunks under its own
 * writer id, never mixed into the draw's (the draw document names the proposal's writer, the
 * `draw:<no>:selected` receipt the selection's).
 */
const drawPartSchema = new Schema(
  {
    /** `<drawNo>|<writer>|<kind>|<part>` (since 2026-12; older parts have generated ids): see readParts. */
    _id: { type: String },
    drawNo: { type: String, required: true },
    writer: { type: String, required: true },
    kind: {
      type: String,
      required: true,
      enum: ['pool', 'officers', 'conflicts', 'pool-addresses', 'selections', 'addresses'],
    },
    part: { type: Number, required: true },
    /** How many parts the list has (since 2026-12, with keyed ids): part 0 says how many more to read. */
    of: { type: Number },
    /**
     * The entries as UTF-8 JSON in one binary field: both servers store and return a blob as is, where
     * thousands of subdocuments cost FerretDB a conversion each (measured: 10× slower to read back).
     */
    json: { type: Buffer, required: true },
    /** `json` is gzip'd (parts written since 2026-12; a 5,000-entry list shrinks ~15×). */
    gzip: { type: Boolean, default: false },
  },
  { collection: 'draw_parts', versionKey: false },
);
drawPartSchema.index({ drawNo: 1, writer: 1, kind: 1, part: 1 }, { unique: true });

export type DrawPartDoc = InferSchemaType<typeof drawPartSchema>;
export const drawPartModel = (conn: Connection) => conn.model('DrawPart', drawPartSchema);
