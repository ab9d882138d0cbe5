import { connectDb } from '../adapters/db/connect';
import { createHttpServers, listen, type ReadinessCheck, type Route } from '../adapters/http/server';
import { publicRoutes } from '../app/public-page';
import { startBot, WEBHOOK_PATH } from '../app/bot';
import { connectRedis } from '../adapters/queue/redis';
import { ConfigError, loadConfig, loadScheduleConfig } from '../config/load-config';
import { shanghaiDate } from '../domain/calendar';
import { startServices } from '../harness/services';
import { approvedPlan } from '../services/plans';
import { configSecrets, createLogger } from '../adapters/log';
import { createMetrics, metricsRoute } from '../adapters/metrics';

/**
 * The bot process: configuration, MongoDB, Redis, plans due to take effect, the HTTP surface
 * and, with Feishu credentials, the bot over the configured transport. SIGTERM/SIGINT stop intake
 * first, then let running jobs finish, then close connections.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger({ level: config.LOG_LEVEL, secrets: configSecrets(config) });
  const metrics = createMetrics({ processMetrics: true });
  const schedule = loadScheduleConfig(config.SCHEDULE_FILE);
  const services = await startServices(config);
  const db = await connectDb(services.mongoUri);
  const redis = await connectRedis(services.redisUrl);
  // Plans are decided in chat (the office sends, the 组长 approves); one due today takes effect with the
  // day's planning (enqueued at start-up too), which also hands open reviews to a new 责任人.
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  if (!(await approvedPlan(db.models, year)))
    log.warn(
      `${year} 年度计划尚未批准：请领导小组办公室在飞书中向机器人发送计划文件（或 npm run plan -- import 文件），由领导小组组长在审批卡片上批准`,
    );

  // The public port: the public page (一公开) and, in webhook mode, the Feishu event URL (mounted below).
  // The operators' port (loopback by default): /readyz and /metrics. /healthz on both.
  const routes: Record<string, Route> = publicRoutes(db.models);
  const checks: Record<string, ReadinessCheck> = {
    mongodb: async () => void (await db.conn.db!.admin().command({ ping: 1 })),
    redis: async () => void (await redis.ping()),
  };
  const servers = createHttpServers({ routes, checks, metrics: metricsRoute(metrics) });
  const port = await listen(servers.public, config.HTTP_PORT, '0.0.0.0');
  const opsPort = await listen(servers.ops, config.OPS_PORT, config.OPS_HOST);
  const ops = `http://${config.OPS_HOST.includes(':') ? `[${config.OPS_HOST}]` : config.OPS_HOST}:${opsPort}`;
  log.info(
    { port, opsPort, opsHost: config.OPS_HOST, mode: config.APP_MODE, role: config.BOT_ROLE },
    `抽查助手已启动：${ops}/readyz`,
  );
  log.info(
    `公示页面（一公开）：http://127.0.0.1:${port}/public；运维（就绪检查与指标）：${ops}/readyz、${ops}/metrics`,
  );

  // The bot itself, when Feishu credentials are configured (production requires them; see config).
  const bot =
    config.FEISHU_APP_ID && config.FEISHU_APP_SECRET
      ? await startBot({
          models: db.models,
          app: {
            appId: config.FEISHU_APP_ID,
            appSecret: config.FEISHU_APP_SECRET,
            domain: config.FEISHU_DOMAIN,
          },
          redis: { url: services.redisUrl, prefix: config.REDIS_PREFIX },
          transport:
            config.FEISHU_EVENT_TRANSPORT === 'webhook'
              ? {
                  kind: 'webhook',
                  encryptKey: config.FEISHU_ENCRYPT_KEY!,
                  verificationToken: config.FEISHU_VERIFICATION_TOKEN!,
                  answerChallenges: config.FEISHU_WEBHOOK_CHALLENGE === 'on',
                  routes,
                }
              : { kind: 'ws' },
          onError: (err, context) => log.error({ ...context, err }, '处理失败'),
          schedule,
          scheduleTrigger: true,
          metrics,
          log,
          role: config.BOT_ROLE,
        })
      : null;
  if (bot) checks.feishu = bot.feishuReady;
  if (!bot) log.warn('未配置 FEISHU_APP_ID / FEISHU_APP_SECRET：只提供健康检查，不连接飞书。');
  else if (config.FEISHU_EVENT_TRANSPORT === 'webhook')
    log.info(`飞书事件与卡片回调地址：<本机外网地址>${WEBHOOK_PATH}`);

  const stop = async (signal: string) => {
    log.info({ signal }, '正在停止：不再接收事件，等待处理中的事件与任务完成');
    checks.shutdown = () => Promise.reject(new Error('stopping'));
    await bot?.stop();
    await Promise.all([servers.public, servers.ops].map((s) => new Promise((resolve) => s.close(resolve))));
    redis.disconnect();
    await db.close();
    await services.stop();
    log.info('已停止');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
