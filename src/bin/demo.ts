import { once } from 'node:events';
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { shanghaiDate } from '../domain/calendar';
import { readPlanTemplate } from '../adapters/plan-file';
import { ITEM_CATEGORIES } from '../domain/plan-template';
import { loadDemoData } from '../demo/load-demo';
import { runCli } from './cli';
import { createHttpServers } from '../adapters/http/server';
import { publicRoutes } from '../adapters/http/public-page';
import { createMetrics, metricsRoute } from '../adapters/metrics';
import { startBot } from '../bot';
import { businessClock } from '../demo/business-clock';
import { loadScheduleConfig } from '../config/load-config';
import { DEMO_APP, demoWorld } from '../../emulator/seed';
import { startEmulator, type BusinessClock, type Emulator } from '../../emulator/server';

/**
 * The demo on embedded defaults: FerretDB + the local Redis, the reference plan, and deterministic
 * demo pools written as xlsx and loaded through the real importer. Prints what was loaded.
 */
void runCli(async ({ config, services, db }) => {
  const { models } = db;
  const template = readPlanTemplate();
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  const dir = join(resolve(config.DATA_DIR), 'demo');
  mkdirSync(dir, { recursive: true });
  const { plan, targets, officers, files } = await loadDemoData(models, dir, year, new Date());
  const items = await models.Item.find({}).sort({ seq: 1 }).lean();
  const itemName = (code: string) => items.find((i) => i.code === code)?.targetType ?? code;

  const lines = [
    `双随机、一公开 抽查助手 — 演示数据（${template.bureau.name}，依据 ${template.document.number}）`,
    `数据库：${services.mongoSource === 'configured' ? 'MONGODB_URI' : `内嵌 FerretDB（${config.DATA_DIR}/ferretdb）`}；Redis：${services.redisUrl}`,
    '',
    `${year} 年度抽查计划：`,
  ];
  for (const item of items) {
    const planned = plan.items.find((p) => p.itemCode === item.code)!;
    const open = await models.Target.countDocuments({ itemCodes: item.code, status: 'open' });
    const all = await models.Target.countDocuments({ itemCodes: item.code });
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
      lines.push(`  ${itemName(d.itemCode)}：清单 ${d.list}，方案 ${d.sectionFour}`);
  }
  const people = await models.Person.countDocuments({ active: true, roles: 'inspector' });
  lines.push(
    '',
    `名录导入：检查对象 新增 ${targets.created} / 更新 ${targets.updated} / 未变 ${targets.unchanged}；` +
      `执法检查人员 新增 ${officers.created} / 更新 ${officers.updated} / 未变 ${officers.unchanged}（在岗 ${people} 人）`,
    `演示名录文件：${files.targets}、${files.officers}`,
  );
  console.log(lines.join('\n'));

  // The bot, wired to the project's Feishu emulator over the long connection, as it would be to Feishu.
  // The console can move the bot's clock forward a day at a time (the emulator's stays real).
  const schedule = loadScheduleConfig(config.SCHEDULE_FILE);
  const clock = businessClock(() => bot.queue, schedule.runAt);
  const emulator = await startDemoEmulator(clock);
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
  const httpPort = await listenDemoHttp(http.public, config.HTTP_PORT);
  const opsPort = await listenDemoHttp(http.ops, config.OPS_PORT);
  console.log(
    `\n聊天控制台：${emulator.url}/?user=彭世杰 （可切换用户，例如 赵晓辉；发送 /抽查 娱乐场所 或 /帮助 试试）` +
      `\n控制台右上角的「业务时间」可把机器人的时钟拨快一天或一周，观看到期提醒与逾期督办。` +
      `\n公示页面（一公开）：http://127.0.0.1:${httpPort}/public （年度计划、抽取的验证数据与记录下载、已公示的抽查结果）` +
      `\n运维（仅本机）：http://127.0.0.1:${opsPort}/readyz 、http://127.0.0.1:${opsPort}/metrics` +
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

/** One of the bot's HTTP servers on `port` (loopback) when free, else on any free port; returns the port. */
async function listenDemoHttp(server: Server, port: number): Promise<number> {
  try {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
  } catch {
    server.listen(0, '127.0.0.1'); // Node allows listening again after a failed listen
    await once(server, 'listening');
  }
  return (server.address() as AddressInfo).port;
}

/** The emulator on port 4000 when free (a stable URL for the demo), else on any free port. */
async function startDemoEmulator(clock: BusinessClock): Promise<Emulator> {
  const world = demoWorld();
  try {
    return await startEmulator({ apps: [DEMO_APP], ...world, port: 4000, businessClock: clock });
  } catch {
    return startEmulator({ apps: [DEMO_APP], ...world, businessClock: clock });
  }
}
