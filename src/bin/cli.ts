import { loadConfig, ConfigError } from '../config/load-config';
import type { Config } from '../config/schema';
import { connectDb, type Db } from '../adapters/db/connect';
import { upgradeStore } from '../services/upgrade-store';
import { DomainError } from '../domain/errors';
import { startServices, type Services } from '../harness/services';

/**
 * Runs a command-line tool with configuration, services and the database, and one error boundary:
 * configuration and domain errors print their Chinese message and exit 1; anything else is a bug.
 */
export async function runCli(
  main: (ctx: { config: Config; services: Services; db: Db }) => Promise<number | void>,
): Promise<void> {
  let services: Services | undefined;
  let db: Db | undefined;
  let code: number;
  try {
    const config = loadConfig();
    services = await startServices(config);
    db = await connectDb(services.mongoUri);
    // What the bot does at start: a tool run first on an older database finds what it reads by key too.
    await upgradeStore(db.models);
    code = (await main({ config, services, db })) ?? 0;
  } catch (err) {
    code = 1;
    if (err instanceof ConfigError || err instanceof DomainError) console.error(`错误：${err.message}`);
    else console.error(err);
  } finally {
    await db?.close();
    await services?.stop();
  }
  process.exitCode = code;
}
