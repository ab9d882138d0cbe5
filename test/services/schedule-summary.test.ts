import type { Readable } from 'node:stream';
import { storeReports, storeTasks } from '../helpers/stored-tasks';
import * as lark from '@larksuiteoapi/node-sdk';
import ExcelJS from 'exceljs';
import { verifyAudit } from '../../src/services/audit-read';
import { performSend, type Send } from '../../src/services/schedule';
import { useDemoBot } from '../helpers/demo-bot';
import { TEST_APP, messagesOf, openIdOf, testApi, type SentMessage } from '../helpers/emulator';

/** 09:30 Beijing on Monday 2 November 2026, the first working day of the month. */
const NOW = new Date('2026-11-02T01:30:00Z');
const by = { createdBy: 'test', updatedBy: 'test' };
const summaryOf = (month: string): Send => ({ id: `summary-${month}`, kind: 'summary', month });

/** The monthly summary as the schedule sends it: the card, then the xlsx, through the emulator. */
describe('the monthly summary with its xlsx, sent through the emulator', () => {
  const { emu, db, errors, bot } = useDemoBot({ now: () => NOW });
  const client = () =>
    new lark.Client({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu().url,
      loggerLevel: lark.LoggerLevel.fatal,
      cache: new lark.DefaultCache(),
    });
  let inspector: string;

  /** The workbook in a file message, downloaded as the platform serves it from the message. */
  const workbookOf = async (m: SentMessage) => {
    const res = await client().im.messageResource.get({
      path: { message_id: m.message_id, file_key: m.content.file_key as string },
      params: { type: 'file' },
    });
    const chunks: Buffer[] = [];
    for await (const c of res.getReadableStream() as Readable) chunks.push(c as Buffer);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(Buffer.concat(chunks)).buffer);
    return wb;
  };
  const rowsOf = (ws: ExcelJS.Worksheet) => {
    const out: unknown[][] = [];
    ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
    return out;
  };

  beforeAll(async () => {
    const { models } = db();
    const person = await models.Person.findOne({ unitName: '治安大队', badgeNo: { $ne: null } }).lean();
    inspector = person!.name;
    const base = {
      year: 2026,
      itemCode: 'CC2026-04',
      itemName: '娱乐场所',
      round: 1,
      unitName: '治安大队',
      inspectorKeys: [person!.key],
      dispatchedOn: '2026-10-09',
    };
    await storeTasks(models, [
      {
        ...base,
        taskNo: 'CC2026-04-R1-01-0001',
        targetCreditCode: '91410381MA00000001',
        targetName: '金色年华KTV',
        deadline: '2026-10-30',
        status: 'accepted',
      },
      {
        ...base,
        taskNo: 'CC2026-04-R1-01-0002',
        targetCreditCode: '91410381MA00000002',
        targetName: '星光歌舞厅',
        deadline: '2026-10-16',
        status: 'open',
      },
    ]);
    await storeReports(models, [
      {
        ...by,
        taskNo: 'CC2026-04-R1-01-0001',
        inspectedOn: '2026-10-20',
        method: '现场检查',
        resultCategory: '发现问题已责令改正',
        findings: '消防通道堵塞',
        followUp: '责令改正',
        rectification: '已清理消防通道',
        submittedBy: person!.key,
      },
    ]);
  });

  it('sends each office member the card and then the xlsx of the month, whose rows match the card', async () => {
    expect(await performSend(bot().deps, summaryOf('2026-10'))).toBe('sent');
    const office = await messagesOf(emu(), { open_id: await openIdOf(emu(), '陶向东') });
    expect(office.map((m) => m.msg_type)).toEqual(['interactive', 'file']);
    expect(office[0]!.content.header.title.content).toBe('双随机抽查月度汇总：2026 年 10 月');
    expect(office[1]!.content.file_key).toMatch(/^file_v3_/);

    const stored = await testApi<{ name: string }>(emu(), 'GET', `files/${office[1]!.content.file_key}`);
    expect(stored.name).toBe('2026-10 双随机抽查月度汇总.xlsx');
    const wb = await workbookOf(office[1]!);
    expect(rowsOf(wb.getWorksheet('汇总')!).slice(0, 3)).toEqual([
      ['事项', '责任单位', '本月派发', '本月办结', '按期', '逾期未办', '发现问题', '已整改'],
      ['娱乐场所', '治安大队', 2, 1, 1, 1, 1, 1],
      ['合计', '', 2, 1, 1, 1, 1, 1],
    ]);
    expect(rowsOf(wb.getWorksheet('明细')!).slice(1)).toEqual([
      [
        'CC2026-04-R1-01-0001',
        '娱乐场所',
        '治安大队',
        '金色年华KTV',
        inspector,
        '2026-10-09',
        '2026-10-30',
        '已通过审核',
        '2026-10-20',
        '发现问题已责令改正',
        '已清理消防通道',
        '按期',
      ],
      [
        'CC2026-04-R1-01-0002',
        '娱乐场所',
        '治安大队',
        '星光歌舞厅',
        inspector,
        '2026-10-09',
        '2026-10-16',
        '待检查',
        '',
        '',
        '',
        '逾期未办',
      ],
    ]);
  });

  it('states the audit log’s newest entry as of sending, on the card and in the xlsx, for a later check', async () => {
    const { models } = db();
    const [card, file] = await messagesOf(emu(), { open_id: await openIdOf(emu(), '陶向东') });
    const stated = /审计日志截至第 (\d+) 条，哈希 ([0-9a-f]{64})（(\d{4}-\d\d-\d\d \d\d:\d\d)）/.exec(
      JSON.stringify(card!.content),
    );
    expect(stated).not.toBeNull();
    const [line, seq, hash] = [stated![0], Number(stated![1]), stated![2]!];
    // The newest entry when the summary went out: the next one is the send's own.
    expect((await models.AuditEntry.findOne({ seq }).lean())!.hash).toBe(hash);
    expect((await models.AuditEntry.findOne({ seq: seq + 1 }).lean())!.action).toBe('schedule.summary');
    expect(rowsOf((await workbookOf(file!)).getWorksheet('汇总')!).flat()).toContainEqual(
      expect.stringContaining(line),
    );
    expect(await verifyAudit(models, [{ seq, hash }])).toMatchObject({ problems: [] });
  });

  it('shows neither the card nor the file twice, nor logs it twice, when a crash lost the receipt and the send runs again', async () => {
    const { models } = db();
    const peer = { open_id: await openIdOf(emu(), '陶向东') };
    const before = await messagesOf(emu(), peer);
    const logged = () => models.AuditEntry.countDocuments({ subject: 'summary-2026-10' });
    expect(await logged()).toBe(1);
    await models.Receipt.deleteOne({ _id: 'schedule:summary-2026-10' });
    expect(await performSend(bot().deps, summaryOf('2026-10'))).toBe('sent');
    expect(await messagesOf(emu(), peer)).toHaveLength(before.length);
    expect(await logged()).toBe(1);
    expect(await performSend(bot().deps, summaryOf('2026-10'))).toBe('already');
  });

  it('sends both to the office’s work chat once one is bound', async () => {
    const chats = await testApi<{ chatId: string; name: string }[]>(emu(), 'GET', 'chats');
    const chatId = chats.find((c) => c.name === '双随机一公开工作领导小组')!.chatId;
    await db().models.Unit.updateOne({ kind: 'office' }, { $set: { chatId } });
    expect(await performSend(bot().deps, summaryOf('2026-09'))).toBe('sent');
    const inChat = await messagesOf(emu(), { chat_id: chatId });
    expect(inChat.map((m) => m.msg_type)).toEqual(['interactive', 'file']);
    const wb = await workbookOf(inChat[1]!);
    expect(rowsOf(wb.getWorksheet('汇总')!)[1]).toEqual(['娱乐场所', '治安大队', 0, 0, 0, 1, 0, 0]);
    expect(rowsOf(wb.getWorksheet('明细')!).map((r) => r[0])).toEqual(['任务编号', 'CC2026-04-R1-01-0002']);
    expect(errors).toEqual([]);
  });
});
