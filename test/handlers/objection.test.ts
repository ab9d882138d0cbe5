import ExcelJS from 'exceljs';
import { renderPublicPage } from '../../src/adapters/http/public-html';
import { resultTable } from '../../src/services/export-tables';
import { objectionProblem } from '../../src/domain/objection';
import type { PublicResult } from '../../src/domain/publication';
import { auditTrail } from '../../src/services/audit-read';
import { publishResults } from '../../src/services/publications';
import { recordObjection } from '../../src/services/objections';
import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { addDays } from '../../src/domain/calendar';
import { testApi } from '../helpers/emulator';
import { cachedPublicView } from '../../src/services/public-view';
import { fileReport, reviewReport } from '../../src/services/reports';
import { chatAs, textOf, title } from '../helpers/chat';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { demoDraw } from '../helpers/publications';
import { waitFor } from '../helpers/wait';

/**
 * 异议 on the demo bot (clock: Thu 2026-11-26): a 旅馆业 result, accepted and published that day, is
 * objected to; the office records it, the public page shows 有异议, the 责任局领导 (赵晓辉) corrects it,
 * and the public page shows the new version with the old one marked 已更正.
 */
describe('异议: recorded by the office, decided by the 责任局领导, published as a new version', () => {
  let clock = DEMO_NOW;
  const { emu, db, errors, bot } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const { ask, press, cardTitled, cardsOf } = chatAs(emu);
  let taskNos: string[] = [];

  beforeAll(async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ taskNo: 1 }).limit(2).lean();
    for (const t of tasks) {
      await fileReport(
        models,
        t.taskNo,
        t.inspectorKeys[0]!,
        {
          inspectedOn: '2026-11-26',
          method: '现场检查',
          result: '发现问题已责令改正',
          findings: '消防通道堵塞',
          followUp: '责令改正',
          rectification: '',
        },
        DEMO_NOW,
      );
      await reviewReport(models, t.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    }
    taskNos = tasks.map((t) => t.taskNo);
    await publishResults(models, [taskNos[0]!], 'name:彭世杰', DEMO_NOW);
  }, 60_000);

  const result = async (taskNo: string) =>
    (await db()
      .models.Publication.findOne({ _id: `result-${taskNo}` })
      .lean())!.content as PublicResult;

  it('counts the objection period in working days from 公示', () => {
    const base = { publishedOn: '2026-11-26', today: '2026-12-31', workdays: 15 };
    expect(objectionProblem({ ...base, receivedOn: '2026-12-17' })).toBeNull();
    expect(objectionProblem({ ...base, receivedOn: '2026-12-18' })).toBe(
      '已超过异议期限：该结果于 2026-11-26 公示，异议应在 15 个工作日内（2026-12-17 前）提出',
    );
    expect(objectionProblem({ ...base, receivedOn: '2026-11-25' })).toContain('早于该结果的公示日期');
    expect(objectionProblem({ ...base, receivedOn: '2027-01-04' })).toContain('晚于今天');
  });

  it('refuses what cannot be objected to, and anyone but the office', async () => {
    const unpublished = await ask('陶向东', `/异议 ${taskNos[1]}`, '无法完成');
    expect(textOf(unpublished.content)).toContain(
      `任务 ${taskNos[1]} 的检查结果尚未公示，公示后才能登记异议`,
    );
    const unknown = await ask('陶向东', '/异议 CC2026-99-R1-01-0001', '无法完成');
    expect(textOf(unknown.content)).toContain('没有任务编号为 CC2026-99-R1-01-0001 的检查结果');
    const notOffice = await ask('彭世杰', `/异议 ${taskNos[0]}`, '无法完成');
    expect(textOf(notOffice.content)).toContain('只有领导小组办公室可以登记异议（/异议）');
  });

  it('records, shows 有异议, lets the leader correct it into a new version, and keeps the old one', async () => {
    const { models } = db();
    const taskNo = taskNos[0]!;
    clock = new Date('2026-12-03T02:00:00Z');
    const form = await ask('陶向东', `/异议 ${taskNo}`, '登记异议');
    // Bad input first: a date before 公示, then empty content — nothing is stored.
    const early = await press('陶向东', form, '登记异议', {
      objector: '某旅社',
      receivedOn: '2026-11-20 +0800',
      content: '不服',
    });
    expect(early.toast).toMatchObject({
      type: 'error',
      content: expect.stringContaining('早于该结果的公示日期（2026-11-26）'),
    });
    const empty = await press('陶向东', form, '登记异议', {
      objector: '某旅社',
      receivedOn: '2026-12-02 +0800',
      content: ' ',
    });
    expect(empty.toast).toMatchObject({ type: 'error', content: '请填写异议内容' });
    expect(await models.Objection.countDocuments({ taskNo })).toBe(0);
    expect((await result(taskNo)).objection).toBeUndefined();
    // One page kept across the objection, its clock stopped: only the change stamp can show the changes.
    const publicView = cachedPublicView(models, { now: () => 0 });
    const publicPage = async () =>
      renderPublicPage(
        await publicView({ year: 2026, query: '', page: 1, pageSize: 50, targetsPerDraw: 300 }),
        '偃师分局',
      );
    expect(await publicPage()).not.toContain('有异议');

    const done = await press('陶向东', form, '登记异议', {
      objector: '偃师区某旅社',
      receivedOn: '2026-12-02 +0800',
      content: '检查当日消防通道并未堵塞，有监控为证',
    });
    expect(done.toast).toMatchObject({ type: 'success' });
    expect((await result(taskNo)).objection).toEqual({
      status: 'open',
      receivedOn: '2026-12-02',
      decidedOn: null,
    });
    expect(await publicPage()).toContain('有异议，处理中（2026-12-02 收到异议）');
    // A second objection while this one is open is refused.
    const second = await press('陶向东', form, '登记异议', {
      objector: '又一位',
      receivedOn: '2026-12-03 +0800',
      content: '再议',
    });
    expect(second.toast).toMatchObject({
      type: 'error',
      content: expect.stringContaining('已有一条异议正在处理'),
    });

    // 赵晓辉, 旅馆业's 责任局领导, gets the card. A correction must change something.
    const card = await cardTitled('赵晓辉', '异议待决定：');
    expect(textOf(card.content)).toContain('检查当日消防通道并未堵塞');
    const same = await press('赵晓辉', card, '更正结果', {
      result: '发现问题已责令改正',
      followUp: '责令改正',
      rectification: '',
      correctReason: '复核',
    });
    expect(same.toast).toMatchObject({
      type: 'error',
      content: expect.stringContaining('更正后的内容与现在公示的相同'),
    });
    const corrected = await press('赵晓辉', card, '更正结果', {
      result: '未发现问题',
      followUp: '无需后续处置',
      rectification: '',
      correctReason: '调取监控后确认检查记录有误',
    });
    expect(corrected.toast).toMatchObject({ type: 'success', content: '已更正，公示页面显示新结果和原结果' });

    const now = await result(taskNo);
    expect(now).toMatchObject({
      resultCategory: '未发现问题',
      followUp: '无需后续处置',
      version: 2,
      objection: { status: 'corrected', receivedOn: '2026-12-02', decidedOn: '2026-12-03' },
      history: [
        {
          version: 1,
          resultCategory: '发现问题已责令改正',
          followUp: '责令改正',
          rectification: '',
          correctedOn: '2026-12-03',
        },
      ],
    });
    expect(JSON.stringify(now)).not.toContain('监控');
    const page = await publicPage();
    expect(page).toContain('异议已处理，结果已更正（2026-12-02 收到异议，2026-12-03 处理）');
    expect(page).toContain('第 1 版（2026-12-03 已更正）：发现问题已责令改正；责令改正；—');
    expect((await auditTrail(models, taskNo)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['objection.recorded', 'objection.decided']),
    );
    // The 结果公示表 says the same in its last column.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array((await resultTable(models, 2026, '2026-12-03')).data).buffer);
    const rows = (wb.getWorksheet('抽查结果公示表')!.getSheetValues() as unknown[][]).slice(2);
    const row = rows.find((r) => r.includes(now.targetName))!;
    expect(row.at(-1)).toBe(
      '异议已处理，结果已更正（2026-12-02 收到异议，2026-12-03 处理）\n第 1 版（2026-12-03 已更正）：发现问题已责令改正；责令改正；—',
    );
    // Decided once: a second click is told the outcome and changes nothing.
    const again = await press('赵晓辉', card, '维持原结果', { upholdReason: '再次点击' });
    expect(again.toast).toMatchObject({ type: 'success', content: '已更正，公示页面显示新结果和原结果' });
    expect((await result(taskNo)).version).toBe(2);
    // The leader's card now shows the decision in place of its forms.
    await waitFor(
      async () => (await cardsOf('赵晓辉')).some((m) => title(m)?.startsWith('已更正：')),
      'the leader’s card updated',
    );
  });

  it('refuses an objection after the period', async () => {
    clock = new Date('2027-01-05T02:00:00Z');
    const late = await ask('陶向东', `/异议 ${taskNos[0]}`, '无法完成');
    expect(textOf(late.content)).toContain('已超过异议期限：该结果于 2026-11-26 公示');
  });

  it('reminds the 责任局领导 before the decision is due and escalates past it, the last rung to the office with 加急', async () => {
    const { models } = db();
    const taskNo = taskNos[1]!;
    clock = new Date('2026-12-03T02:00:00Z');
    await publishResults(models, [taskNo], 'name:彭世杰', clock);
    const { objection } = await recordObjection(models, {
      taskNo,
      objector: '某旅社',
      receivedOn: '2026-12-03',
      content: '检查人员未出示执法证',
      actor: 'name:陶向东',
      now: clock,
    });
    // Recorded Thu 12-03: due 10 working days later, Thu 12-17.
    expect(objection.dueBy).toBe('2026-12-17');
    const target = (await result(taskNo)).targetName;
    const leaderCards = async () =>
      (await cardsOf('赵晓辉')).filter((m) => title(m) === `异议待决定：${target}`);
    const before = (await leaderCards()).length;
    for (let d = '2026-12-04'; d <= '2026-12-28'; d = addDays(d, 1)) {
      clock = new Date(`${d}T01:30:00Z`);
      await enqueueScheduleDay(bot().deps.jobs, clock);
      await bot().queue.idle(30_000);
    }
    // 5 and 1 working days before (12-10, 12-16), then +1 and +3 (12-18, 12-22): four cards to decide on.
    const sent = (await leaderCards()).slice(before);
    expect(
      sent.map((m) => textOf(m.content).match(/(提醒|督办（第 \d 级）)：此异议应于 2026-12-17 前决定/)?.[1]),
    ).toEqual(['提醒', '提醒', '督办（第 1 级）', '督办（第 2 级）']);
    // +5 (12-24): the office, with 加急.
    const openIds = await testApi<{ name: string; openId: string }[]>(emu(), 'GET', 'users');
    const office = (await cardsOf('陶向东')).filter((m) =>
      title(m)?.startsWith('异议处理逾期督办（第 3 级）'),
    );
    expect(office).toHaveLength(1);
    expect((office[0] as unknown as { urgent: unknown }).urgent).toEqual([
      expect.objectContaining({ kind: 'app', openIds: [openIds.find((u) => u.name === '陶向东')!.openId] }),
    ]);
  });
});
