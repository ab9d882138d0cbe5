import { findTarget, targetCount } from '../../src/services/target-registry';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_SHEET_HEADER } from '../../src/demo/write-pool-files';
import { useDemoBot } from '../helpers/demo-bot';
import { openIdOf, testApi } from '../helpers/emulator';
import { targetSheetRow, testCreditCode, writeXlsx } from '../helpers/sheets';
import { chatAs, fakeRandom, textOf, untilDispatched } from '../helpers/chat';

/**
 * NoSQL-injection shaped input — operator objects in card values and form values, operator-looking
 * text in commands and spreadsheet cells — is either plain text or refused with a Chinese message.
 * Nothing typed or clicked here becomes a query operator: no draw, task or publication is found
 * that the input did not name exactly, and nothing is written.
 */
describe('injection-shaped input is inert', () => {
  const { emu, db, dir, errors } = useDemoBot({ randomBytes: fakeRandom('injection') });
  afterEach(() => expect(errors).toEqual([]));
  const { ask, click, button, cardTitled } = chatAs(emu);

  let drawNo = '';
  let commitment = '';
  let preview: Awaited<ReturnType<typeof ask>>;
  beforeAll(async () => {
    // One draw exists, so a query that matched "any draw" would find it.
    preview = await ask('彭世杰', '/抽查 娱乐场所', '抽取发起：娱乐场所');
    const draw = (await db().models.Draw.findOne({}).lean())!;
    drawNo = draw.drawNo;
    commitment = draw.seedCommitment;
  }, 30_000);

  it('commands: operator text is a name that matches nothing, or a usage message', async () => {
    const { models } = db();
    const cases: [string, string, string, string][] = [
      ['彭世杰', '/抽查 {"$gt":""}', '选择抽查事项', '没有名为“{"$gt":""}”的抽查事项'],
      // Shown back without markdown's characters (a group would see a link of the sender's choosing).
      [
        '彭世杰',
        '/抽查 {"$where":"sleep(1000)"}',
        '选择抽查事项',
        '没有名为“{"$where":"sleep1000"}”的抽查事项',
      ],
      [
        '彭世杰',
        '[**紧急通知**](http://evil.example/x)',
        '没有看懂这条指令',
        '“紧急通知http://evil.example/x”',
      ],
      ['彭世杰', '/验证 {"$ne":null}', '无法完成', '请在 /验证 后写抽取编号'],
      ['彭世杰', '/验证 CC2026-04-R1-01 || 1==1', '无法完成', '请在 /验证 后写抽取编号'],
      ['彭世杰', '/验证 .*', '无法完成', '请在 /验证 后写抽取编号'],
      ['彭世杰', '/导出 {"$where":"1"}', '无法完成', '没有“{"$where":"1"}”这种导出'],
      ['彭世杰', '/导出 结果公示表 {"$gt":0}', '无法完成', '年份应为四位数字'],
      ['赵晓辉', '/考评 {"$gt":0}', '无法完成', '不是有效的年份'],
    ];
    for (const [who, text, t, says] of cases) {
      const answer = await ask(who, text, t);
      // Card text is read as JSON: quotes inside it are escaped.
      const escaped = JSON.stringify(says).slice(1, -1);
      expect([text, textOf(answer.content)]).toEqual([text, expect.stringContaining(escaped)]);
      // No command above may show the existing draw (its verification card shows the commitment).
      expect(JSON.stringify(answer.content)).not.toContain(commitment);
      expect(JSON.stringify(answer.content)).not.toContain('](http');
    }
    expect(await models.Draw.countDocuments()).toBe(1);
  }, 60_000);

  it('card values: operator objects where ids belong find nothing', async () => {
    const { models } = db();
    const before = JSON.stringify(await models.Draw.find({}).lean());
    const cases: [string, Record<string, unknown>, string][] = [
      ['彭世杰', { action: 'draw.submit', drawNo: { $gt: '' } }, '这张卡片对应的抽取不存在'],
      ['彭世杰', { action: 'draw.cancel', drawNo: { $ne: null } }, '这张卡片对应的抽取不存在'],
      ['彭世杰', { action: 'draw.submit', drawNo: [drawNo, { $gt: '' }] }, '这张卡片对应的抽取不存在'],
      ['彭世杰', { action: 'draw.approve', drawNo: `${drawNo}|.*` }, '这张卡片对应的抽取不存在'],
      ['彭世杰', { action: 'report.open', taskNo: { $regex: '.*' } }, '这张卡片对应的检查任务不存在'],
      ['彭世杰', { action: 'review.accept', taskNo: { $ne: null } }, '这张卡片对应的检查任务不存在'],
      ['彭世杰', { action: 'publication.publishAll', taskNos: { $gt: '' } }, '这张卡片的公示清单无效'],
      ['彭世杰', { action: 'publication.publish', taskNo: { $gt: '' } }, '没有待公示的检查结果'],
      ['彭世杰', { action: 'draw.start', item: { $gt: '' } }, ''],
    ];
    for (const [who, value, says] of cases) {
      const answer = await click(who, preview, value);
      if (says)
        expect([value, answer.toast]).toEqual([
          value,
          { type: 'error', content: expect.stringContaining(says) },
        ]);
    }
    // The action id itself must be a string: an object is not looked up anywhere.
    for (const value of [{ action: { $gt: '' } }, { action: ['draw.submit'] }, 'draw.submit', [1, 2]])
      expect((await click('彭世杰', preview, value)).toast).toEqual({
        type: 'error',
        content: '无法识别这次操作，请刷新卡片后重试',
      });
    // The router reports such an event as malformed (a forged client, not a user's mistake).
    expect(errors.splice(0).map((e) => String(e))).toEqual(
      Array(4).fill(expect.stringContaining('malformed card action')),
    );
    expect(await click('彭世杰', preview, { action: '$where' })).toMatchObject({
      toast: { type: 'error', content: '这张卡片的按钮已失效，请重新发送指令' },
    });
    // The office's retry with an operator for a job id.
    const tao = await ask('陶向东', '/运维', '运维：后台任务');
    expect((await click('陶向东', tao, { action: 'ops.retry', jobId: { $gt: '' } })).toast).toEqual({
      type: 'error',
      content: '这张卡片的按钮已失效，请重新发送 /运维',
    });
    expect(JSON.stringify(await models.Draw.find({}).lean())).toBe(before);
    expect(await models.Task.countDocuments()).toBe(0);
  }, 60_000);

  it('form values: objects and arrays where text belongs are refused, nothing stored', async () => {
    const { models } = db();
    // Dispatch the draw so there is a task and a form to forge.
    await click('彭世杰', preview, button(preview, '提交审批'));
    const approval = await cardTitled('赵晓辉', '待审批：娱乐场所');
    await click('赵晓辉', approval, button(approval, '批准'), { phrase: '批准随机码1' });
    await untilDispatched(models);
    const task = (await models.Task.findOne({ drawNo }).sort({ _id: 1 }).lean())!;
    const inspector = (await models.Person.findOne({ key: task.inspectorKeys[0] }).lean())!.name;
    const card = await cardTitled(inspector, `检查任务：${task.targetName}`);
    const submit = { action: 'report.submit', taskNo: task.taskNo };
    const good = {
      inspectedOn: '2026-11-26 +0800',
      method: '现场检查',
      result: '发现问题已责令改正',
      findings: '消防通道堆放杂物',
      followUp: '责令改正',
    };
    const forged: [Record<string, unknown>, string][] = [
      [{ ...good, inspectedOn: { $gt: '' } }, '请填写检查日期'],
      [{ ...good, method: ['现场检查'] }, '请选择检查方式'],
      [{ ...good, result: { $ne: null } }, '请选择检查结果'],
      [{ ...good, findings: { $set: { status: 'accepted' } } }, '请填写问题描述'],
      [{ ...good, followUp: { $in: ['责令改正'] } }, '请选择后续处置'],
      [{ ...good, rectification: ['$where'] }, '请填写整改情况'],
    ];
    for (const [form, says] of forged)
      expect((await click(inspector, card, submit, form)).toast).toEqual({ type: 'error', content: says });
    expect(await models.Report.countDocuments()).toBe(0);
    expect(await models.Task.findOne({ _id: task.taskNo }, { status: 1 }).lean()).toMatchObject({
      status: 'open',
    });

    // Operator-looking text is text: stored as typed.
    expect(
      (await click(inspector, card, submit, { ...good, findings: '{"$gt":""} $where' })).toast.type,
    ).toBe('success');
    expect(await models.Report.findOne({ taskNo: task.taskNo }).lean()).toMatchObject({
      findings: '{"$gt":""} $where',
    });

    // A return or rejection reason that is not text is refused, not stored as "[object Object]".
    const review = await cardTitled('彭世杰', `待审核：${task.targetName}`);
    const returned = await click('彭世杰', review, button(review, '退回'), { reason: { $set: { x: 1 } } });
    expect(returned.toast).toEqual({
      type: 'error',
      content: '退回原因应填写文字，请在卡片的输入框中重新填写',
    });
    expect(JSON.stringify(await models.Report.find({}).lean())).not.toContain('[object Object]');
    expect(await models.Task.findOne({ _id: task.taskNo }, { status: 1 }).lean()).toMatchObject({
      status: 'reported',
    });
  }, 60_000);

  it('spreadsheet cells: operator text is stored as text; an operator in the key column is a bad row', async () => {
    const { models } = db();
    const send = async (file: string, name: string) =>
      testApi(emu(), 'POST', 'messages', {
        open_id: await openIdOf(emu(), '彭世杰'),
        file: { name, base64: readFileSync(file).toString('base64') },
      });
    const before = await targetCount(models);
    const hostile = await writeXlsx(join(dir(), 'hostile.xlsx'), [
      TARGET_SHEET_HEADER,
      targetSheetRow(901, { 单位名称: '{"$gt": ""}', 经营地址: '$where: function() { return true }' }),
      targetSheetRow(902, { 法定代表人: '{"$ne": null}' }),
    ]);
    await send(hostile, '注入测试.xlsx');
    const done = await cardTitled('彭世杰', '已导入：注入测试.xlsx');
    expect(textOf(done.content)).toContain('新增 **2**');
    expect(await targetCount(models)).toBe(before + 2);
    expect(await findTarget(models, testCreditCode(901))).toMatchObject({
      name: '{"$gt": ""}',
      address: '$where: function() { return true }',
    });

    const keyed = await writeXlsx(join(dir(), 'keyed.xlsx'), [
      TARGET_SHEET_HEADER,
      targetSheetRow(903, { 统一社会信用代码: '{"$gt": ""}' }),
      targetSheetRow(904, { 统一社会信用代码: '$where' }),
    ]);
    await send(keyed, '注入测试2.xlsx');
    const refused = await cardTitled('彭世杰', '未导入：注入测试2.xlsx');
    expect(textOf(refused.content)).toContain('第 2 行「统一社会信用代码」');
    expect(textOf(refused.content)).toContain('第 3 行「统一社会信用代码」');
    expect(await targetCount(models)).toBe(before + 2);
  }, 60_000);
});
