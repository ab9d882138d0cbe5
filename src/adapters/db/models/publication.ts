import { Schema, type Connection, type InferSchemaType } from 'mongoose';
import { PUBLICATION_KINDS } from '../../../domain/publication';
import { auditFields } from '../audit-fields';

/**
 * 一公开: what the public may see of a plan, a dispatched draw or a reviewed result, frozen as published.
 * `_id` is the key (`plan-2026`, `draw-<drawNo>`, `result-<taskNo>`): FerretDB filters only `_id` in SQL,
 * and one document per subject makes publishing a single atomic update.
 */
const publicationSchema = new Schema(
  {
    _id: { type: String, required: true },
    ...auditFields,
    kind: { type: String, required: true, enum: PUBLICATION_KINDS },
    year: { type: Number, required: true },
    itemCode: { type: String, default: null },
    itemName: { type: String, default: null },
    unitName: { type: String, default: null },
    /** The year, the draw number or the task number. */
    subject: { type: String, required: true },
    status: { type: String, required: true, enum: ['pending', 'published'] },
    /** When it became publishable (a result: the day its review was accepted). */
    readyOn: { type: String, required: true },
    /** 公示期限: results only, `readyOn` + the configured working days. */
    dueBy: { type: String, default: null },
    publishedOn: { type: String, default: null },
    publishedAt: { type: Date, default: null },
    publishedBy: { type: String, default: null },
    /** Only public fields (src/domain/publication.ts decides which): plan, draw or result. */
    content: { type: Schema.Types.Mixed, required: true },
    /** Lower-cased names and credit codes, for the public page's search. */
    searchText: { type: String, default: '' },
  },
  { timestamps: true, collection: 'publications', minimize: false },
);
publicationSchema.index({ kind: 1, year: 1 });

export type PublicationDoc = InferSchemaType<typeof publicationSchema>;
export const publicationModel = (conn: Connection) => conn.model('Publication', publicationSchema);
