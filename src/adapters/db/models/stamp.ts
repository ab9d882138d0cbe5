import { Schema, type Connection } from 'mongoose';

/**
 * Change stamps: one small document per thing a process keeps in memory and other processes may change
 * (the public page's publications), set to a new value after each change. A reader notes the value
 * before it reads the data and reads again when the value differs: one read by `_id` tells a replica its
 * copy is current. Only ever `$set`: concurrent writers each leave a value no reader has seen.
 */
const stampSchema = new Schema(
  {
    /** What changed: `public-page`. */
    _id: { type: String, required: true },
    value: { type: String, required: true },
    at: { type: Date, required: true },
  },
  { collection: 'stamps', versionKey: false },
);

export const stampModel = (conn: Connection) => conn.model('Stamp', stampSchema);
