import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { userInfo } from 'node:os';
import { openJobQueue } from '../adapters/queue/job-queue';
import { connectRedis } from '../adapters/queue/redis';
import { DomainError } from '../domain/errors';
import { typedJobs } from '../services/job-catalog';
import { submitPlanFile } from '../services/plan-upload';
import { STATUS_TEXT, versionsOf } from '../services/plans';
import { runCli } from './cli';

const USAGE = `用法：
  npm run plan -- import 计划文件.xlsx|.json [--year 2027]   提交年度计划，由领导小组组长在飞书审批卡片上批准
  npm run plan -- status [年份]                              各版本及其状态
空白模板：npm run export -- 计划模板；现行计划：npm run export -- 事项清单 [年份]`;

/**
 * Plans from the command line, for the first start (before anyone can send a file in chat): the file
 * is checked and submitted like one sent in chat, and the bot sends the 组长 the approval card.
 */
void runCli(async ({ config, services, db }) => {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { year: { type: 'string' } } });
  } catch (err) {
    throw new DomainError('USAGE', `${(err as Error).message}\n${USAGE}`);
  }
  const [command, arg] = parsed.positionals;
  const year = parsed.values.year;
  if (year !== undefined && !/^20\d\d$/.test(year))
    throw new DomainError('USAGE', `年份应为四位数字\n${USAGE}`);
  if (command === 'status') {
    const y = Number(arg ?? new Date().getFullYear());
    const versions = await versionsOf(db.models, y);
    if (versions.length === 0) console.log(`${y} 年度计划：没有任何版本`);
    for (const v of versions)
      console.log(
        `${y} 年度计划 第 ${v.version} 版（${v.fileName}）：${STATUS_TEXT[v.status]}` +
          (v.docNumber ? `，${v.docNumber}，自 ${v.effectiveOn} 起施行` : '') +
          (v.reason ? `（${v.reason}）` : ''),
      );
    return;
  }
  if (command !== 'import' || !arg) throw new DomainError('USAGE', USAGE);
  const out = await submitPlanFile(db.models, {
    file: arg,
    fileName: basename(arg),
    actor: `cli:${userInfo().username}`,
    now: new Date(),
    ...(year && { year: Number(year) }),
  });
  if (!out.ok) {
    console.error(
      `未提交：${basename(arg)}（按 ${out.year} 年度计划读取）有 ${out.problems.length} 处问题，计划未作任何改动：`,
    );
    for (const p of out.problems) console.error(`  ${p}`);
    return 1;
  }
  for (const n of out.notes) console.log(n);
  const v = out.version;
  console.log(
    `${out.again ? '该计划已提交过' : '已提交'}：${v.year} 年度计划第 ${v.version} 版（${v.template.items.length} 个事项），等待领导小组组长审批。`,
  );
  for (const c of out.changes) console.log(`  ${c}`);
  // The running bot sends the approval card (it holds the Feishu credentials and the send limits).
  const redis = await connectRedis(services.redisUrl);
  const queue = openJobQueue(redis, config.REDIS_PREFIX);
  try {
    await typedJobs(queue).enqueue('send-plan-cards', { id: v._id });
  } finally {
    await queue.close();
    redis.disconnect();
  }
  console.log('审批卡片将由运行中的机器人发给领导小组组长；在飞书中发送 /计划 可查看状态。');
});
