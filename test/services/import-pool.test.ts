import { findTarget, targetCount } from '../../src/services/target-registry';
import { countTargets, targetsWhere } from '../helpers/targets';
import { basename, join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { TARGET_SHEET_HEADER } from '../../src/demo/write-pool-files';
import { DomainError } from '../../src/domain/errors';
import { readPlanTemplate } from '../../src/adapters/plan-file';
import { importPool } from '../../src/services/import-pool';
import { seedPlan } from '../../src/services/seed-plan';
import { keepOpenIds } from '../../src/services/people-writes';
import { useTestDb } from '../helpers/services';
import { targetSheetRow, testCreditCode, useTempDir, writeCsv, writeXlsx } from '../helpers/sheets';

const code = testCreditCode;
const HEADER = TARGET_SHEET_HEADER;
const row = targetSheetRow;

describe('importing the 检查对象名录库 and 执法检查人员名录库', () => {
  const db = useTestDb();
  const dir = useTempDir();
  const actor = 'test:import';
  const now = new Date('2026-11-25T01:00:00Z');

  beforeAll(async () => {
    await seedPlan(db().models, readPlanTemplate(), [2026], 'test:seed', new Date('2026-11-26T02:00:00Z'));
  });

  it('imports a good xlsx with a title row, tolerant headers and full-width text; a re-run changes nothing', async () => {
    const { models } = db();
    const file = await writeXlsx(join(dir(), 'good.xlsx'), [
      ['偃师区娱乐场所检查对象名录（2026年）'],
      [
        '序号',
        ' 单位 名称 ',
        '统一社会信用代码（必填）',
        '经营地址',
        '法人',
        '电话',
        '行业类别',
        '信用等级',
        '风险等级',
        '状态',
      ],
      row(1).map((c, i) => (i === 2 ? c.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))) : c)),
      row(2, { 抽查事项: '娱乐场所、旅馆业', 信用等级: 'C级', 风险等级: '高', 经营状态: '停业' }),
      row(3, { 抽查事项: 'KTV', 信用等级: '' }),
      [],
    ]);
    const first = await importPool(models, 'targets', file, { actor, now });
    expect(first).toMatchObject({
      headerRow: 2,
      dataRows: 3,
      created: 3,
      updated: 0,
      unchanged: 0,
      problems: [],
      written: true,
      ignoredColumns: ['序号'],
    });
    const stored = await targetsWhere(models);
    expect(
      stored.map((t) => [t.creditCode, t.itemCodes, t.creditLevel, t.riskLevel, t.status, t.createdBy]),
    ).toEqual([
      [code(1), ['entertainment'], 'A', 'low', 'open', actor],
      [code(2), ['entertainment', 'hotels'], 'C', 'high', 'suspended', actor],
      [code(3), ['entertainment'], 'B', 'low', 'open', actor],
    ]);
    expect(stored.every((t) => t.createdAt === now.toISOString() && t.updatedAt === now.toISOString())).toBe(
      true,
    );
    const before = stored.map((t) => t.updatedAt);

    const again = await importPool(models, 'targets', file, { actor, now: new Date('2026-12-01T00:00:00Z') });
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, written: true });
    const after = (await targetsWhere(models)).map((t) => t.updatedAt);
    expect(after).toEqual(before);
    // The import that changed the pool is in the audit log; the one that changed nothing is not.
    const logged = await models.AuditEntry.find({ action: 'pool.targets.imported' }).lean();
    expect(logged.map((e) => [e.actor, e.details])).toEqual([
      [actor, { file: basename(file), rows: 3, created: 3, updated: 0 }],
    ]);
  });

  it('updates only what changed, keeping items from earlier imports', async () => {
    const { models } = db();
    const file = writeCsv(join(dir(), 'hotels.csv'), [
      HEADER,
      row(2, { 抽查事项: '旅馆', 信用等级: 'D' }),
      row(4, { 抽查事项: '旅馆' }),
    ]);
    const report = await importPool(models, 'targets', file, { actor: 'test:second', now });
    expect(report).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const t2 = await findTarget(models, code(2));
    expect(t2).toMatchObject({
      creditLevel: 'D',
      itemCodes: ['entertainment', 'hotels'],
      createdBy: actor,
      updatedBy: 'test:second',
    });
  });

  it('reads GB18030 CSV as Excel on Chinese Windows saves it, with --item for rows that name none', async () => {
    const { models } = db();
    const header = ['名称', '社会信用代码', '地址'];
    const file = writeCsv(
      join(dir(), 'gbk.csv'),
      [header, ['偃师区刻章店甲', code(10), '偃师区城关镇'], ['偃师区刻章店乙', code(11), '偃师区岳滩镇']],
      'gb18030',
    );
    const report = await importPool(models, 'targets', file, { actor, now, defaultItems: ['公章'] });
    expect(report).toMatchObject({ created: 2, written: true });
    expect(await findTarget(models, code(10))).toMatchObject({
      name: '偃师区刻章店甲',
      itemCodes: ['seal-engraving'],
      address: '偃师区城关镇',
    });
  });

  it('reports every bad row with row, column and reason, and writes nothing', async () => {
    const { models } = db();
    const count = await targetCount(models);
    const badCode = code(21).slice(0, 17) + (code(21).endsWith('0') ? '1' : '0');
    const file = await writeXlsx(join(dir(), 'bad.xlsx'), [
      HEADER,
      row(20),
      row(21, { 统一社会信用代码: badCode }),
      row(22, { 单位名称: '', 抽查事项: '网吧' }),
      row(23, { 统一社会信用代码: code(20), 信用等级: 'E', 经营状态: '不详' }),
      row(24, { 统一社会信用代码: '9141038' }),
    ]);
    const report = await importPool(models, 'targets', file, { actor, now });
    expect(report.written).toBe(false);
    expect(report.problems).toEqual([
      {
        row: 3,
        column: '统一社会信用代码',
        reason: expect.stringMatching(/^统一社会信用代码校验位错误（第 18 位应为 .，实际为 .）$/u),
      },
      { row: 4, column: '名称', reason: '名称为空' },
      {
        row: 4,
        column: '抽查事项',
        reason: expect.stringMatching(/^未知的抽查事项“网吧”（可填：易制毒化学品从业单位、涉爆从业单位、/),
      },
      { row: 5, column: '信用等级', reason: '信用等级“E”无效，应为 A、B、C、D 之一' },
      { row: 5, column: '经营状态', reason: '经营状态“不详”无效，应为 正常、停业、注销 等' },
      { row: 5, column: '统一社会信用代码', reason: `统一社会信用代码 ${code(20)} 与第 2 行重复` },
      { row: 6, column: '统一社会信用代码', reason: '统一社会信用代码应为 18 位，实际 7 位' },
    ]);
    expect(await targetCount(models)).toBe(count);
  });

  it('refuses a duplicate credit code inside one file, naming both rows', async () => {
    const { models } = db();
    const file = writeCsv(join(dir(), 'dup.csv'), [HEADER, row(30), row(31), row(30, { 单位名称: '别名' })]);
    const report = await importPool(models, 'targets', file, { actor, now });
    expect(report.problems).toEqual([
      { row: 4, column: '统一社会信用代码', reason: `统一社会信用代码 ${code(30)} 与第 2 行重复` },
    ]);
    expect(await countTargets(models, [code(30)])).toBe(0);
  });

  it('reports a duplicate code among rows that have other problems too, in the same pass', async () => {
    const { models } = db();
    const file = writeCsv(join(dir(), 'dup-bad.csv'), [
      HEADER,
      row(32, { 信用等级: 'E' }),
      row(33),
      row(32, { 风险等级: '极高' }),
    ]);
    const report = await importPool(models, 'targets', file, { actor, now });
    expect(report.problems).toEqual([
      { row: 2, column: '信用等级', reason: '信用等级“E”无效，应为 A、B、C、D 之一' },
      { row: 4, column: '风险等级', reason: '风险等级“极高”无效，应为 低、中、高 之一' },
      { row: 4, column: '统一社会信用代码', reason: `统一社会信用代码 ${code(32)} 与第 2 行重复` },
    ]);
    expect(report.written).toBe(false);
    expect(await countTargets(models, [code(32), code(33)])).toBe(0);
  });

  it('skips sign-off and total rows below the data, and says so', async () => {
    const { models } = db();
    const file = await writeXlsx(
      join(dir(), 'footer.xlsx'),
      [
        HEADER,
        row(70),
        row(71),
        [],
        ['合计', '', '2 家'],
        ['填表人：张三', '', '', '审核人：李四'],
        ['', '制表：偃师区公安局治安大队'],
        ['日期：2026年11月20日'],
      ],
      { merges: ['B7:F7'] },
    );
    const report = await importPool(models, 'targets', file, { actor, now });
    expect(report).toMatchObject({
      dataRows: 2,
      created: 2,
      problems: [],
      written: true,
      skippedRows: [5, 6, 7, 8],
    });
    expect(report.notes).toEqual([
      '已跳过表尾 4 行：第 5–8 行（合计、填表人：张三、制表：偃师区公安局治安大队…）',
    ]);
    expect(await countTargets(models, [code(70), code(71)])).toBe(2);
  });

  it('still refuses a footer-like row in the middle of the data, writing nothing', async () => {
    const { models } = db();
    const file = await writeXlsx(join(dir(), 'footer-middle.xlsx'), [
      HEADER,
      row(72),
      ['合计', '', '1 家'],
      row(73),
    ]);
    const report = await importPool(models, 'targets', file, { actor, now });
    expect(report).toMatchObject({ written: false, skippedRows: [], notes: [] });
    expect(report.problems.map((p) => [p.row, p.column])).toContainEqual([3, '名称']);
    expect(await countTargets(models, [code(72), code(73)])).toBe(0);
  });

  it('imports a formula cell by its cached result, with a note naming the cell', async () => {
    const { models } = db();
    const file = await writeXlsx(join(dir(), 'formula-ok.xlsx'), [
      HEADER,
      row(74).map((c, i) => (i === 1 ? { formula: 'CONCAT("偃师","歌厅")', result: '偃师歌厅' } : c)),
      row(75),
    ] as never);
    const report = await importPool(models, 'targets', file, { actor, now });
    expect(report).toMatchObject({ created: 2, problems: [], written: true });
    expect(report.notes).toEqual(['第 2 行 名称 为公式，已按其计算结果导入']);
    expect(await findTarget(models, code(74))).toMatchObject({ name: '偃师歌厅' });
  });

  it.each([
    ['an xlsx whose sheet is empty', 'empty-sheet.xlsx', [], /^工作表是空的/],
    ['an xlsx with only blank rows', 'blank-sheet.xlsx', [[], [''], []], /^工作表是空的/],
    [
      'an xlsx with a header and only a footer',
      'footer-only.xlsx',
      [HEADER, [], ['填表人：张三']],
      /^第 1 行是表头，但表头下没有数据（只有表尾 1 行：填表人：张三）$/,
    ],
  ])('refuses %s, saying so', async (_what, name, rows, message) => {
    const file = await writeXlsx(join(dir(), name), rows as string[][]);
    await expect(importPool(db().models, 'targets', file, { actor, now })).rejects.toThrow(message);
  });

  it.each([
    ['a text file named .xlsx', 'fake.xlsx', () => 'hello', /内容不是有效的 Excel 文件/],
    ['an empty file', 'empty.csv', () => '', /文件是空的/],
    [
      'an old binary .xls',
      'old.xls',
      () => Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
      /旧版 Excel/,
    ],
    ['a PDF', 'x.pdf', () => '%PDF-1.4', /不支持的文件类型“.pdf”/],
    [
      'a csv without the required columns',
      'nohead.csv',
      () => '姓名,年龄\r\n张三,30\r\n',
      /找不到表头[\s\S]*缺少：名称、统一社会信用代码/,
    ],
    [
      'a csv with a header and no data',
      'nodata.csv',
      () => HEADER.join(',') + '\r\n',
      /第 1 行是表头，但表头下没有数据/,
    ],
    [
      'a broken zip',
      'broken.xlsx',
      () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(100, 7)]),
      /无法读取 Excel 文件/,
    ],
  ])('refuses %s with a clear message', async (_what, name, content, message) => {
    const file = join(dir(), name);
    writeFileSync(file, content());
    const result = importPool(db().models, 'targets', file, { actor, now });
    await expect(result).rejects.toBeInstanceOf(DomainError);
    await expect(importPool(db().models, 'targets', file, { actor, now })).rejects.toThrow(message);
  });

  it('refuses formulas without a cached result, Excel error values and credit codes stored as numbers, per cell', async () => {
    const file = await writeXlsx(join(dir(), 'formula.xlsx'), [
      HEADER,
      row(40).map((c, i) => (i === 1 ? { formula: 'CONCAT("偃师","歌厅")' } : c)),
      row(41).map((c, i) => (i === 2 ? 914103810000000000 : c)),
      row(42).map((c, i) => (i === 3 ? { error: '#REF!' } : c)),
    ] as never);
    const report = await importPool(db().models, 'targets', file, { actor, now });
    expect(report.problems).toEqual([
      {
        row: 2,
        column: '名称',
        reason:
          '单元格 B2 是公式，但文件中没有保存其计算结果：请在 Excel 或 WPS 中打开并保存一次，或复制后“选择性粘贴 → 数值”再导入',
      },
      {
        row: 3,
        column: '统一社会信用代码',
        reason: '长数字被 Excel 存成了数值，末尾几位已丢失：请把该列设为“文本”格式后重新录入',
      },
      { row: 4, column: '地址', reason: '单元格是 Excel 错误值 #REF!' },
    ]);
  });

  it('refuses merged cells in the data area but accepts a merged title row', async () => {
    const merged = await writeXlsx(join(dir(), 'merged.xlsx'), [HEADER, row(50), row(51, { 抽查事项: '' })], {
      merges: ['G2:G3'],
    });
    await expect(importPool(db().models, 'targets', merged, { actor, now })).rejects.toThrow(
      /数据区有合并单元格（G2:G3）/,
    );
    const titled = await writeXlsx(join(dir(), 'titled.xlsx'), [['名录', '', '', ''], HEADER, row(52)], {
      merges: ['A1:D1'],
    });
    expect(await importPool(db().models, 'targets', titled, { actor, now })).toMatchObject({
      created: 1,
      written: true,
    });
  });

  it('stops at the row limit with a clear message instead of reading on', async () => {
    const rows = [HEADER, ...Array.from({ length: 60 }, (_, i) => row(100 + i))];
    const file = writeCsv(join(dir(), 'big.csv'), rows);
    const result = importPool(db().models, 'targets', file, {
      actor,
      now,
      limits: { maxBytes: 1 << 20, maxRows: 50 },
    });
    await expect(result).rejects.toThrow('文件超过 50 行的上限，请拆分后分批导入');
    // The limit is on data rows: a title and the header come on top.
    const full = writeCsv(join(dir(), 'full.csv'), [['名录'], HEADER, ...rows.slice(1, 51)]);
    expect(
      await importPool(db().models, 'targets', full, {
        actor,
        now,
        limits: { maxBytes: 1 << 20, maxRows: 50 },
      }),
    ).toMatchObject({ dataRows: 50, written: true });
    await expect(
      importPool(db().models, 'targets', file, { actor, now, limits: { maxBytes: 1000, maxRows: 1e6 } }),
    ).rejects.toThrow(/文件过大/);
  });

  it('imports officers, attaching a badge number to a person the plan already names', async () => {
    const { models } = db();
    const file = writeCsv(join(dir(), 'officers.csv'), [
      ['姓名', '执法证号', '所属单位', '职务', '执法领域', '手机号', '状态'],
      ['彭世杰', '4103810001', '治安大队', '大队长', '', '13900000001', '在岗'],
      ['李明', '4103810002', '治安大队', '民警', '娱乐场所、旅馆业', '13900000002', '在岗'],
      ['王芳', '4103810003', '禁毒大队', '民警', '易制毒', '', '停用'],
    ]);
    expect(await importPool(models, 'officers', file, { actor, now })).toMatchObject({
      created: 2,
      updated: 1,
      problems: [],
      written: true,
    });
    const peng = await models.Person.find({ name: '彭世杰' }).lean();
    expect(peng).toHaveLength(1);
    expect(peng[0]).toMatchObject({
      key: 'badge:4103810001',
      badgeNo: '4103810001',
      roles: ['responsible', 'inspector'],
      title: '大队长',
    });
    expect(await models.Person.findOne({ key: 'badge:4103810002' }).lean()).toMatchObject({
      areas: ['entertainment', 'hotels'],
      active: true,
    });
    expect(await models.Person.findOne({ key: 'badge:4103810003' }).lean()).toMatchObject({
      areas: ['precursor-chemicals'],
      active: false,
    });
    expect(await importPool(models, 'officers', file, { actor, now })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 3,
    });
  });

  it('keeps what an officer import changes while open ids are being linked at the same moment', async () => {
    const { models } = db();
    // 李明 (imported above, active) is taken off duty while clicks and sends link his open id.
    const file = writeCsv(join(dir(), 'officers-off.csv'), [
      ['姓名', '执法证号', '所属单位', '职务', '执法领域', '手机号', '状态'],
      ['李明', '4103810002', '治安大队', '民警', '娱乐场所、旅馆业', '13900000002', '停用'],
    ]);
    const links = Array.from({ length: 20 }, async (_, i) => {
      await new Promise((r) => setTimeout(r, i * 3));
      return keepOpenIds(models, [['badge:4103810002', 'ou_li_ming']]);
    });
    const [report, ...linked] = await Promise.all([
      importPool(models, 'officers', file, { actor, now }),
      ...links,
    ]);
    expect(report).toMatchObject({ updated: 1, written: true });
    expect(await models.Person.findOne({ key: 'badge:4103810002' }).lean()).toMatchObject({ active: false });
    // Links made while no import was writing are kept; the rest wait for the next time.
    if (linked.some(Boolean))
      expect((await models.Person.findOne({ key: 'badge:4103810002' }).lean())!.feishuOpenId).toBe(
        'ou_li_ming',
      );
  });

  it('reports bad officer rows (unknown unit, bad badge, bad phone) and writes nothing', async () => {
    const { models } = db();
    const before = await models.Person.countDocuments();
    const file = writeCsv(join(dir(), 'bad-officers.csv'), [
      ['姓名', '执法证号', '单位', '手机号'],
      ['赵六', '4103810009', '刑侦大队', '13900000009'],
      ['钱七', '41-', '治安大队', '1390000'],
      ['孙八', '4103810002', '治安大队', ''],
      ['周九', '4103810002', '治安大队', ''],
    ]);
    const report = await importPool(models, 'officers', file, { actor, now });
    expect(report.problems).toEqual([
      {
        row: 2,
        column: '所属单位',
        reason: '单位“刑侦大队”不在单位名录中（现有：局领导、警令部、治安大队、禁毒大队）',
      },
      { row: 3, column: '执法证号', reason: '执法证号“41-”格式不对（应为 4–30 位数字或字母）' },
      { row: 3, column: '手机号', reason: '手机号“1390000”应为 11 位数字' },
      { row: 5, column: '执法证号', reason: '执法证号 4103810002 与第 4 行重复' },
    ]);
    expect(await models.Person.countDocuments()).toBe(before);
  });

  it('reads 执法证 dates and 休假/停职/调离 periods, a re-run changing nothing', async () => {
    const { models } = db();
    const file = writeCsv(join(dir(), 'certificates.csv'), [
      ['姓名', '执法证号', '所属单位', '状态', '状态起始日期', '状态截止日期', '发证日期', '执法证有效期'],
      ['郑一', '4103810021', '治安大队', '在岗', '', '', '2021-03-01', '2027年2月28日'],
      ['郑二', '4103810022', '治安大队', '年休假', '2026/12/1', '2026-12-10', '', '2021-03-01至2027-02-28'],
      ['郑三', '4103810023', '治安大队', '停职', '2026-11-20', '', '', ''],
      ['郑四', '4103810024', '禁毒大队', '调离', '2027-01-01', '', '', ''],
      ['郑五', '4103810025', '禁毒大队', '调离', '', '', '', ''],
    ]);
    expect(await importPool(models, 'officers', file, { actor, now })).toMatchObject({
      created: 5,
      problems: [],
    });
    const stored = await models.Person.find({ name: /^郑/ }).sort({ key: 1 }).lean();
    expect(stored.map((p) => [p.name, p.active, p.certIssued, p.certExpires, p.absence ?? null])).toEqual([
      ['郑一', true, '2021-03-01', '2027-02-28', null],
      ['郑二', true, '2021-03-01', '2027-02-28', { kind: 'leave', from: '2026-12-01', to: '2026-12-10' }],
      ['郑三', true, null, null, { kind: 'suspended', from: '2026-11-20', to: null }],
      ['郑四', true, null, null, { kind: 'transferred', from: '2027-01-01', to: null }],
      ['郑五', false, null, null, null],
    ]);
    expect(await importPool(models, 'officers', file, { actor, now })).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 5,
    });
  });

  it('refuses impossible certificate and status dates, one reason each, and writes nothing', async () => {
    const { models } = db();
    const before = await models.Person.find({}).sort({ key: 1 }).lean();
    const file = writeCsv(join(dir(), 'bad-dates.csv'), [
      ['姓名', '执法证号', '所属单位', '状态', '状态起始日期', '状态截止日期', '发证日期', '有效期至'],
      ['冯一', '4103810031', '治安大队', '在岗', '', '', '2025-01-01', '2024-12-31'],
      ['冯二', '4103810032', '治安大队', '休假', '2026-12-01', '', '', ''],
      ['冯三', '4103810033', '治安大队', '休假', '2026-12-10', '2026-12-01', '', ''],
      ['冯四', '4103810034', '治安大队', '在岗', '2026-12-01', '', '', ''],
      ['冯五', '4103810035', '治安大队', '停职', '', '', '', '2027-02-30'],
      ['冯六', '4103810036', '治安大队', '出差', '', '', '', ''],
    ]);
    const report = await importPool(models, 'officers', file, { actor, now });
    expect(report.problems).toEqual([
      { row: 2, column: '有效期至', reason: '执法证有效期至（2024-12-31）早于发证日期（2025-01-01）' },
      { row: 3, column: '状态截止日期', reason: '状态为“休假”，须填写休假截止日期' },
      { row: 4, column: '状态截止日期', reason: '休假截止日期（2026-12-01）早于起始日期（2026-12-10）' },
      {
        row: 5,
        column: '状态起始日期',
        reason: '状态为“在岗”，不应填写状态起止日期（休假、停职、调离才填）',
      },
      { row: 6, column: '状态起始日期', reason: '状态为“停职”，须填写停职起始日期' },
      { row: 6, column: '有效期至', reason: '日期“2027-02-30”不存在' },
      { row: 7, column: '状态', reason: '状态“出差”无效，应为 在岗、休假、停职、调离 或 停用 等' },
    ]);
    expect(report.written).toBe(false);
    expect(await models.Person.find({}).sort({ key: 1 }).lean()).toEqual(before);
  });

  it('keeps injection-shaped text inert: stored as plain strings, never as operators', async () => {
    const { models } = db();
    const file = writeCsv(join(dir(), 'hostile.csv'), [
      HEADER,
      row(60, {
        单位名称: '{"$gt":""}',
        经营地址: '$where: sleep(1000)',
        法定代表人: '<script>alert(1)</script>',
      }),
    ]);
    expect(await importPool(models, 'targets', file, { actor, now })).toMatchObject({ created: 1 });
    expect(await findTarget(models, code(60))).toMatchObject({
      name: '{"$gt":""}',
      address: '$where: sleep(1000)',
    });
  });
});
