import type { Models } from '../../src/adapters/db/models';
import { useDemoBot } from '../helpers/demo-bot';
import { openIdOf, type SentMessage } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';
import { chatAs, fakeRandom, untilDispatched } from '../helpers/chat';

/**
 * Card values are whatever the client sends: a user can click any card they can see with any value.
 * Here each forgery is a real click (through the emulator, over the long connection) on a card the
 * clicking user can see, carrying another draw's or task's id, or fields that claim to be someone
 * else. The server decides from the database and the event's operator alone: every forgery is
 * refused with the rule's reason, audited as `permission.denied` under the real clicker, and leaves
 * draws, tasks, reports and publications exactly as they were.
 */

/** What a forged click must not change. */
async function businessState(models: Models) {
  const strip = <T extends Record<string, unknown>>(docs: T[]) => JSON.parse(JSON.stringify(docs)) as T[];
  return {
    draws: strip(await models.Draw.find({}).sort({ drawNo: 1 }).lean()),
    tasks: strip(await models.Task.find({}).sort({ _id: 1 }).lean()),
    reports: strip(await models.Report.find({}).sort({ _id: 1 }).lean()),
    publications: strip(await models.Publication.find({}).sort({ _id: 1 }).lean()),
  };
}

const denials = async (models: Models, subject: string) =>
  (await models.AuditEntry.find({ action: 'permission.denied', subject }).sort({ seq: 1 }).lean()).map(
    (e) => [e.actor, (e.details as { what: string }).what],
  );

const FORM = {
  inspectedOn: '2026-11-26 +0800',
  method: '现场检查',
  result: '未发现问题',
  followUp: '无需后续处置',
};

describe('tampered card actions are refused by server-side checks', () => {
  const { emu, db, errors } = useDemoBot({ randomBytes: fakeRandom('tampered') });
  afterEach(() => expect(errors).toEqual([]));
  const { ask, cardTitled, click, button, seenBy } = chatAs(emu);

  // Shared by the tests below, in order: two draws of two units, then their tasks.
  let drawA = ''; // 娱乐场所: 治安大队, leader 赵晓辉
  let drawB = ''; // 易制毒化学品: 禁毒大队, leader 焦柳扬
  let pengPreview: SentMessage;
  let guoPreview: SentMessage;

  it('draw.approve / draw.reject with another draw’s number, or with a claimed operator, are refused', async () => {
    const { models } = db();
    pengPreview = await ask('彭世杰', '/抽查 娱乐场所', '抽取发起：娱乐场所');
    await click('彭世杰', pengPreview, button(pengPreview, '提交审批'));
    guoPreview = await ask('郭继涛', '/抽查 precursor-chemicals', '抽取发起');
    await click('郭继涛', guoPreview, button(guoPreview, '提交审批'));
    drawA = (await models.Draw.findOne({ itemCode: 'entertainment' }).lean())!.drawNo;
    drawB = (await models.Draw.findOne({ itemCode: 'precursor-chemicals' }).lean())!.drawNo;
    const zhaoApproval = await cardTitled('赵晓辉', '待审批：娱乐场所');
    const jiaoApproval = await cardTitled('焦柳扬', '待审批');
    const jiao = await openIdOf(emu(), '焦柳扬');
    const before = await businessState(models);
    expect(before.draws.map((d) => [d.drawNo, d.status])).toEqual([
      [drawB, 'submitted'],
      [drawA, 'submitted'],
    ]);

    // 赵晓辉 leads 娱乐场所, not 易制毒化学品: his own approval card, carrying draw B's number.
    const refusedB = '只有“对易制毒化学品从业单位的检查”的责任局领导（焦柳扬）或领导小组组长可以审批';
    expect(await click('赵晓辉', zhaoApproval, { action: 'draw.approve', drawNo: drawB })).toMatchObject({
      toast: { type: 'error', content: refusedB },
    });
    expect(
      await click('赵晓辉', zhaoApproval, { action: 'draw.reject', drawNo: drawB }, { reason: '不同意' }),
    ).toMatchObject({ toast: { type: 'error', content: refusedB } });
    // The proposer claims, inside the value, to be the leader: every operator-like field is ignored.
    const claimed = {
      action: 'draw.approve',
      drawNo: drawB,
      open_id: jiao,
      operator: { open_id: jiao },
      operatorOpenId: jiao,
      actor: 'name:焦柳扬',
      by: 'name:焦柳扬',
      user: '焦柳扬',
    };
    expect(await click('郭继涛', guoPreview, claimed)).toMatchObject({
      toast: { type: 'error', content: refusedB },
    });
    // And the real leader's own card cannot approve the other unit's draw either.
    expect(await click('焦柳扬', jiaoApproval, { action: 'draw.approve', drawNo: drawA })).toMatchObject({
      toast: { type: 'error', content: '只有“娱乐场所”的责任局领导（赵晓辉）或领导小组组长可以审批' },
    });

    expect(await businessState(models)).toEqual(before);
    expect(await models.Task.countDocuments()).toBe(0);
    expect(await denials(models, drawB)).toEqual([
      ['name:赵晓辉', 'draw.approve'],
      ['name:赵晓辉', 'draw.reject'],
      ['name:郭继涛', 'draw.approve'],
    ]);
    expect(await denials(models, drawA)).toEqual([['name:焦柳扬', 'draw.approve']]);

    // The genuine clicks still work: each leader approves their own draw from their own card.
    expect(
      (await click('赵晓辉', zhaoApproval, button(zhaoApproval, '批准'), { phrase: '批准随机码1' })).toast
        .type,
    ).toBe('success');
    expect(
      (await click('焦柳扬', jiaoApproval, button(jiaoApproval, '批准'), { phrase: '批准随机码2' })).toast
        .type,
    ).toBe('success');
    await untilDispatched(models);
    expect(await models.Draw.find({}, { status: 1 }).lean()).toEqual([
      expect.objectContaining({ status: 'dispatched' }),
      expect.objectContaining({ status: 'dispatched' }),
    ]);
  }, 60_000);

  let taskA = ''; // a task of 治安大队, filed by its inspector
  it('report.submit / review.accept / review.return on another unit’s task are refused', async () => {
    const { models } = db();
    const first = (await models.Task.findOne({ drawNo: drawA }).sort({ _id: 1 }).lean())!;
    const other = (await models.Task.findOne({ drawNo: drawB }).sort({ _id: 1 }).lean())!;
    taskA = first.taskNo;
    const nameOf = async (key: string) => (await models.Person.findOne({ key }).lean())!.name;
    const inspectorA = await nameOf(first.inspectorKeys[0]!);
    const inspectorB = await nameOf(other.inspectorKeys.find((k) => !first.inspectorKeys.includes(k))!);
    const cardA = await cardTitled(inspectorA, `检查任务：${first.targetName}`);
    const cardB = await cardTitled(inspectorB, `检查任务：${other.targetName}`);

    // An inspector of 禁毒大队 files a report for 治安大队's task from his own task card.
    let before = await businessState(models);
    expect(
      await click(
        inspectorB,
        cardB,
        { action: 'report.submit', taskNo: first.taskNo, by: first.inspectorKeys[0] },
        FORM,
      ),
    ).toMatchObject({
      toast: { type: 'error', content: `任务 ${first.taskNo} 不是派给您的，只有该任务的检查人员可以填报` },
    });
    expect(await businessState(models)).toEqual(before);

    // The real inspector files it.
    const opened = await click(inspectorA, cardA, button(cardA, '填报检查结果'));
    expect(opened.card.header.title.content).toBe(`填报检查结果：${first.targetName}`);
    const seen = await seenBy('彭世杰');
    expect(
      (await click(inspectorA, cardA, { action: 'report.submit', taskNo: first.taskNo }, FORM)).toast,
    ).toEqual({
      type: 'success',
      content: '已提交，等待彭世杰审核',
    });
    const review = await cardTitled('彭世杰', `待审核：${first.targetName}`, seen);

    // 郭继涛 (禁毒大队's 责任人) reviews 治安大队's task from his own card, claiming to be 彭世杰.
    const peng = await openIdOf(emu(), '彭世杰');
    before = await businessState(models);
    const refused = `只有治安大队的责任人或负责人可以审核任务 ${first.taskNo} 的检查结果`;
    for (const [value, form] of [
      [{ action: 'review.accept', taskNo: first.taskNo }, undefined],
      [{ action: 'review.return', taskNo: first.taskNo }, { reason: '重填' }],
      [{ action: 'review.accept', taskNo: first.taskNo, open_id: peng, actor: 'name:彭世杰' }, undefined],
    ] as const)
      expect(await click('郭继涛', guoPreview, value, form)).toMatchObject({
        toast: { type: 'error', content: refused },
      });
    expect(await businessState(models)).toEqual(before);
    expect(await models.Task.findOne({ _id: first.taskNo }, { status: 1 }).lean()).toMatchObject({
      status: 'reported',
    });
    expect(await denials(models, first.taskNo)).toEqual([
      [other.inspectorKeys.find((k) => !first.inspectorKeys.includes(k)), 'report.submit'],
      ['name:郭继涛', 'review.accept'],
      ['name:郭继涛', 'review.return'],
      ['name:郭继涛', 'review.accept'],
    ]);

    // 彭世杰 accepts it on his review card: it is now due for 公示.
    expect((await click('彭世杰', review, button(review, '通过'))).toast.type).toBe('success');
    await waitFor(
      async () => (await models.Publication.countDocuments({ _id: `result-${first.taskNo}` })) === 1,
      'the result due for 公示',
    );
  }, 60_000);

  it('publication.publish / publishAll of another unit’s result are refused', async () => {
    const { models } = db();
    const before = await businessState(models);
    const refused = '只有治安大队的责任人、负责人或领导小组办公室可以公示检查结果';
    for (const value of [
      { action: 'publication.publish', taskNo: taskA },
      { action: 'publication.publish', taskNo: taskA, by: 'name:彭世杰', unitName: '禁毒大队' },
      { action: 'publication.publishAll', taskNos: [taskA] },
    ])
      expect(await click('郭继涛', guoPreview, value)).toMatchObject({
        toast: { type: 'error', content: refused },
      });
    expect(await businessState(models)).toEqual(before);
    expect(await models.Publication.findOne({ _id: `result-${taskA}` }).lean()).toMatchObject({
      status: 'pending',
    });
    expect(await denials(models, taskA)).toEqual(
      expect.arrayContaining([
        ['name:郭继涛', 'publication.publish'],
        ['name:郭继涛', 'publication.publish'],
        ['name:郭继涛', 'publication.publish'],
      ]),
    );
  });

  it('ops.retry / ops.retryAll by someone outside the office are refused', async () => {
    const { models } = db();
    const tao = await openIdOf(emu(), '陶向东');
    const refused = '只有领导小组办公室可以查看和重试后台任务（/运维）';
    for (const value of [
      { action: 'ops.retry', jobId: `dispatch-${drawA}` },
      { action: 'ops.retry', jobId: `dispatch-${drawA}`, open_id: tao, actor: 'name:陶向东' },
      { action: 'ops.retryAll' },
    ])
      expect(await click('彭世杰', pengPreview, value)).toMatchObject({
        toast: { type: 'error', content: refused },
      });
    expect(await denials(models, 'ops')).toEqual([
      ['name:彭世杰', 'ops.retry'],
      ['name:彭世杰', 'ops.retry'],
      ['name:彭世杰', 'ops.retry-all'],
    ]);
    expect(await models.AuditEntry.countDocuments({ action: /^ops\.job/ })).toBe(0);
  });
});
