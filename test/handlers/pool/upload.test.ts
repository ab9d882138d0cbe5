import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { openTasks } from '../../../src/services/open-tasks';

/**
 * A spreadsheet sent to the bot (handlers/pool/upload.ts): a pool or a year's plan, read in the
 * background — the handler checks who sent what, queues the import and says so at once.
 */
describe('pool upload', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));
  const xlsx = (fileName: string) => ({ type: 'file' as const, fileName });
  const imports = async () => (await h.jobs()).filter((j) => j.name === 'import-pool');

  it('queues the office’s pool file, with where to answer, and says it is being imported', async () => {
    const sent = await h.sendAttachment('陶向东', xlsx('检查对象名录.xlsx'));
    expect(sent.cards.map(h.title)).toEqual(['正在导入']);
    expect(textOf(sent.cards[0]!.card)).toContain(
      '已收到“检查对象名录.xlsx”，正在校验并导入，完成后在这里告诉您结果。',
    );
    const [job] = await imports();
    expect(job!.data).toEqual({
      messageId: sent.messageId,
      fileKey: sent.key,
      fileName: '检查对象名录.xlsx',
      chatId: `oc_p2p_${h.openId('陶向东')}`,
      openId: h.openId('陶向东'),
      actor: 'name:陶向东',
    });
  });

  it('takes a file named as a plan from the office as a plan, and from a unit head as a pool', async () => {
    const plan = await h.sendAttachment('陶向东', xlsx('2027年度双随机抽查计划.xlsx'));
    expect(textOf(plan.cards[0]!.card)).toContain('正在校验计划');
    // 彭世杰 may import his unit's pools but not submit a plan: the file is read as a pool.
    const pool = await h.sendAttachment('彭世杰', xlsx('治安大队抽查计划人员.csv'));
    expect(textOf(pool.cards[0]!.card)).toContain('正在校验并导入');
    expect((await imports()).map((j) => j.data.fileName)).toEqual(
      expect.arrayContaining(['2027年度双随机抽查计划.xlsx', '治安大队抽查计划人员.csv']),
    );
  });

  it('refuses a file that is no spreadsheet, naming it, and queues nothing', async () => {
    const before = (await imports()).length;
    const sent = await h.sendAttachment('陶向东', xlsx('会议纪要.txt'));
    expect(sent.cards.map(h.title)).toEqual(['无法完成']);
    expect(textOf(sent.cards[0]!.card)).toContain('“会议纪要.txt”不是 xlsx 或 csv 文件。');
    expect(await imports()).toHaveLength(before);
  });

  it('refuses a spreadsheet from someone who may not import, and records the attempt', async () => {
    const { models } = h.db();
    // A leader with no task of their own: the file cannot be 现场材料, so it is read as an import.
    const leader = (await models.Person.findOne({ name: '赵晓辉' }).lean())!;
    expect((await openTasks(models)).filter((t) => t.inspectorKeys.includes(leader.key))).toEqual([]);
    const before = (await imports()).length;
    const sent = await h.sendAttachment('赵晓辉', xlsx('检查对象名录.xlsx'));
    expect(textOf(sent.cards[0]!.card)).toContain('只有领导小组办公室、各单位负责人或责任人可以导入名录');
    expect(await imports()).toHaveLength(before);
    const denied = await models.AuditEntry.findOne({
      action: 'permission.denied',
      actor: leader.key,
      subject: '检查对象名录.xlsx',
    }).lean();
    expect(denied?.details).toMatchObject({ what: 'pool.upload' });
  });
});
