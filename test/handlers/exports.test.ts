import ExcelJS from 'exceljs';
import { tasksOfYear } from '../../src/services/period-marks';
import { fileReport, reviewReport } from '../../src/services/reports';
import { publishResults } from '../../src/services/publications';
import { cancelDraw } from '../../src/services/draws';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi, type SentMessage } from '../helpers/emulator';
import { demoDraw, demoReport, plainInspectorOf } from '../helpers/publications';
import { waitFor } from '../helpers/wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

const title = (m: SentMessage) => ((m.content as any).header?.title?.content ?? '') as string;

/**
 * `/导出` in chat: the four tables as xlsx files in the chat they were asked in, read back as a
 * bureau would open them; who may have which, and what a wrong request is told.
 */
describe('/导出: the tables as xlsx in chat', () => {
  const { emu, db, errors } = useDemoBot();
  afterEach(() => expect(errors).toEqual([]));
  const say = async (name: string, text: string) =>
    testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
  const chat = async (name: string) => messagesOf(emu(), { open_id: await openIdOf(emu(), name) });
  /** Asks for an export and returns the notice card and the workbook that follows it. */
  const exported = async (name: string, text: string) => {
    const before = (await chat(name)).length;
    await say(name, text);
    await waitFor(
      async () =>
        (await chat(name)).filter((m) => m.msg_type === 'file').length > 0 &&
        (await chat(name)).length >= before + 3,
      `${name}: ${text}`,
    );
    const after = (await chat(name)).slice(before);
    const file = after.find((m) => m.msg_type === 'file')!;
    const stored = await testApi<{ name: string; base64: string }>(
      emu(),
      'GET',
      `files/${(file.content as any).file_key}`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(Buffer.from(stored.base64, 'base64')).buffer);
    const rows = (sheet: string) =>
      (wb.getWorksheet(sheet)!.getSheetValues() as unknown[][]).slice(1).map((r) => (r ?? []).slice(1));
    return {
      notice: after.find((m) => m.msg_type === 'interactive' && title(m).startsWith('已导出'))!,
      name: stored.name,
      rows,
    };
  };
  const refusal = async (name: string, text: string) => {
    const before = (await chat(name)).length;
    await say(name, text);
    await waitFor(
      async () => (await chat(name)).some((m, i) => i >= before && title(m) === '无法完成'),
      `${name}: refusal`,
    );
    return JSON.stringify((await chat(name)).slice(before).find((m) => title(m) === '无法完成')!.content);
  };

  let published: { taskNo: string; targetName: string; targetCreditCode: string };
  let pending: string;
  let inspector: string;

  beforeAll(async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ taskNo: 1 }).limit(2).lean();
    for (const t of tasks)
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, demoReport('内部备注'), DEMO_NOW);
    for (const t of tasks) await reviewReport(models, t.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    await publishResults(models, [tasks[0]!.taskNo], 'name:彭世杰', DEMO_NOW);
    published = tasks[0]!;
    pending = tasks[1]!.taskNo;
    inspector = await plainInspectorOf(models, tasks[0]!);
    // An attempt withdrawn before approval: it too belongs in the archive.
    const withdrawn = await demoDraw(models, 'seal-engraving', DEMO_NOW, { dispatch: false });
    await cancelDraw(models, withdrawn, 'name:彭世杰', DEMO_NOW, '名录尚未更新');
  }, 60_000);

  it('sends the 随机抽查事项清单 with the plan’s columns and its 责任分工, to anyone in the 名录', async () => {
    const x = await exported(inspector, '/导出 事项清单');
    expect(x.name).toBe('洛阳市公安局偃师分局 2026 年随机抽查事项清单.xlsx');
    const [heading, ...rows] = x.rows('随机抽查事项清单');
    expect(heading).toEqual([
      '洛阳市公安局偃师分局2026年“双随机、一公开”随机抽查事项清单（偃公通〔2023〕40号）',
    ]);
    expect(rows[0]).toEqual([
      '序号',
      '部门名称',
      '抽查事项名称',
      '抽查依据',
      '检查主体',
      '事项类别',
      '检查对象',
      '抽查比例',
      '抽查频次',
      '检查方式',
      '备注',
      '简称',
      '事项代码',
      '现场材料',
    ]);
    expect(rows.slice(1)).toHaveLength(6);
    // Who answers for each item, as the plan's section 四 names them; no contacts in a file sent to chats.
    const duties = x.rows('责任分工').slice(1);
    expect(duties[0]!.slice(0, 7)).toEqual([
      '事项',
      '责任局领导',
      '责任单位',
      '责任人',
      '建库时间',
      '抽取时间',
      '完成时限',
    ]);
    expect(duties[1]!.slice(0, 4)).toEqual(['对易制毒化学品从业单位的检查', '焦柳扬', '禁毒大队', '郭继涛']);
    expect(x.rows('人员名单')[1]).toEqual(['姓名', '单位', '职务', '计划中的角色']);
    expect(rows.slice(1).map((r) => r[0])).toEqual([1, 2, 3, 4, 5, 6]);
    expect(JSON.stringify(x.notice.content)).toContain('共 6 行');
  });

  it('sends the 结果公示表 with published results only, and none of the private fields', async () => {
    const x = await exported('彭世杰', '/导出 公示表 2026');
    const rows = x.rows('抽查结果公示表');
    expect(rows[0]).toEqual([
      '序号',
      '抽查事项',
      '抽查依据',
      '检查对象名称',
      '统一社会信用代码',
      '检查日期',
      '检查方式',
      '检查结果',
      '后续处置',
      '整改情况',
      '检查人员',
      '检查机关',
      '责任单位',
      '公示日期',
      '异议与更正',
    ]);
    expect(rows.slice(1)).toHaveLength(1);
    expect(rows[1]).toEqual(
      expect.arrayContaining([
        published.targetName,
        published.targetCreditCode,
        '发现问题已责令改正',
        '责令改正',
        '已补登记',
        '2026-11-26',
      ]),
    );
    const all = JSON.stringify(rows);
    expect(all).not.toContain(pending);
    expect(all).not.toContain('内部备注');
  });

  it('sends the 抽取结果 to the unit’s 责任人 and refuses an inspector', async () => {
    const { models } = db();
    const x = await exported('彭世杰', '/导出 抽取结果');
    const rows = x.rows('抽取结果');
    expect(rows.slice(1)).toHaveLength((await tasksOfYear(models, 2026)).length);
    expect(rows.find((r) => r[10] === published.taskNo)).toEqual(
      expect.arrayContaining([published.targetName, published.targetCreditCode, '治安大队', '2026-11-26']),
    );
    // Every attempt, with how it ended: the dispatched one with its seed parts, the withdrawn one with its reason.
    const attempts = x.rows('抽取记录');
    expect(attempts[0]!.slice(0, 6)).toEqual([
      '抽取编号',
      '抽查事项',
      '轮次',
      '第几次发起',
      '状态',
      '发起人',
    ]);
    const rowOf = (item: string) => attempts.find((r) => r[1] === item)!;
    expect(rowOf('旅馆业').slice(4, 8)).toEqual(['已派发', '彭世杰', '2026-11-26', '赵晓辉']);
    expect(rowOf('旅馆业')[14]).toMatch(/^[0-9a-f]{64}$/);
    expect(rowOf('旅馆业')[16]).toMatch(/^[0-9a-f]{64}$/);
    expect(rowOf('公章刻制业').slice(4, 10)).toEqual([
      '已取消',
      '彭世杰',
      '2026-11-26',
      '彭世杰',
      '2026-11-26',
      '名录尚未更新',
    ]);
    expect(rowOf('公章刻制业')[14]).toMatch(/^[0-9a-f]{64}$/);
    expect(rowOf('公章刻制业')[16]).toBeFalsy();
    expect(await refusal(inspector, '/导出 抽取结果')).toContain(
      '只有局领导、领导小组办公室和各单位负责人、责任人可以导出抽取结果',
    );
  });

  it('sends the 考评表 to a 责任局领导', async () => {
    const x = await exported('赵晓辉', '/导出 考评表 2026');
    const rows = x.rows('考评');
    expect(rows[0]!.slice(0, 3)).toEqual(['名次', '单位', '派发']);
    const unit = rows.find((r) => r[1] === '治安大队')!;
    expect(unit[2]).toBe(
      (await tasksOfYear(db().models, 2026)).filter((t) => t.unitName === '治安大队').length,
    );
    expect(JSON.stringify(rows)).toContain('数据截至 2026-11-26');
  });

  it('says what is wrong with a request', async () => {
    expect(await refusal('彭世杰', '/导出')).toContain('用法：/导出 <类型> [年份]');
    expect(await refusal('彭世杰', '/导出 花名册')).toContain('没有“花名册”这种导出');
    expect(await refusal('彭世杰', '/导出 事项清单 26')).toContain('年份应为四位数字');
    expect(await refusal('彭世杰', '/导出 事项清单 2031')).toContain('没有 2031 年度计划');
  });
});
