import { Schema, type Connection } from 'mongoose';

/**
 * Change stamps: one small document per thing kept ready from data others may change (the public page's
 * publications held in each process, an item's pool snapshot), set to a new value after each change. A
 * reader notes the value before it reads the data and reads again when the value differs: one read by
 * `_id` tells it its copy is current. Only ever `$set`, and never beside other fields: FerretDB writes a
 * document whole as it read it, and concurrent writers each leave a value no reader has seen.
 */
const stampSchema = new Schema(
  {
    /** What changed: `public-page`, `pool:<item code>`. */
    _id: { type: String, required: true },
    value: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'stamps', versionKey: false },
);

export const stampModel = (conn: Connection) => conn.model('Stamp', stampSchema);
