import ExcelJS from 'exceljs';
import { storeReports, storeTasks } from '../helpers/stored-tasks';
import { appendAudit } from '../../src/services/audit';
import { monthlySummary } from '../../src/services/monthly-summary';
import { summaryXlsx } from '../../src/services/summary-xlsx';
import { useTestDb } from '../helpers/services';

const by = { createdBy: 'test', updatedBy: 'test' };

/** A task of 2026 with the fields the summary does not read filled in. */
const task = (o: {
  taskNo: string;
  itemName?: string;
  unitName?: string;
  targetName: string;
  inspectorKeys: string[];
  dispatchedOn: string;
  deadline: string;
  status: 'open' | 'reported' | 'returned' | 'accepted';
}) => ({
  year: 2026,
  itemCode: 'X',
  itemName: '娱乐场所',
  unitName: '治安大队',
  round: 1,
  targetCreditCode: `91410381MA${o.taskNo.slice(-8)}`,
  ...o,
});

const report = (taskNo: string, inspectedOn: string, resultCategory: string, rectification = '') => ({
  ...by,
  taskNo,
  inspectedOn,
  method: '现场检查',
  resultCategory,
  findings: resultCategory.startsWith('发现问题') ? '消防通道堵塞' : '',
  followUp: '无需后续处置',
  rectification,
  submittedBy: 'badge:410381010001',
});

/** Cell values of a sheet as strings/numbers, row by row (1-based rows dropped of their empty slot 0). */
const valuesOf = (ws: ExcelJS.Worksheet) => {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
};

describe('the monthly summary workbook', () => {
  const db = useTestDb();
  let wb: ExcelJS.Workbook;
  let name: string;

  beforeAll(async () => {
    const { models } = db();
    await models.Person.create([
      { ...by, key: 'badge:410381010001', name: '张三', unitName: '治安大队' },
      { ...by, key: 'badge:410381010002', name: '李四', unitName: '治安大队' },
      { ...by, key: 'badge:410381020001', name: '王五', unitName: '禁毒大队' },
    ]);
    const zs = 'badge:410381010001';
    const ls = 'badge:410381010002';
    await storeTasks(models, [
      // Dispatched and done on time in October.
      task({
        taskNo: 'CC2026-04-R1-01-0001',
        targetName: '金色年华KTV',
        inspectorKeys: [zs, ls],
        dispatchedOn: '2026-10-09',
        deadline: '2026-10-30',
        status: 'accepted',
      }),
      // Done late with a problem put right.
      task({
        taskNo: 'CC2026-04-R1-01-0002',
        targetName: '星光歌舞厅',
        inspectorKeys: [zs, ls],
        dispatchedOn: '2026-10-09',
        deadline: '2026-10-16',
        status: 'reported',
      }),
      // Dispatched in September, still open past its deadline: counted overdue only.
      task({
        taskNo: 'CC2026-04-R1-01-0003',
        targetName: '夜来香酒吧',
        inspectorKeys: [ls, zs],
        dispatchedOn: '2026-09-10',
        deadline: '2026-10-15',
        status: 'open',
      }),
      // Sent back after a problem, now past its deadline: filed this month and overdue.
      task({
        taskNo: 'CC2026-04-R1-01-0004',
        targetName: '红磨坊网吧',
        inspectorKeys: [zs, ls],
        dispatchedOn: '2026-10-09',
        deadline: '2026-10-31',
        status: 'returned',
      }),
      // Another item and unit, dispatched in October, not yet due; an inspector missing from the people.
      task({
        taskNo: 'CC2026-09-R1-01-0001',
        itemName: '易制毒化学品',
        unitName: '禁毒大队',
        targetName: '洛阳化工有限公司',
        inspectorKeys: ['badge:410381020001', 'name:赵六'],
        dispatchedOn: '2026-10-12',
        deadline: '2026-11-20',
        status: 'open',
      }),
      // All in August: not concerned.
      task({
        taskNo: 'CC2026-04-R1-01-0005',
        targetName: '旧日时光KTV',
        inspectorKeys: [zs, ls],
        dispatchedOn: '2026-08-01',
        deadline: '2026-09-01',
        status: 'accepted',
      }),
    ]);
    await storeReports(models, [
      report('CC2026-04-R1-01-0001', '2026-10-20', '未发现问题'),
      report('CC2026-04-R1-01-0002', '2026-10-21', '发现问题已责令改正', '已清理消防通道'),
      report('CC2026-04-R1-01-0004', '2026-10-25', '发现问题待后续处理'),
      report('CC2026-04-R1-01-0005', '2026-08-20', '未发现问题'),
    ]);
    for (const subject of ['CC2026-04-R1-01', 'CC2026-09-R1-01'])
      await appendAudit(
        models,
        { actor: 'system:dispatch', action: 'draw.dispatched', subject },
        new Date('2026-10-09T01:30:00Z'),
      );
    const file = await summaryXlsx(await monthlySummary(models, '2026-10', '2026-11-02'));
    name = file.name;
    wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(file.data).buffer);
  });

  it('is named for the month', () => {
    expect(name).toBe('2026-10 双随机抽查月度汇总.xlsx');
    expect(wb.worksheets.map((w) => w.name)).toEqual(['汇总', '明细']);
  });

  it('has the card’s figures per item and unit, a total row and the date of the figures on 汇总', () => {
    const ws = wb.getWorksheet('汇总')!;
    expect(valuesOf(ws).slice(0, 4)).toEqual([
      ['事项', '责任单位', '本月派发', '本月办结', '按期', '逾期未办', '发现问题', '已整改'],
      // By item in pinyin order: 易 (yì) before 娱 (yú).
      ['易制毒化学品', '禁毒大队', 1, 0, 0, 0, 0, 0],
      ['娱乐场所', '治安大队', 3, 3, 2, 2, 2, 1],
      ['合计', '', 4, 3, 2, 2, 2, 1],
    ]);
    expect(ws.getRow(4).font?.bold).toBe(true);
    expect(String(ws.getCell('A6').value)).toMatch(/^数据截至 2026-11-02。/);
  });

  it('states the audit log’s newest entry on 汇总, to check the log against later', async () => {
    const { models } = db();
    const { hash } = (await models.AuditEntry.findOne({ seq: 2 }).lean())!;
    expect(String(wb.getWorksheet('汇总')!.getCell('A7').value)).toBe(
      `审计日志截至第 2 条，哈希 ${hash}（2026-10-09 09:30）。留存备查：据此可核对审计日志此后未被截短或改写（npm run verify-audit -- --head 2:${hash}）。`,
    );
  });

  it('lists every task counted on 明细, dates as text and statuses in Chinese', () => {
    const ws = wb.getWorksheet('明细')!;
    expect(valuesOf(ws)).toEqual([
      [
        '任务编号',
        '事项',
        '责任单位',
        '检查对象',
        '检查人员',
        '派发日期',
        '办结期限',
        '任务状态',
        '检查日期',
        '检查结果',
        '整改情况',
        '按期情况',
      ],
      [
        'CC2026-09-R1-01-0001',
        '易制毒化学品',
        '禁毒大队',
        '洛阳化工有限公司',
        '王五、赵六',
        '2026-10-12',
        '2026-11-20',
        '待检查',
        '',
        '',
        '',
        '未到期',
      ],
      [
        'CC2026-04-R1-01-0001',
        '娱乐场所',
        '治安大队',
        '金色年华KTV',
        '张三、李四',
        '2026-10-09',
        '2026-10-30',
        '已通过审核',
        '2026-10-20',
        '未发现问题',
        '',
        '按期',
      ],
      [
        'CC2026-04-R1-01-0002',
        '娱乐场所',
        '治安大队',
        '星光歌舞厅',
        '张三、李四',
        '2026-10-09',
        '2026-10-16',
        '已填报，待审核',
        '2026-10-21',
        '发现问题已责令改正',
        '已清理消防通道',
        '逾期办结',
      ],
      [
        'CC2026-04-R1-01-0003',
        '娱乐场所',
        '治安大队',
        '夜来香酒吧',
        '李四、张三',
        '2026-09-10',
        '2026-10-15',
        '待检查',
        '',
        '',
        '',
        '逾期未办',
      ],
      [
        'CC2026-04-R1-01-0004',
        '娱乐场所',
        '治安大队',
        '红磨坊网吧',
        '张三、李四',
        '2026-10-09',
        '2026-10-31',
        '被退回，待重新填报',
        '2026-10-25',
        '发现问题待后续处理',
        '',
        '逾期未办',
      ],
    ]);
  });

  it('has bold, frozen headers and columns wide enough for their text', () => {
    for (const ws of wb.worksheets) {
      expect(ws.getRow(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    }
    const detail = wb.getWorksheet('明细')!;
    expect(detail.getColumn(1).width).toBeGreaterThanOrEqual('CC2026-04-R1-01-0001'.length);
    // 洛阳化工有限公司: 8 CJK characters, 16 columns.
    expect(detail.getColumn(4).width).toBeGreaterThanOrEqual(16);
    expect(detail.getColumn(4).width).toBeLessThanOrEqual(60);
  });

  it('takes its timestamps from the summary, not the clock', () => {
    expect(wb.created.toISOString()).toBe('2026-11-01T16:00:00.000Z');
    expect(wb.modified.toISOString()).toBe('2026-11-01T16:00:00.000Z');
  });
});
