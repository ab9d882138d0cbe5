import mongoose, { type Connection } from 'mongoose';
import { createModels, type Models } from './models';

export interface Db {
  conn: Connection;
  models: Models;
  close(): Promise<void>;
}

/**
 * Connects to MongoDB (or FerretDB) and builds every index before returning, so unique keys hold
 * from the first write. `dbName` overrides the URI's database (tests use one database per file).
 * `monitorCommands`: the driver emits an event per command (the benchmark times them).
 */
export async function connectDb(
  uri: string,
  dbName?: string,
  opts: { monitorCommands?: boolean } = {},
): Promise<Db> {
  const conn = mongoose.createConnection(uri, {
    ...(dbName ? { dbName } : {}),
    autoIndex: false,
    serverSelectionTimeoutMS: 5000,
    ...(opts.monitorCommands ? { monitorCommands: true } : {}),
  });
  await conn.asPromise();
  const models = createModels(conn);
  await Promise.all(Object.values(models).map((m) => m.createIndexes()));
  return { conn, models, close: () => conn.close() };
}
