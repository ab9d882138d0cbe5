import { randomBytes } from 'node:crypto';
import { startFerretDb, storageFrom } from '../src/harness/ferretdb';

/**
 * One FerretDB for the whole run (unless MONGODB_URI names a real server; on SQLite, or on a private
 * PostgreSQL database with DB_BACKEND=postgres) and one Redis key prefix
 * per run. Workers inherit these variables; each test file then takes its own database and prefix.
 */
export default async function globalSetup(): Promise<void> {
  process.env.TEST_RUN_ID = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  process.env.TEST_REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  const mongo = await startFerretDb({ storage: storageFrom(process.env) });
  process.env.TEST_MONGODB_URI = mongo.uri;
  (globalThis as { __ferretdb?: typeof mongo }).__ferretdb = mongo;
}
