import { targetCount } from '../../src/services/target-registry';
import { countTargets } from '../helpers/targets';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TARGET_SHEET_HEADER } from '../../src/demo/write-pool-files';
import { DEFAULT_LIMITS } from '../../src/importer/read-table';
import { MAX_CELL_LENGTH } from '../../src/importer/row-problems';
import { useDemoBot } from '../helpers/demo-bot';
import { openIdOf, testApi } from '../helpers/emulator';
import { targetSheetRow, testCreditCode, writeXlsx } from '../helpers/sheets';
import { chatAs, fakeRandom, textOf, untilDispatched } from '../helpers/chat';

/**
 * Oversized input gets a clear Chinese answer and writes nothing: long chat messages and command
 * arguments (whose echo must not push a card past the platform's 30 KB), report-form fields and
 * reasons past their limits, an uploaded file past the importer's 50 MB, a cell past 200 characters.
 * (The webhook's 1 MiB body limit: test/security/webhook.test.ts; the importer's row limit:
 * test/services/import-pool.test.ts.)
 */
describe('oversized messages, form fields and files are refused with a clear message', () => {
  const { emu, db, dir, errors } = useDemoBot({ randomBytes: fakeRandom('limits') });
  afterEach(() => expect(errors).toEqual([]));
  const { ask, click, button, cardTitled, seenBy } = chatAs(emu);

  it('answers very long messages and command arguments with a card the platform accepts', async () => {
    const long = '娱'.repeat(20_000); // 60 KB of UTF-8: a text message may be 150 KB, a card only 30 KB
    const cases: [string, string, string][] = [
      [long, '没有看懂这条指令', '不是可用的指令'],
      [`/抽查 ${long}`, '选择抽查事项', '的抽查事项'],
      [`/导出 ${long}`, '无法完成', '这种导出'],
      [`/验证 ${long}`, '无法完成', '请在 /验证 后写抽取编号'],
      [`/考评 ${long}`, '无法完成', '不是有效的年份'],
      [`/进度 ${long}`, '2026 年抽查进度', ''],
    ];
    for (const [text, t, says] of cases) {
      const who = text.startsWith('/考评') ? '赵晓辉' : '彭世杰';
      const answer = await ask(who, text, t);
      expect(textOf(answer.content)).toContain(says);
      expect(Buffer.byteLength(JSON.stringify(answer.content))).toBeLessThan(30 * 1024);
    }
    expect(await db().models.Draw.countDocuments()).toBe(0);
  }, 90_000);

  it('refuses report fields and reasons past their limits, storing nothing', async () => {
    const { models } = db();
    const preview = await ask('彭世杰', '/抽查 娱乐场所', '抽取发起：娱乐场所');
    await click('彭世杰', preview, button(preview, '提交审批'));
    const approval = await cardTitled('赵晓辉', '待审批：娱乐场所');
    const drawNo = (await models.Draw.findOne({}).lean())!.drawNo;
    // A rejection reason of 501 characters.
    expect(
      (await click('赵晓辉', approval, button(approval, '驳回'), { reason: '理'.repeat(501) })).toast,
    ).toEqual({ type: 'error', content: '驳回理由最多 500 字，当前 501 字' });
    expect(await models.Draw.findOne({ drawNo }, { status: 1 }).lean()).toMatchObject({
      status: 'submitted',
    });
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
      rectification: '已整改',
    };
    for (const [form, says] of [
      [{ ...good, findings: '问'.repeat(1001) }, '问题描述最多 1000 字'],
      [{ ...good, rectification: '改'.repeat(1001) }, '整改情况最多 1000 字'],
      [{ ...good, findings: 'x'.repeat(200_000) }, '问题描述最多 1000 字'],
    ] as const)
      expect((await click(inspector, card, submit, form)).toast).toEqual({ type: 'error', content: says });
    expect(await models.Report.countDocuments()).toBe(0);
    // At the limit it is accepted.
    const seen = await seenBy('彭世杰');
    expect((await click(inspector, card, submit, { ...good, findings: '问'.repeat(1000) })).toast.type).toBe(
      'success',
    );
    const review = await cardTitled('彭世杰', `待审核：${task.targetName}`, seen);
    expect(
      (await click('彭世杰', review, button(review, '退回'), { reason: '退'.repeat(501) })).toast,
    ).toEqual({
      type: 'error',
      content: '退回原因最多 500 字，当前 501 字',
    });
    expect(await models.Task.findOne({ _id: task.taskNo }, { status: 1 }).lean()).toMatchObject({
      status: 'reported',
    });
  }, 60_000);

  it('refuses an uploaded file over the importer’s 50 MB, and a cell over 200 characters', async () => {
    const { models } = db();
    const before = await targetCount(models);
    const peng = await openIdOf(emu(), '彭世杰');
    // The test API carries files as base64 in a JSON body (≤ 32 MB), so the emulator's stored copy of
    // this small upload is swapped for one just over the limit as it is stored: what the bot downloads.
    const files = emu().state.files;
    const set = files.set.bind(files);
    files.set = (key, file) =>
      set(
        key,
        file.name === '超大名录.xlsx'
          ? { ...file, data: Buffer.alloc(DEFAULT_LIMITS.maxBytes + 1, 7) }
          : file,
      );
    const small = await writeXlsx(join(dir(), 'small.xlsx'), [TARGET_SHEET_HEADER, targetSheetRow(950)]);
    try {
      await testApi(emu(), 'POST', 'messages', {
        open_id: peng,
        file: { name: '超大名录.xlsx', base64: readFileSync(small).toString('base64') },
      });
    } finally {
      files.set = set;
    }
    const refused = await cardTitled('彭世杰', '无法导入：超大名录.xlsx');
    expect(textOf(refused.content)).toContain('文件超过 50 MB，请拆分后分别发送');
    expect(await targetCount(models)).toBe(before);

    const wide = await writeXlsx(join(dir(), 'wide.xlsx'), [
      TARGET_SHEET_HEADER,
      targetSheetRow(951, { 经营地址: '址'.repeat(MAX_CELL_LENGTH + 1) }),
      targetSheetRow(952),
    ]);
    await testApi(emu(), 'POST', 'messages', {
      open_id: peng,
      file: { name: '长地址.xlsx', base64: readFileSync(wide).toString('base64') },
    });
    const bad = await cardTitled('彭世杰', '未导入：长地址.xlsx');
    expect(textOf(bad.content)).toContain(
      `内容过长（${MAX_CELL_LENGTH + 1} 字），上限 ${MAX_CELL_LENGTH} 字`,
    );
    expect(await countTargets(models, [testCreditCode(952)])).toBe(0);
  }, 60_000);
});
