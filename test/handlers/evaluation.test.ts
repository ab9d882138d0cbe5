import { approveDraw, dispatchDraw, proposeDraw, submitDraw } from '../../src/services/draws';
import { storeReports, storeTasks } from '../helpers/stored-tasks';
import { performSend } from '../../src/services/schedule';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi, type SentMessage } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

const by = { createdBy: 'test', updatedBy: 'test' };
const title = (m: SentMessage) => (m.content as any).header.title.content as string;
const elementsOf = (m: SentMessage) => (m.content as any).body.elements as any[];

/** `/考评` on the demo bot (its clock: Thu 2026-11-26), and the 考评 that comes with December's summary. */
describe('/考评: the year’s per-unit evaluation in chat, for the leaders and the office', () => {
  const { emu, db, errors, bot } = useDemoBot();
  afterEach(() => expect(errors).toEqual([]));
  let drawn = 0;

  beforeAll(async () => {
    const { models } = db();
    // The demo's path: 彭世杰 draws 旅馆业 round 1, 赵晓辉 approves, the tasks go out (due 2026-12-30).
    const proposed = await proposeDraw(models, {
      year: 2026,
      itemCode: 'hotels',
      round: 1,
      actor: 'name:彭世杰',
      now: DEMO_NOW,
    });
    if (!proposed.ok) throw new Error(proposed.reason);
    const { drawNo } = proposed.draw;
    await submitDraw(models, drawNo, 'name:彭世杰', DEMO_NOW);
    await approveDraw(models, drawNo, 'name:赵晓辉', DEMO_NOW, `随机码-${drawNo}`);
    await dispatchDraw(models, drawNo, 'name:赵晓辉', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ _id: 1 }).lean();
    drawn = tasks.length;
    // One of them done early and accepted: inspected 11-20, before its deadline.
    const first = tasks[0]!;
    await models.Task.updateOne({ _id: first._id }, { $set: { status: 'accepted' } });
    await storeReports(models, [
      {
        ...by,
        taskNo: first.taskNo,
        inspectedOn: '2026-11-20',
        method: '现场检查',
        resultCategory: '未发现问题',
        followUp: '无需后续处置',
        submittedBy: first.inspectorKeys[0],
        review: { status: 'accepted' },
      },
    ]);
    // 禁毒大队: one task still open past its deadline, Fri 11-20 → 11-23, 24, 25, 26: 4 working days.
    await storeTasks(models, [
      {
        taskNo: 'CC2026-01-R1-01-0001',
        year: 2026,
        itemCode: 'precursor-chemicals',
        itemName: '对易制毒化学品从业单位的检查',
        round: 1,
        unitName: '禁毒大队',
        targetCreditCode: '91410381MA00000001',
        targetName: '某化工公司',
        inspectorKeys: ['badge:x'],
        deadline: '2026-11-20',
        status: 'open',
        dispatchedOn: '2026-11-02',
      },
    ]);
  });

  const say = async (name: string, text: string) =>
    testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
  const cardsOf = async (name: string) =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).filter(
      (m) => m.msg_type === 'interactive',
    );
  /** Sends `text` and waits for the new answer titled `t`. */
  const ask = async (name: string, text: string, t: string) => {
    const seen = new Set((await cardsOf(name)).map((m) => m.message_id));
    await say(name, text);
    const find = async () => (await cardsOf(name)).find((m) => title(m) === t && !seen.has(m.message_id));
    await waitFor(async () => (await find()) !== undefined, `${name}: a card titled ${t}`);
    return (await find())!;
  };

  it('gives 赵晓辉 (责任局领导) the year’s table, chart and formula', async () => {
    expect(drawn).toBeGreaterThan(1);
    const card = await ask('赵晓辉', '/考评 2026', '双随机考评：2026 年');
    const [, table, chart, formula] = elementsOf(card);
    expect(table.tag).toBe('table');
    expect(table.rows).toEqual([
      {
        // 1 of 1 due done on time, no 公示 due: 40 + 30 + 30.
        unitName: '治安大队',
        score: 100,
        assigned: drawn,
        due: 1,
        completed: 1,
        onTime: 1,
        overdue: 0,
        overdueWorkdays: 0,
        returned: 0,
        publicationsDue: 0,
        publicationsOnTime: 0,
        drawsLate: 0,
        roundsMissed: 1,
        roundsWaived: 0,
        objections: 0,
        corrected: 0,
      },
      {
        // 0 of 1 done: 0 + 0 + 30 (no 公示 due) − 0.5 × 4.
        unitName: '禁毒大队',
        score: 28,
        assigned: 1,
        due: 1,
        completed: 0,
        onTime: 0,
        overdue: 1,
        overdueWorkdays: 4,
        returned: 0,
        publicationsDue: 0,
        publicationsOnTime: 0,
        drawsLate: 0,
        roundsMissed: 1,
        roundsWaived: 0,
        objections: 0,
        corrected: 0,
      },
    ]);
    expect(chart.chart_spec.data.values).toEqual([
      { unit: '治安大队', score: 100 },
      { unit: '禁毒大队', score: 28 },
    ]);
    expect(formula.content).toContain('数据截至 2026-11-26');
    // No year: this year.
    const again = await ask('陶向东', '/考评', '双随机考评：2026 年');
    expect(elementsOf(again)[1].rows).toEqual(table.rows);
  });

  it('refuses 彭世杰 (责任人), and explains a year it cannot read', async () => {
    const refused = await ask('彭世杰', '/考评 2026', '无法完成');
    expect(JSON.stringify(refused.content)).toContain(
      '只有局领导（领导小组组长、副组长、责任局领导）和领导小组办公室可以查看考评（/考评）',
    );
    const bad = await ask('赵晓辉', '/考评 20x6', '无法完成');
    expect(JSON.stringify(bad.content)).toContain(
      '“20x6”不是有效的年份。请写四位数字的年份（2000 至 2027），例如：/考评 2026；不写年份即为今年。',
    );
    const denied = await db().models.AuditEntry.find({ action: 'permission.denied' }).lean();
    expect(denied.some((a) => (a.details as any)?.what === 'evaluation.view')).toBe(true);
  });

  it('sends the year’s 考评 after December’s summary and its xlsx, once', async () => {
    const office = { open_id: await openIdOf(emu(), '陶向东') };
    const before = (await messagesOf(emu(), office)).length;
    const december = { id: 'summary-2026-12', kind: 'summary', month: '2026-12' } as const;
    expect(await performSend(bot().deps, december)).toBe('sent');
    const sent = (await messagesOf(emu(), office)).slice(before);
    expect(sent.map((m) => [m.msg_type, m.msg_type === 'interactive' ? title(m) : ''])).toEqual([
      ['interactive', '双随机抽查月度汇总：2026 年 12 月'],
      ['file', ''],
      ['interactive', '双随机考评：2026 年'],
    ]);
    // A rerun after a lost receipt shows nothing twice (each message has its uuid).
    await db().models.Receipt.deleteOne({ _id: 'schedule:summary-2026-12' });
    expect(await performSend(bot().deps, december)).toBe('sent');
    expect(await messagesOf(emu(), office)).toHaveLength(before + 3);
    // November's summary brings no 考评.
    expect(await performSend(bot().deps, { ...december, id: 'summary-2026-11', month: '2026-11' })).toBe(
      'sent',
    );
    const november = (await messagesOf(emu(), office)).slice(before + 3);
    expect(november.map((m) => m.msg_type)).toEqual(['interactive', 'file']);
  });
});
