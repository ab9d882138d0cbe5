import type { Config } from '../config/schema';
import { startFerretDb } from './ferretdb';

export interface Services {
  mongoUri: string;
  /** True when we started an embedded FerretDB (demo, tests, benchmarks) rather than using MONGODB_URI. */
  embeddedMongo: boolean;
  redisUrl: string;
  stop(): Promise<void>;
}

/**
 * The real services every entry point needs: MONGODB_URI if configured (production: real MongoDB),
 * otherwise an embedded FerretDB; Redis from REDIS_URL (default: the local server).
 */
export async function startServices(config: Pick<Config, 'MONGODB_URI' | 'REDIS_URL'>): Promise<Services> {
  if (config.MONGODB_URI) {
    return {
      mongoUri: config.MONGODB_URI,
      embeddedMongo: false,
      redisUrl: config.REDIS_URL,
      stop: async () => {},
    };
  }
  const mongo = await startFerretDb();
  return { mongoUri: mongo.uri, embeddedMongo: true, redisUrl: config.REDIS_URL, stop: mongo.stop };
}
