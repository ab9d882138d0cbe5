import { targetCount } from '../../src/services/target-registry';
import { countTargets } from '../helpers/targets';
import { join } from 'node:path';
import { dispatchNotices } from '../../src/services/dispatch-notices';
import { approveDraw, dispatchDraw, proposeDraw, submitDraw } from '../../src/services/draws';
import { TARGET_SHEET_HEADER } from '../../src/demo/write-pool-files';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { chatAs } from '../helpers/chat';
import { messagesOf, openIdOf, testApi } from '../helpers/emulator';
import { targetSheetRow, testCreditCode, writeXlsx } from '../helpers/sheets';
import { waitFor } from '../helpers/wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

const code = testCreditCode;
const targetRow = targetSheetRow;

describe('unit administration in chat: pool spreadsheets and the work chat', () => {
  const { emu, db, dir, errors } = useDemoBot();
  afterEach(() => expect(errors).toEqual([]));

  const say = async (name: string, text: string) =>
    testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
  const { sendFile: send } = chatAs(emu);
  const titles = async (name: string) =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) }))
      .filter((m) => m.msg_type === 'interactive')
      .map((m) => ({
        title: (m.content as any).header.title.content as string,
        text: JSON.stringify(m.content),
      }));
  const waitTitle = async (name: string, t: string) => {
    await waitFor(async () => (await titles(name)).some((c) => c.title === t), `${name}: ${t}`);
    return (await titles(name)).find((c) => c.title === t)!;
  };

  /**
   * An inspector of the demo's, who has a Feishu account in the emulator: not 新民警, whom a test above
   * imports without one (an unsorted findOne may return either; on PostgreSQL it did, as rows move).
   */
  const DEMO_OFFICER = { roles: ['inspector'], unitName: '治安大队', name: { $ne: '新民警' } };

  it('imports a good file and answers with what changed', async () => {
    const file = await writeXlsx(join(dir(), 'good.xlsx'), [
      TARGET_SHEET_HEADER,
      targetRow(1),
      targetRow(2),
      targetRow(3),
    ]);
    await send('陶向东', file, '娱乐场所名录.xlsx');
    await waitTitle('陶向东', '正在导入');
    const done = await waitTitle('陶向东', '已导入：娱乐场所名录.xlsx');
    expect(done.text).toContain('检查对象名录库：共 3 行，新增 **3**，更新 **0**，未变 0。');
    expect(await countTargets(db().models, [code(1), code(2), code(3)])).toBe(3);
  });

  it('writes nothing from a file with a bad row, and names the row and column', async () => {
    const before = await targetCount(db().models);
    const file = await writeXlsx(join(dir(), 'bad.xlsx'), [
      TARGET_SHEET_HEADER,
      targetRow(4),
      targetRow(5, { 统一社会信用代码: '91410381MA0000005X' }),
    ]);
    await send('彭世杰', file, '有错的名录.xlsx');
    const failed = await waitTitle('彭世杰', '未导入：有错的名录.xlsx');
    expect(failed.text).toContain('其中 **1** 处有问题，**未写入任何数据**');
    expect(failed.text).toContain('第 3 行「统一社会信用代码」');
    expect(await targetCount(db().models)).toBe(before);
  });

  it('reads an officer list by its name and its header', async () => {
    const file = await writeXlsx(join(dir(), 'officers.xlsx'), [
      ['姓名', '执法证号', '所属单位', '角色', '手机号'],
      ['新民警', '410380199999', '治安大队', '执法检查人员', '13911112222'],
    ]);
    await send('彭世杰', file, '执法检查人员补充.xlsx');
    const done = await waitTitle('彭世杰', '已导入：执法检查人员补充.xlsx');
    expect(done.text).toContain('执法检查人员名录库：共 1 行，新增 **1**');
    expect(await db().models.Person.findOne({ badgeNo: '410380199999' }).lean()).toMatchObject({
      name: '新民警',
      unitName: '治安大队',
    });
  });

  it('refuses files from people without the role, and files that are not spreadsheets', async () => {
    const officer = (await db().models.Person.findOne(DEMO_OFFICER).lean())!;
    const file = await writeXlsx(join(dir(), 'x.xlsx'), [TARGET_SHEET_HEADER, targetRow(9)]);
    await send(officer.name, file, '名录.xlsx');
    expect((await waitTitle(officer.name, '无法完成')).text).toContain(
      '只有领导小组办公室、各单位负责人或责任人可以导入名录',
    );
    await send('陶向东', file, '会议纪要.docx');
    expect((await waitTitle('陶向东', '无法完成')).text).toContain('“会议纪要.docx”不是 xlsx 或 csv 文件');
    expect(await countTargets(db().models, [code(9)])).toBe(0);
  });

  it('binds a unit’s work chat for its task lists, from the group, by its 责任人 only', async () => {
    const { models } = db();
    const group = (await testApi<{ chatId: string; name: string }[]>(emu(), 'GET', 'chats')).find(
      (c) => c.name === '治安大队抽查工作群',
    )!;
    const inGroup = async (name: string, text: string) =>
      testApi(emu(), 'POST', 'messages', {
        open_id: await openIdOf(emu(), name),
        chat_id: group.chatId,
        text,
      });
    const groupCards = async () =>
      (await messagesOf(emu(), { chat_id: group.chatId }))
        .filter((m) => m.msg_type === 'interactive')
        .map((m) => JSON.stringify(m.content));
    const officer = (await models.Person.findOne(DEMO_OFFICER).lean())!;
    await inGroup(officer.name, '/设为工作群');
    await waitFor(
      async () =>
        (await groupCards()).some((c) =>
          c.includes('只有各单位负责人、责任人或领导小组办公室可以设置工作群'),
        ),
      'refusal',
    );
    expect((await models.Unit.findOne({ name: '治安大队' }).lean())!.chatId ?? null).toBeNull();
    await say('彭世杰', '/设为工作群');
    expect((await waitTitle('彭世杰', '无法完成')).text).toContain('请在单位的工作群里');
    await inGroup('彭世杰', '/设为工作群');
    await waitFor(
      async () => (await groupCards()).some((c) => c.includes('治安大队的检查任务清单今后发到本群')),
      'bound',
    );
    expect((await models.Unit.findOne({ name: '治安大队' }).lean())!.chatId).toBe(group.chatId);
    // The next dispatch of the unit's item sends its task list there.
    const proposed = await proposeDraw(models, {
      year: 2026,
      itemCode: 'hotels',
      round: 1,
      actor: 'name:彭世杰',
      now: DEMO_NOW,
    });
    if (!proposed.ok) throw new Error(proposed.reason);
    const drawNo = proposed.draw.drawNo;
    await submitDraw(models, drawNo, 'name:彭世杰', DEMO_NOW);
    await approveDraw(models, drawNo, 'name:赵晓辉', DEMO_NOW, `随机码-${drawNo}`);
    await dispatchDraw(models, drawNo, 'name:赵晓辉', DEMO_NOW);
    expect((await dispatchNotices(models, drawNo))[0]).toEqual({
      id: `unit-${drawNo}`,
      kind: 'unit-tasks',
      subject: drawNo,
      to: { chatId: group.chatId },
    });
  });
});
