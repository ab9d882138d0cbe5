import { Schema, type Connection, type InferSchemaType } from 'mongoose';

/**
 * Which task the photos and files a person sends next belong to: set by 上传现场材料 on a task card,
 * kept alive by each file attached, lapsing after EVIDENCE_WINDOW_MINUTES. `_id` the person's key: one
 * per person who ever uploaded, read by `_id` on each file they send.
 */
const uploadIntentSchema = new Schema(
  {
    _id: { type: String, required: true },
    taskNo: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { timestamps: true, collection: 'upload_intents' },
);

export type UploadIntentDoc = InferSchemaType<typeof uploadIntentSchema>;
export const uploadIntentModel = (conn: Connection) => conn.model('UploadIntent', uploadIntentSchema);
