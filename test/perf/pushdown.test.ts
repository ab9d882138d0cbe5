import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { chatAs, title, untilDispatched } from '../helpers/chat';
import { plainInspectorOf } from '../helpers/publications';
import { queryLog, type QueryShape } from '../helpers/query-log';
import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { addDays } from '../../src/domain/calendar';
import { isWorkday } from '../../src/domain/workdays';

/**
 * Collections read whole, or filtered by other fields, on purpose: their size is the bureau's plan and
 * staff (a few items, units and plan versions, hundreds of people) or its current work (the unfinished
 * tasks — the batches dispatches wrote, dropped once done, and the marks of tasks changed since — and
 * the results waiting for 公示), not its history — but for the objections, history too small to matter.
 */
const BOUNDED = new Set([
  'people',
  'items',
  'units',
  'annual_plans',
  'plan_versions',
  'open_tasks',
  'open_task_batches',
  'pending_results',
  // 异议 against published results: a formal objection each, a handful a year (the schedule lists the open ones).
  'objections',
]);

/**
 * A task's 现场材料 bucket (`evidence.<taskNo>.files`), read whole on purpose: one per task, it holds at
 * most EvidenceLimits.maxFiles documents however long the bureau's history (src/adapters/db/evidence-store.ts).
 */
const evidenceBucket = (s: QueryShape) => /^evidence\..+\.files$/.test(s.collection);

const shown = (s: QueryShape) => `${s.command} ${s.collection} ${s.shape}`;

/**
 * A card callback has 3 s. FerretDB runs only some filters in its storage's SQL (on SQLite only an `_id`
 * equality); any other decodes every document of the collection, ~60 µs each, so a click would slow down
 * as the bureau's history grows. Each click here, and the jobs it starts, is checked with the server's own
 * `explain`: no filter on a collection that grows may be left to FerretDB.
 */
describe('every lookup behind a card click, and the daily schedule, runs in the database’s SQL (no scan of a growing collection)', () => {
  let clock = DEMO_NOW;
  const { db, emu, bot, errors } = useDemoBot({ monitorCommands: true, now: () => clock });
  const { ask, cardTitled, cardsOf, press, click, button } = chatAs(emu);
  afterEach(() => expect(errors).toEqual([]));

  it('finds a filter it cannot push down (the check can fail)', async () => {
    const { models, conn } = db();
    const log = queryLog(conn);
    // A pattern on an unindexed field: no server runs it but by looking at every task.
    await models.Task.find({ targetName: { $regex: '^甲' } }).lean();
    log.stop();
    expect((await log.unpushed()).map(shown)).toEqual(['find tasks {"targetName":{"$regex":"string"}}']);
  });

  it('submit, approve, open the form, file the report, list my tasks, accept it, the next day’s schedule', async () => {
    const { models, conn } = db();
    const log = queryLog(conn);
    /** Runs a click, lets the jobs it started finish, and lists the scans of growing collections. */
    const scansOf = async (act: () => Promise<unknown>) => {
      log.clear();
      await act();
      await bot().queue.idle(60_000);
      return (await log.unpushed())
        .filter((s) => !BOUNDED.has(s.collection) && !evidenceBucket(s))
        .map(shown);
    };
    const preview = await ask('彭世杰', '/抽查 娱乐场所', '抽取发起：娱乐场所');
    expect(await scansOf(() => press('彭世杰', preview, '提交审批'))).toEqual([]);
    const approval = await cardTitled('赵晓辉', '待审批：娱乐场所');
    expect(await scansOf(() => press('赵晓辉', approval, '批准', { phrase: '洛河 春水 7' }))).toEqual([]);

    await untilDispatched(models);
    await bot().queue.idle(60_000);
    const task = (await models.Task.findOne({}).lean())!;
    const name = await plainInspectorOf(models, task);
    const card = await cardTitled(name, `检查任务：${task.targetName}`);
    expect(await scansOf(() => click(name, card, button(card, '填报检查结果')))).toEqual([]);
    const form = {
      inspectedOn: '2026-11-26 +0800',
      method: '现场检查',
      result: '未发现问题',
      followUp: '无需后续处置',
    };
    let filed: { toast?: unknown } = {};
    expect(
      await scansOf(async () => {
        filed = await click(name, card, { action: 'report.submit', taskNo: task.taskNo }, form);
      }),
    ).toEqual([]);
    expect(filed.toast).toEqual({ type: 'success', content: '已提交，等待彭世杰审核' });
    // /我的任务 reads the unfinished work, not every task ever dispatched.
    expect(await scansOf(() => ask(name, '/我的任务', '我的检查任务'))).toEqual([]);
    const review = await cardTitled('彭世杰', `待审核：${task.targetName}`);
    expect(await scansOf(() => press('彭世杰', review, '通过'))).toEqual([]);
    expect(await models.Report.findOne({ _id: task.taskNo }).lean()).toMatchObject({
      review: { status: 'accepted' },
    });

    // The daily schedule past the deadline (09:30 Beijing on working days). The 3rd working day escalates
    // the overdue tasks to the 责任局领导 and, in a new month, sends the summary of the last (which reads
    // the month's marks and the tasks they name); the 5th, to the 办公室 with 加急. Both runs are checked.
    const { deadline } = (await models.Draw.findOne({ _id: task.drawNo }, { deadline: 1 }).lean())!;
    const workdaysAfter = (n: number) => {
      let day = deadline;
      for (let k = 0; k < n; k++)
        do day = addDays(day, 1);
        while (!isWorkday(day));
      return day;
    };
    const runDay = async (day: string) => {
      clock = new Date(`${day}T01:30:00Z`);
      await enqueueScheduleDay(bot().deps.jobs, clock);
      await bot().queue.idle(60_000);
    };
    const office = (await models.Person.findOne({ roles: 'office' }, { name: 1 }).lean())!.name;
    const third = workdaysAfter(3);
    expect(await scansOf(() => runDay(third))).toEqual([]);
    const last = addDays(`${third.slice(0, 7)}-01`, -1); // the last day of the month summarised
    expect((await cardsOf(office)).map(title)).toContain(
      `双随机抽查月度汇总：${last.slice(0, 4)} 年 ${Number(last.slice(5, 7))} 月`,
    );
    const fifth = workdaysAfter(5);
    expect(fifth.slice(0, 7)).toBe(third.slice(0, 7)); // no new month's summary on the fifth
    const before = (await cardsOf(office)).length;
    expect(await scansOf(() => runDay(fifth))).toEqual([]);
    expect((await cardsOf(office)).length).toBeGreaterThan(before);
    log.stop();
  });
});
