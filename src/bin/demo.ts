import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { shanghaiDate } from '../domain/calendar';
import { readPlanTemplate } from '../adapters/plan-file';
import { ITEM_CATEGORIES } from '../domain/plan-template';
import { loadDemoScenario } from '../demo/demo-scenario';
import { resolveDemoPorts } from '../demo/demo-ports';
import { runCli } from './cli';
import { createHttpServers } from '../adapters/http/server';
import { publicRoutes } from '../app/public-page';
import { createMetrics, metricsRoute } from '../adapters/metrics';
import { startBot } from '../app/bot';
import { businessClock } from '../demo/business-clock';
import { loadScheduleConfig } from '../config/load-config';
import { DEMO_APP, demoWorld } from '../../emulator/seed';
import { startEmulator } from '../../emulator/server';
import { DomainError } from '../domain/errors';
import { allTargets } from '../services/target-registry';

/**
 * The demo on embedded defaults: FerretDB + the local Redis, the reference plan, and deterministic
 * demo pools written as xlsx and loaded through the real importer, the year laid around the start day
 * (src/demo/demo-scenario.ts). Prints what was loaded and every address.
 * Flags: `--port N` (console; DEMO_PORT), `--http-port N` (HTTP_PORT), `--ops-port N` (OPS_PORT), `--fresh`.
 */
void runCli(async ({ config, services, db }) => {
  const { models } = db;
  const argv = process.argv.slice(2);
  // The entry point hands the demo's own variables on; the bot's configuration stays with loadConfig.
  const ports = await resolveDemoPorts(argv, {
    DEMO_PORT: process.env.DEMO_PORT,
    HTTP_PORT: process.env.HTTP_PORT,
    OPS_PORT: process.env.OPS_PORT,
  });
  const template = readPlanTemplate();
  const today = shanghaiDate(new Date());
  const dir = join(resolve(config.DATA_DIR), 'demo');
  mkdirSync(dir, { recursive: true });
  if (argv.includes('--fresh')) {
    if (services.mongoSource === 'configured')
      throw new DomainError('DEMO', '--fresh 只清空内嵌 FerretDB 的演示数据；设置了 MONGODB_URI 时不清空');
    await db.conn.dropDatabase();
  }
  // A database with draws holds a demo already under way (data stays between runs): it is kept as it is.
  const resumed = (await models.Draw.countDocuments({})) > 0;
  const scenario = resumed ? null : await loadDemoScenario(models, dir, today);
  const year = scenario?.year ?? Number(today.slice(0, 4));
  const plan = scenario?.plan ?? (await models.AnnualPlan.findOne({ year }).lean());
  if (!plan)
    throw new DomainError(
      'DEMO',
      `数据库中已有抽查数据，但没有 ${year} 年度计划；用 npm run demo -- --fresh 重新布置演示`,
    );
  const items = await models.Item.find({}).sort({ seq: 1 }).lean();
  const itemName = (code: string) => items.find((i) => i.code === code)?.targetType ?? code;

  const lines = [
    `双随机、一公开 抽查助手 — 演示数据（${template.bureau.name}，依据 ${template.document.number}）`,
    `数据库：${databaseText(services.mongoSource, config)}；Redis：${services.redisUrl}`,
    '',
    `${year} 年度抽查计划：`,
  ];
  const targets = await allTargets(models);
  for (const item of items) {
    const planned = plan.items.find((p) => p.itemCode === item.code);
    if (!planned) continue;
    const pool = targets.filter((t) => t.itemCodes.includes(item.code));
    const open = pool.filter((t) => t.status === 'open').length;
    const all = pool.length;
    lines.push(
      `  ${item.seq}. ${item.name}｜${ITEM_CATEGORIES[item.category as keyof typeof ITEM_CATEGORIES]}｜比例 ${item.ratioText}｜${item.frequencyText}｜${item.methods.join('、')}`,
      `     责任局领导 ${item.section.leader}，责任单位 ${item.section.unit}，责任人 ${item.section.responsiblePerson}；` +
        `对象库 ${all} 户（正常经营 ${open} 户）`,
      ...planned.rounds.map((r) => `     第 ${r.round} 轮：${r.drawBy} 前抽取，${r.deadline} 前完成`),
    );
  }
  if (plan.discrepancies.length) {
    lines.push('', '清单与方案第四部分不一致之处（以清单为准）：');
    for (const d of plan.discrepancies)
      lines.push(`  ${itemName(d.itemCode ?? '')}：清单 ${d.list}，方案 ${d.sectionFour}`);
  }
  const people = await models.Person.countDocuments({ active: true, roles: 'inspector' });
  if (scenario) {
    const { targets, officers, files } = scenario;
    lines.push(
      '',
      `名录导入：检查对象 新增 ${targets.created} / 更新 ${targets.updated} / 未变 ${targets.unchanged}；` +
        `执法检查人员 新增 ${officers.created} / 更新 ${officers.updated} / 未变 ${officers.unchanged}（在岗 ${people} 人）`,
      `演示名录文件：${files.targets}、${files.officers}`,
      '',
      `演示场景（以今天 ${today} 为准）：娱乐场所 待抽取（几个工作日内到抽取日期）；` +
        `旅馆业 已派发（${scenario.draws.inProgress}），任务几个工作日内到期，部分已填报待审核；` +
        `民爆 已完成（${scenario.draws.done}），部分结果已公示，其余待公示。`,
    );
  } else
    lines.push(
      '',
      `沿用上次演示的数据（在岗检查人员 ${people} 人）；从今天重新布置演示：npm run demo -- --fresh`,
    );
  console.log(lines.join('\n'));

  // The bot, wired to the project's Feishu emulator over the long connection, as it would be to Feishu.
  // The console can move the bot's clock forward a day at a time (the emulator's stays real).
  const schedule = loadScheduleConfig(config.SCHEDULE_FILE);
  const clock = businessClock(() => bot.queue, schedule.runAt);
  const emulator = await startEmulator({
    apps: [DEMO_APP],
    ...demoWorld(),
    port: ports.console,
    businessClock: clock,
  });
  const metrics = createMetrics({ processMetrics: true });
  const bot = await startBot({
    models,
    app: { appId: DEMO_APP.appId, appSecret: DEMO_APP.appSecret, domain: emulator.url },
    redis: { url: services.redisUrl, prefix: config.REDIS_PREFIX },
    onError: (err) => console.error('处理失败：', err),
    now: clock.date,
    schedule,
    scheduleTrigger: true,
    metrics,
  });
  // The bot's HTTP surface: the public page (一公开) on the bot's clock; the operators' checks and metrics
  // on a port of their own (loopback), as in the bot process.
  const http = createHttpServers({
    routes: publicRoutes(models, { bureauName: template.bureau.name, now: clock.date }),
    checks: {
      mongodb: async () => void (await db.conn.db!.admin().command({ ping: 1 })),
      redis: async () => void (await bot.queue.queue.getJobCounts('wait')),
      feishu: bot.feishuReady,
    },
    metrics: metricsRoute(metrics),
  });
  const httpPort = await listenDemoHttp(http.public, ports.http);
  const opsPort = await listenDemoHttp(http.ops, ports.ops);
  console.log(
    `\n聊天控制台：${emulator.url}/?user=彭世杰 （可切换用户，例如 赵晓辉；发送 /抽查 娱乐场所 或 /帮助 试试）` +
      `\n控制台右上角的「业务时间」可把机器人的时钟拨快一天或一周，观看到期提醒与逾期督办。` +
      `\n公示页面（一公开）：http://127.0.0.1:${httpPort}/public （年度计划、抽取的验证数据与记录下载、已公示的抽查结果）` +
      `\n运维（仅本机）：http://127.0.0.1:${opsPort}/readyz 、http://127.0.0.1:${opsPort}/metrics` +
      `\n端口：控制台 ${ports.console}（--port / DEMO_PORT）、公示页面 ${httpPort}（--http-port / HTTP_PORT）、运维 ${opsPort}（--ops-port / OPS_PORT）` +
      `\n按 Ctrl+C 退出。`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await bot.stop();
  await Promise.all([http.public, http.ops].map((s) => new Promise((resolve) => s.close(resolve))));
  await emulator.stop();
});

/** One of the bot's HTTP servers on `port` (loopback, resolved free just before); returns the port. */
async function listenDemoHttp(server: Server, port: number): Promise<number> {
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

function databaseText(
  source: string,
  config: { DATA_DIR: string; DB_BACKEND: string; POSTGRES_URL: string },
): string {
  if (source === 'configured') return 'MONGODB_URI';
  if (config.DB_BACKEND === 'postgres')
    return `内嵌 FerretDB，存于 PostgreSQL ${new URL(config.POSTGRES_URL).pathname.slice(1)} 库`;
  return `内嵌 FerretDB（${config.DATA_DIR}/ferretdb）`;
}
