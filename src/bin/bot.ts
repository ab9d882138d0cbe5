import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { connectDb } from '../adapters/db/connect';
import { createHttpServer } from '../adapters/http/server';
import { connectRedis } from '../adapters/queue/redis';
import { ConfigError, loadConfig } from '../config/load-config';
import { shanghaiDate } from '../domain/calendar';
import { readPlanTemplate } from '../adapters/plan-file';
import { startServices } from '../harness/services';
import { seedPlan } from '../services/seed-plan';

/**
 * The bot process: configuration, MongoDB, Redis, the plan of this year and the next, and the HTTP
 * surface. The Feishu transports, router and schedules attach here as they land. SIGTERM/SIGINT stop
 * intake first, then close connections.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const services = await startServices(config);
  const db = await connectDb(services.mongoUri);
  const redis = await connectRedis(services.redisUrl);
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  await seedPlan(db.models, readPlanTemplate(), [year, year + 1], 'system:start', new Date());

  const server = createHttpServer({
    mongodb: async () => void (await db.conn.db!.admin().command({ ping: 1 })),
    redis: async () => void (await redis.ping()),
  });
  server.listen(config.HTTP_PORT, '0.0.0.0');
  await once(server, 'listening');
  console.log(
    `抽查助手已启动：http://127.0.0.1:${(server.address() as AddressInfo).port}/readyz（${config.APP_MODE}）`,
  );

  const stop = async (signal: string) => {
    console.log(`收到 ${signal}，正在停止…`);
    await new Promise((resolve) => server.close(resolve));
    redis.disconnect();
    await db.close();
    await services.stop();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
