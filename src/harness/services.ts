import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema';
import { startFerretDb, waitForPing } from './ferretdb';

export interface Services {
  mongoUri: string;
  /** How the database was found: MONGODB_URI, an embedded FerretDB we started, or one another process runs. */
  mongoSource: 'configured' | 'embedded' | 'shared';
  redisUrl: string;
  stop(): Promise<void>;
}

/**
 * The real services every entry point needs: MONGODB_URI if configured (production: real MongoDB),
 * otherwise an embedded FerretDB whose data persists in `<DATA_DIR>/ferretdb` (or, with DB_BACKEND=postgres,
 * in POSTGRES_URL's database). A second process (the
 * import CLI beside a running demo) reuses the running server rather than opening the same files.
 */
export async function startServices(
  config: Pick<Config, 'MONGODB_URI' | 'REDIS_URL' | 'DATA_DIR' | 'DB_BACKEND' | 'POSTGRES_URL'>,
): Promise<Services> {
  const redisUrl = config.REDIS_URL;
  if (config.MONGODB_URI)
    return { mongoUri: config.MONGODB_URI, mongoSource: 'configured', redisUrl, stop: async () => {} };

  const dataDir = resolve(config.DATA_DIR);
  const marker = join(dataDir, 'ferretdb.json');
  const running = readMarker(marker);
  if (running) {
    try {
      await waitForPing(running.uri, 1500);
      return { mongoUri: running.uri, mongoSource: 'shared', redisUrl, stop: async () => {} };
    } catch {
      // Stale marker from a process that died: start our own below.
    }
  }
  const mongo = await startFerretDb({ dataDir: join(dataDir, 'ferretdb'), storage: config });
  try {
    // On PostgreSQL nothing else creates DATA_DIR, which the marker lives in.
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(marker, JSON.stringify({ uri: mongo.uri, pid: mongo.pid }));
  } catch (err) {
    await mongo.stop(); // no server left running that no marker names
    throw err;
  }
  return {
    mongoUri: mongo.uri,
    mongoSource: 'embedded',
    redisUrl,
    stop: async () => {
      rmSync(marker, { force: true });
      await mongo.stop();
    },
  };
}

function readMarker(file: string): { uri: string; pid: number } | null {
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as { uri: string; pid: number };
    process.kill(m.pid, 0); // throws if no such process
    return m;
  } catch {
    return null;
  }
}
