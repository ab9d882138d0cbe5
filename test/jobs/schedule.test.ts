import { randomBytes } from 'node:crypto';
import { withFacts } from '../../src/services/task-records';
import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { startWorkWorker } from '../../jobs/work-worker';
import { connectRedis } from '../../src/adapters/queue/redis';
import { addDays } from '../../src/domain/calendar';
import { isWorkday } from '../../src/domain/workdays';
import { approveDraw, dispatchDraw, proposeDraw, submitDraw } from '../../src/services/draws';
import { fileReport } from '../../src/services/reports';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { testApi } from '../helpers/emulator';

type Msg = {
  msg_type: string;
  create_time: string;
  content: { header?: { title?: { content?: string } } };
  urgent?: { kind: string; openIds: string[] }[];
};

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

describe('the daily schedule on FerretDB, Redis and the emulator, two workers, the clock moved day by day', () => {
  let clock = DEMO_NOW;
  const { emu, db, errors, bot, redisPrefix } = useDemoBot({ now: () => clock });
  // A second replica's worker on the same queue, with its own Redis connection.
  let replica: Worker | undefined;
  let replicaRedis: Redis | undefined;
  afterAll(async () => {
    await replica?.close();
    replicaRedis?.disconnect();
  });

  const openIds = new Map<string, string>();
  const cardsOf = async (name: string) => {
    if (openIds.size === 0)
      for (const u of await testApi<{ name: string; openId: string }[]>(emu(), 'GET', 'users'))
        openIds.set(u.name, u.openId);
    return (await testApi<Msg[]>(emu(), 'GET', `messages?open_id=${openIds.get(name)}`)).filter(
      (m) => m.msg_type === 'interactive',
    );
  };
  const titled = async (name: string, prefix: string) =>
    (await cardsOf(name)).filter((m) => m.content.header?.title?.content?.startsWith(prefix));
  const idle = () => bot().queue.idle(30_000);
  /** One scheduled day: the planning job, then every send it enqueued. */
  const runDay = async (day: string) => {
    clock = at(day);
    await enqueueScheduleDay(bot().deps.jobs, clock);
    await idle();
  };

  let tasks: { taskNo: string; inspectorKeys: string[]; deadline: string }[];
  let deadline: string;
  const nameOf = async (key: string) => (await db().models.Person.findOne({ key }).lean())!.name;

  beforeAll(async () => {
    replicaRedis = await connectRedis(process.env.TEST_REDIS_URL!, 'worker');
    replica = startWorkWorker(bot().deps, replicaRedis, redisPrefix());
    const { models } = db();
    const out = await proposeDraw(models, {
      year: 2026,
      itemCode: 'hotels',
      round: 1,
      actor: 'name:彭世杰',
      now: DEMO_NOW,
      randomBytes,
      idempotencyKey: 'schedule-test',
    });
    if (!out.ok) throw new Error(out.reason);
    await submitDraw(models, out.draw.drawNo, 'name:彭世杰', DEMO_NOW);
    await approveDraw(models, out.draw.drawNo, 'name:赵晓辉', DEMO_NOW, `随机码-${out.draw.drawNo}`);
    await dispatchDraw(models, out.draw.drawNo, 'name:赵晓辉', DEMO_NOW);
    tasks = await withFacts(
      models,
      await models.Task.find({ drawNo: out.draw.drawNo }, { taskNo: 1, drawNo: 1, inspectorKeys: 1 })
        .sort({ taskNo: 1 })
        .lean(),
    );
    deadline = tasks[0]!.deadline;
  }, 60_000);

  it('reminds, stops for a filed report, escalates +1/+3/+5 with 加急, each once, across a re-run and lost jobs', async () => {
    expect(tasks.length).toBeGreaterThan(1);
    const [first, ...rest] = tasks;
    // The inspector of the first task files on day 2 of the walk; their other open tasks keep them reminded.
    const filer = first!.inspectorKeys[0]!;
    const onlyFirst = first!.inspectorKeys.find((k) => rest.every((t) => !t.inspectorKeys.includes(k)));
    const start = addDays(deadline, -12);
    const end = addDays(deadline, 10);
    for (let d = start; d <= end; d = addDays(d, 1)) {
      await runDay(d);
      if (d === addDays(start, 2)) {
        clock = at(d);
        await fileReport(
          db().models,
          first!.taskNo,
          filer,
          {
            inspectedOn: d,
            method: '现场检查',
            result: '未发现问题',
            findings: '',
            followUp: '无需后续处置',
            rectification: '',
          },
          clock,
        );
      }
    }
    // Someone whose only task is another's: reminded on each of the four days, only on working days.
    const other = rest[0]!.inspectorKeys.find((k) => !first!.inspectorKeys.includes(k))!;
    const reminders = await titled(await nameOf(other), '检查任务到期提醒');
    expect(reminders).toHaveLength(4);
    // The filer's first task is never in a reminder after filing; if it was their only task, they get none.
    if (onlyFirst) expect(await titled(await nameOf(onlyFirst), '检查任务到期提醒')).toHaveLength(0);

    // The ladder: step 1 to inspectors and the 责任人 (彭世杰), step 2 to the 责任局领导 (赵晓辉), step 3 to the office (陶向东) with 加急.
    expect(await titled(await nameOf(other), '检查任务逾期督办（第 1 级）')).toHaveLength(1);
    const peng = await titled('彭世杰', '检查任务逾期督办（第 1 级）');
    expect(peng).toHaveLength(1);
    expect(peng[0]!.content.header!.title!.content).toBe(
      `检查任务逾期督办（第 1 级）：${tasks.length - 1} 项未按期完成`,
    );
    expect(await titled('赵晓辉', '检查任务逾期督办（第 2 级）')).toHaveLength(1);
    const office = await titled('陶向东', '检查任务逾期督办（第 3 级）');
    expect(office).toHaveLength(1);
    expect(office[0]!.urgent).toEqual([
      expect.objectContaining({ kind: 'app', openIds: [openIds.get('陶向东')] }),
    ]);

    // Nothing twice: the same day planned again, and again after its jobs are gone (Redis lost).
    const count = async () =>
      (await Promise.all(['彭世杰', '赵晓辉', '陶向东', await nameOf(other)].map(cardsOf))).flat().length;
    const before = await count();
    await runDay(end);
    await bot().queue.queue.obliterate({ force: true });
    await runDay(end);
    // Planned from the database again, every send already has its receipt (not just a platform-side uuid).
    expect((await bot().queue.queue.getJob(`schedule-${end}`))!.returnvalue).toMatchObject({ sends: 0 });
    // Two planning jobs of one day at once (as if two replicas' ids had diverged): still nothing new.
    await Promise.all(['a', 'b'].map((r) => bot().deps.jobs.enqueue('schedule', { day: end }, r)));
    await idle();
    expect(await count()).toBe(before);
    const sends = await db().models.Receipt.countDocuments({ kind: 'schedule' });
    const audited = await db().models.AuditEntry.countDocuments({ action: /^schedule\./ });
    expect(audited).toBeGreaterThan(0);
    expect(sends).toBeGreaterThanOrEqual(audited);
    expect(errors).toEqual([]);
  }, 120_000);

  it('sends nothing on a day off', async () => {
    let off = '2026-12-26';
    while (isWorkday(off)) off = addDays(off, 1);
    const before = (await cardsOf('彭世杰')).length;
    await runDay(off);
    expect((await cardsOf('彭世杰')).length).toBe(before);
  });
});
