import { createHash, randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { exportXlsx } from '../../src/services/exports';
import { deflateSync } from 'node:zlib';
import { listEvidence, readEvidence } from '../../src/adapters/db/evidence-store';
import { auditTrail } from '../../src/services/audit-read';
import { rememberCard } from '../../src/services/card-messages';
import { attachEvidence } from '../../src/services/evidence-attach';
import { verifyEvidence } from '../../src/services/evidence-archive';
import { sendEvidence } from '../../src/services/evidence';
import { fileReport } from '../../src/services/reports';
import { taskCardOf } from '../../src/services/task-cards';
import { chatAs, textOf, title } from '../helpers/chat';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi, type SentMessage } from '../helpers/emulator';
import { demoDraw, demoReport, plainInspector, plainInspectorOf } from '../helpers/publications';
import { waitFor } from '../helpers/wait';
import { HEIC_PHOTO as HEIC, jpegPhoto as jpeg, jpegSize } from '../helpers/pictures';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

/** A real 1×1 PNG (what a phone screenshot starts as). */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.from([0, 0xff, 0xff, 0xff]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
/** A Windows program's head (MZ … PE): an .exe. */
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), randomBytes(2000)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * 现场材料 on the demo bot: an inspector sends two photos and a PDF for a 旅馆业 task, files the report,
 * the reviewer (彭世杰, the item's 责任人) sees the three files and accepts; each bad input is refused
 * with its reason and nothing of it stored.
 */
describe('现场材料: photos and files from the site, attached to a task, seen by its reviewer only', () => {
  const { emu, db, errors, bot } = useDemoBot();
  afterEach(() => expect(errors).toEqual([]));
  const { cardsOf, press, cardTitled, seenBy, click } = chatAs(emu);
  let tasks: { taskNo: string; targetName: string; inspectorKeys: string[] }[] = [];

  beforeAll(async () => {
    const drawNo = await demoDraw(db().models, 'hotels', DEMO_NOW);
    tasks = await db().models.Task.find({ drawNo }).sort({ _id: 1 }).lean();
  }, 60_000);

  /** The task card, sent to `name` as dispatch sends it (and remembered, so it is refreshed). */
  const taskCard = async (name: string, taskNo: string): Promise<SentMessage> => {
    const { models } = db();
    const messageId = await bot().deps.sender.sendCard(
      { openId: await openIdOf(emu(), name) },
      await taskCardOf(models, taskNo),
      `test-task-${taskNo}-${name}`,
    );
    await rememberCard(models, messageId, taskNo, 'task', DEMO_NOW);
    return (await cardsOf(name)).find((m) => m.message_id === messageId)!;
  };
  const sendImage = async (name: string, data: Buffer, extra: object = {}) =>
    testApi(emu(), 'POST', 'messages', {
      open_id: await openIdOf(emu(), name),
      image: { name: 'image', base64: data.toString('base64'), ...extra },
    });
  const sendFile = async (name: string, fileName: string, data: Buffer) =>
    testApi(emu(), 'POST', 'messages', {
      open_id: await openIdOf(emu(), name),
      file: { name: fileName, base64: data.toString('base64') },
    });
  /** Waits for `count` new cards titled `t` in `name`'s chat (not in `seen`). */
  const newCards = async (name: string, t: string, seen: Set<string>, count: number) => {
    const find = async () => (await cardsOf(name)).filter((m) => title(m) === t && !seen.has(m.message_id));
    await waitFor(async () => (await find()).length >= count, `${name}: ${count} × ${t}`);
    await bot().queue.idle(30_000);
    return find();
  };
  const latest = async (name: string, messageId: string) =>
    (await cardsOf(name)).find((m) => m.message_id === messageId)!;
  const nameOf = async (key: string) => (await db().models.Person.findOne({ key }).lean())!.name;
  /** Nothing of a refused file anywhere: not on the task, not in its bucket, not in the audit log. */
  const nothingStored = async (taskNo: string) => {
    const { models, conn } = db();
    expect(await listEvidence(models, taskNo)).toEqual([]);
    expect(await conn.db!.collection(`evidence.${taskNo}.files`).countDocuments({})).toBe(0);
    expect(await conn.db!.collection(`evidence.${taskNo}.chunks`).countDocuments({})).toBe(0);
    expect((await auditTrail(models, taskNo)).filter((e) => e.action === 'evidence.attached')).toEqual([]);
  };

  it('two photos and a PDF: attached, listed, hashed in the audit log, reviewed and accepted', async () => {
    const { models } = db();
    const task = tasks[0]!;
    // Not a reviewer: 查看原件 must be refused to them below.
    const { key: inspectorKey, name: inspector } = await plainInspector(models, task);
    const card = await taskCard(inspector, task.taskNo);
    const started = await press(inspector, card, '上传现场材料');
    expect(started.toast).toMatchObject({
      type: 'info',
      content: expect.stringContaining(
        `请在与抽查助手的单聊中发送${task.targetName}的现场照片或文件（已有 0 件）`,
      ),
    });

    const seen = await seenBy(inspector);
    const photo1 = jpeg();
    const photo2 = png();
    await sendImage(inspector, photo1, { content_type: 'image/jpeg' });
    await sendImage(inspector, photo2, { content_type: 'image/png' });
    await sendFile(inspector, '检查记录表.pdf', PDF);
    const receipts = await newCards(inspector, '已收到现场材料', seen, 3);
    expect(receipts).toHaveLength(3);
    expect(receipts.map((r) => textOf(r.content)).join()).toContain(
      `“检查记录表.pdf”（1 KB）已附到任务 **${task.taskNo}**，SHA-256 ${sha(PDF).slice(0, 16)}`,
    );

    const stored = { evidence: await listEvidence(models, task.taskNo) };
    expect(stored.evidence.map((e) => [e.kind, e.bytes, e.sha256]).sort()).toEqual(
      [
        ['jpg', photo1.length, sha(photo1)],
        ['pdf', PDF.length, sha(PDF)],
        ['png', photo2.length, sha(photo2)],
      ].sort(),
    );
    expect(stored.evidence.find((e) => e.kind === 'jpg')!.name).toMatch(
      /^现场照片-20261126-\d{4}-\w{4}\.jpg$/,
    );
    for (const e of stored.evidence) {
      expect(e.by).toBe(inspectorKey);
      // Pictures are uploaded for the review card; a PDF is not.
      expect(e.imageKey === null).toBe(e.kind === 'pdf');
      const back = await readEvidence(models, task.taskNo, e.id);
      expect(sha(back!.data)).toBe(e.sha256);
    }
    const audited = (await auditTrail(models, task.taskNo)).filter((e) => e.action === 'evidence.attached');
    expect(audited.map((e) => (e.details as any).sha256).sort()).toEqual(
      [sha(photo1), sha(photo2), sha(PDF)].sort(),
    );
    // The task card lists them (refreshed in the background).
    await waitFor(
      async () => textOf((await latest(inspector, card.message_id)).content).includes('现场材料**（3 件）'),
      'the task card lists three files',
    );

    // The report, then the review card: three files, the two pictures shown.
    const form = await click(inspector, card, { action: 'report.open', taskNo: task.taskNo });
    expect(form.card.header.title.content).toBe(`填报检查结果：${task.targetName}`);
    const reviewerSeen = await seenBy('彭世杰');
    const formCard = await latest(inspector, card.message_id);
    expect(
      (
        await press(inspector, formCard, '提交', {
          inspectedOn: '2026-11-26 +0800',
          method: '现场检查',
          result: '未发现问题',
          followUp: '无需后续处置',
        })
      ).toast,
    ).toMatchObject({ type: 'success' });
    const review = await cardTitled('彭世杰', '待审核', reviewerSeen);
    const reviewText = textOf(review.content);
    expect(reviewText).toContain('现场材料**（3 件，仅审核人可查看，不公开）');
    expect(reviewText).toContain('检查记录表.pdf（PDF 文件，1 KB）');
    const images = (review.content as any).body.elements.filter((e: any) => e.tag === 'img');
    expect(images.map((i: any) => i.img_key).sort()).toEqual(
      stored.evidence
        .filter((e) => e.imageKey)
        .map((e) => e.imageKey)
        .sort(),
    );

    // 查看原件: the reviewer gets the stored file in their own chat; the inspector may not.
    const pdfEntry = stored.evidence.find((e) => e.kind === 'pdf')!;
    const viewValue = { action: 'evidence.view', taskNo: task.taskNo, id: pdfEntry.id };
    expect((await click(inspector, card, viewValue)).toast).toEqual({
      type: 'error',
      content: '现场材料只有治安大队的责任人或负责人（审核人）可以查看',
    });
    expect((await click('彭世杰', review, viewValue)).toast).toMatchObject({ type: 'info' });
    const peng = await openIdOf(emu(), '彭世杰');
    await waitFor(
      async () =>
        (await messagesOf(emu(), { open_id: peng })).some(
          (m) => m.msg_type === 'file' && (m as any).file?.name === '检查记录表.pdf',
        ),
      'the PDF sent to the reviewer',
    );
    const sent = (await messagesOf(emu(), { open_id: peng })).find((m) => m.msg_type === 'file')!;
    const copy = await testApi<any>(emu(), 'GET', `files/${encodeURIComponent((sent as any).file.key)}`);
    expect(sha(Buffer.from(copy.base64, 'base64'))).toBe(sha(PDF));

    expect((await press('彭世杰', review, '通过')).toast).toMatchObject({ type: 'success' });
    expect((await models.Task.findOne({ _id: task.taskNo }).lean())!.status).toBe('accepted');

    // The archive's list (/导出 现场材料清单): names and hashes, never the files.
    const exported = await exportXlsx(models, 'evidence', 2026, '2026-11-26');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(new Uint8Array(exported.data).buffer);
    const rows = (wb.getWorksheet('现场材料清单')!.getSheetValues() as unknown[][])
      .filter(Boolean)
      .map((r) => r.slice(1));
    expect(rows[0]).toEqual([
      '序号',
      '任务编号',
      '抽查事项',
      '检查对象名称',
      '责任单位',
      '文件名',
      '类型',
      '大小（字节）',
      'SHA-256',
      '上传人',
      '上传时间',
    ]);
    expect(rows.slice(1).map((r) => [r[1], r[3], r[5], r[7], r[8], r[9]])).toEqual(
      stored.evidence.map((e) => [task.taskNo, task.targetName, e.name, e.bytes, e.sha256, inspector]),
    );
    expect(exported.name).toContain('现场材料清单（存档，不公开）');

    // The check behind `npm run verify-audit`: all three intact; a changed byte in storage is named.
    expect(await verifyEvidence(models)).toEqual({
      files: 3,
      bytes: photo1.length + photo2.length + PDF.length,
      problems: [],
    });
    const chunks = db().conn.db!.collection(`evidence.${task.taskNo}.chunks`);
    const chunk = (await chunks.findOne({ files_id: pdfEntry.id as never }))!;
    const tampered = Buffer.from(PDF.toString('latin1').replace('<<>> endobj', '<<1>>endobj'), 'latin1');
    await chunks.updateOne({ _id: chunk._id }, { $set: { data: tampered } });
    const { problems } = await verifyEvidence(models);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      new RegExp(
        `^任务 ${task.taskNo} 的现场材料“检查记录表\\.pdf”（${pdfEntry.id}）已被改动：内容哈希 ${sha(tampered).slice(0, 16)}…，审计日志第 \\d+ 条记录的是 ${sha(PDF).slice(0, 16)}…$`,
      ),
    );
    await chunks.updateOne({ _id: chunk._id }, { $set: { data: PDF } });
  }, 120_000);

  it('查看原件 of a file changed or damaged in the database: not sent, the reviewer told why, the error reported', async () => {
    const { models, conn } = db();
    const task = tasks[0]!;
    const pdf = (await listEvidence(models, task.taskNo)).find((e) => e.kind === 'pdf')!;
    const chunks = conn.db!.collection(`evidence.${task.taskNo}.chunks`);
    const original = (await chunks.findOne({ files_id: pdf.id as never }))!;
    const peng = await openIdOf(emu(), '彭世杰');
    const ask = async () => {
      const seen = await seenBy('彭世杰');
      const out = await sendEvidence(bot().deps, { taskNo: task.taskNo, id: pdf.id, openId: peng });
      const card = await cardTitled('彭世杰', '原件未发送', seen);
      return { out, text: textOf(card.content) };
    };
    try {
      // The same length, other bytes: read back whole, but not what was attached.
      const forged = Buffer.from(PDF.toString('latin1').replace('obj', 'OBJ'), 'latin1');
      await chunks.updateOne({ _id: original._id }, { $set: { data: forged } });
      const changed = await ask();
      expect(changed.out).toEqual({ refused: '与上传时审计日志记录的 SHA-256 不符（存储中的内容被改动过）' });
      expect(changed.text).toContain(
        `任务 ${task.taskNo} 的现场材料“${pdf.name}”与上传时审计日志记录的 SHA-256 不符`,
      );
      // Its bytes gone: the driver cannot read it whole.
      await chunks.deleteOne({ _id: original._id });
      const damaged = await ask();
      expect(damaged.out).toEqual({ refused: '无法完整读出（存储已损坏）' });
      expect(errors.splice(0).map((e) => String(e))).toEqual([
        expect.stringContaining('SHA-256 不符'),
        expect.stringContaining('无法完整读出'),
      ]);
      // Nothing of either was sent as the original.
      const files = (await messagesOf(emu(), { open_id: peng })).filter((m) => m.msg_type === 'file');
      for (const f of files) {
        const copy = await testApi<any>(emu(), 'GET', `files/${encodeURIComponent((f as any).file.key)}`);
        expect(sha(Buffer.from(copy.base64, 'base64'))).toBe(sha(PDF));
      }
    } finally {
      await chunks.deleteOne({ _id: original._id });
      await chunks.insertOne(original);
    }
    expect(await sendEvidence(bot().deps, { taskNo: task.taskNo, id: pdf.id, openId: peng })).toEqual({
      sent: pdf.name,
    });
  }, 60_000);

  it('an iPhone photo (HEIC): kept as sent, shown to the reviewer as the JPG the platform makes of it; one the platform cannot read is kept without a picture', async () => {
    const { models } = db();
    const task = tasks[6]!;
    const { name: inspector } = await plainInspector(models, task);
    const card = await taskCard(inspector, task.taskNo);
    await press(inspector, card, '上传现场材料');
    const seen = await seenBy(inspector);
    // Its `ftyp` box (so the bot takes it for a HEIC), then bytes no decoder reads.
    const broken = Buffer.concat([HEIC.subarray(0, 40), randomBytes(600)]);
    await sendFile(inspector, 'IMG_0001.HEIC', HEIC);
    const [first] = await newCards(inspector, '已收到现场材料', seen, 1);
    await sendFile(inspector, 'IMG_0002.HEIC', broken);
    await newCards(inspector, '已收到现场材料', new Set([...seen, first!.message_id]), 1);

    const stored = await listEvidence(models, task.taskNo);
    const photo = stored.find((e) => e.name === 'IMG_0001.HEIC')!;
    expect(photo).toMatchObject({ kind: 'heic', bytes: HEIC.length, sha256: sha(HEIC) });
    expect(sha((await readEvidence(models, task.taskNo, photo.id))!.data)).toBe(sha(HEIC));
    // The card's picture is the platform's JPG of the same 96 × 64 photo.
    const shown = await testApi<any>(emu(), 'GET', `files/${encodeURIComponent(photo.imageKey!)}`);
    expect(shown.content_type).toBe('image/jpeg');
    expect(jpegSize(Buffer.from(shown.base64, 'base64'))).toEqual([96, 64]);
    // Refused by the platform as a picture (234011), kept as evidence: the file is what counts.
    expect(stored.find((e) => e.name === 'IMG_0002.HEIC')).toMatchObject({
      kind: 'heic',
      sha256: sha(broken),
      imageKey: null,
    });
    expect((await verifyEvidence(models)).problems).toEqual([]);
  }, 60_000);

  it('refuses a 60 MB photo, with its reason, and stores nothing', async () => {
    const task = tasks[1]!;
    const inspector = await plainInspectorOf(db().models, task);
    await press(inspector, await taskCard(inspector, task.taskNo), '上传现场材料');
    const seen = await seenBy(inspector);
    await sendImage(inspector, jpeg(100), { pad_to: 60 * 1024 * 1024 });
    const [refused] = await newCards(inspector, '现场材料未保存', seen, 1);
    expect(textOf(refused!.content)).toContain('这张图片超过单个文件 20 MB 的上限，未保存。');
    await nothingStored(task.taskNo);
  }, 60_000);

  it('refuses an .exe renamed .jpg by its content, and stores nothing', async () => {
    const task = tasks[1]!;
    const inspector = await plainInspectorOf(db().models, task);
    const seen = await seenBy(inspector);
    await sendFile(inspector, '现场照片.jpg', EXE);
    const [refused] = await newCards(inspector, '现场材料未保存', seen, 1);
    expect(textOf(refused!.content)).toContain(
      '“现场照片.jpg”的内容不是可识别的照片或文件（扩展名是 .jpg，但文件内容不是JPG 图片），未保存。',
    );
    // And a file refused by its name alone is refused at once, without a download.
    const before = await seenBy(inspector);
    await sendFile(inspector, 'setup.exe', EXE);
    const named = await cardTitled(inspector, '无法完成', before);
    expect(textOf(named.content)).toContain('“setup.exe”是 .exe 文件，不能作为现场材料。');
    await nothingStored(task.taskNo);
  }, 60_000);

  it('refuses a file for someone else’s task: the button, the picker and the job each check', async () => {
    const { models } = db();
    const task = tasks[1]!;
    // Not tasks[0] (accepted above): the outsider has a task open, so a picture sent gets the picker.
    const other = tasks.slice(2).find((t) => !t.inspectorKeys.some((k) => task.inspectorKeys.includes(k)))!;
    const { key: outsiderKey, name: outsider } = await plainInspector(models, other);
    // No task pending for them: the draw picks inspectors at random, and one may have pressed 上传现场材料
    // in an earlier test here (their next picture would go to that task, not to a picker).
    await models.UploadIntent.deleteMany({ _id: outsiderKey });
    const ownCard = await taskCard(outsider, other.taskNo);
    const forged = { action: 'evidence.start', taskNo: task.taskNo };
    expect((await click(outsider, ownCard, forged)).toast).toEqual({
      type: 'error',
      content: `任务 ${task.taskNo} 不是派给您的，只有该任务的检查人员可以上传现场材料`,
    });
    expect((await auditTrail(models, task.taskNo)).map((e) => e.action)).toContain('permission.denied');
    const pick = {
      action: 'evidence.pick',
      taskNo: task.taskNo,
      messageId: 'om_x',
      key: 'img_x',
      type: 'image',
    };
    expect((await click(outsider, ownCard, pick)).toast).toMatchObject({ type: 'error' });
    // The job itself, as if enqueued by a stale card: refused, nothing stored.
    const seen = await seenBy(outsider);
    await sendImage(outsider, jpeg());
    const picker = await cardTitled(outsider, '这份现场材料属于哪个任务？', seen);
    const pickFor = (picker.content as any).body.elements.find((e: any) => e.tag === 'button').behaviors[0]
      .value;
    const out = await attachEvidence(bot().deps, {
      messageId: pickFor.messageId,
      key: pickFor.key,
      type: 'image',
      taskNo: task.taskNo,
      actor: outsiderKey,
      openId: await openIdOf(emu(), outsider),
    });
    expect(out).toEqual({
      refused: `任务 ${task.taskNo} 不是派给您的，只有该任务的检查人员可以上传现场材料，文件未保存。`,
    });
    await nothingStored(task.taskNo);
  }, 60_000);

  it('a file sent with no task pending: the sender picks the task, and later files go there too', async () => {
    const { models } = db();
    const task = tasks[2]!;
    const { key, name: inspector } = await plainInspector(models, task);
    // No task pending (as above: an earlier test may have left this randomly drawn inspector's open).
    await models.UploadIntent.deleteMany({ _id: key });
    const seen = await seenBy(inspector);
    await sendFile(inspector, '检查记录表（签字）.pdf', PDF);
    const picker = await cardTitled(inspector, '这份现场材料属于哪个任务？', seen);
    expect(textOf(picker.content)).toContain('请选择“检查记录表（签字）.pdf”所属的检查任务');
    const choice = chatAs(emu).button(picker, `${task.taskNo} ${task.targetName}（旅馆业，2026-12-30 前）`);
    const seenAfter = await seenBy(inspector);
    expect((await click(inspector, picker, choice)).toast).toEqual({
      type: 'success',
      content: `正在保存到任务 ${task.taskNo}，完成后在对话中告诉您`,
    });
    await newCards(inspector, '已收到现场材料', seenAfter, 1);
    // The pick set the task: the next picture goes there without asking.
    await sendImage(inspector, jpeg());
    await newCards(inspector, '已收到现场材料', seenAfter, 2);
    expect((await listEvidence(models, task.taskNo)).map((e) => e.kind)).toEqual(['pdf', 'jpg']);
    // Picking again (a second click, a stale card) attaches it once.
    await click(inspector, picker, choice);
    await bot().queue.idle(30_000);
    expect(await listEvidence(models, task.taskNo)).toHaveLength(2);
  }, 60_000);

  it('once the report is filed, files are refused for it; an item requiring evidence refuses the report without', async () => {
    const { models } = db();
    const task = tasks[3]!;
    const key = task.inspectorKeys[0]!;
    const inspector = await nameOf(key);
    const card = await taskCard(inspector, task.taskNo);
    await models.Item.updateOne({ code: 'hotels' }, { $set: { evidenceRequired: true } });
    bot().deps.lookups.clear(); // changed past the bot (as a plan load in this process would clear it)
    try {
      expect((await click(inspector, card, { action: 'report.open', taskNo: task.taskNo })).toast).toEqual({
        type: 'error',
        content: `“旅馆业”要求先上传现场材料：请点击任务卡片上的“上传现场材料”，在单聊中发送现场照片或检查记录表，再填报任务 ${task.taskNo} 的检查结果。`,
      });
      await expect(fileReport(models, task.taskNo, key, demoReport('无'), DEMO_NOW)).rejects.toMatchObject({
        code: 'EVIDENCE_REQUIRED',
      });
      expect(await models.Report.countDocuments({ _id: task.taskNo })).toBe(0);
      await press(inspector, card, '上传现场材料');
      const seen = await seenBy(inspector);
      await sendImage(inspector, jpeg());
      await newCards(inspector, '已收到现场材料', seen, 1);
      await fileReport(models, task.taskNo, key, demoReport('无'), DEMO_NOW);
    } finally {
      await models.Item.updateOne({ code: 'hotels' }, { $set: { evidenceRequired: false } });
      bot().deps.lookups.clear();
    }
    // Reported: the task takes no more files; a file sent now asks which task (the filed one is not offered).
    const seen = await seenBy(inspector);
    await sendImage(inspector, jpeg());
    const answer = await waitFor(
      async () => (await cardsOf(inspector)).some((m) => !seen.has(m.message_id)),
      'an answer',
    ).then(async () => (await cardsOf(inspector)).find((m) => !seen.has(m.message_id))!);
    expect(textOf(answer.content)).not.toContain(task.taskNo);
    const refused = await attachEvidence(bot().deps, {
      messageId: 'om_late',
      key: 'img_late',
      type: 'image',
      taskNo: task.taskNo,
      actor: key,
      openId: await openIdOf(emu(), inspector),
    });
    expect(refused).toEqual({
      refused: `任务 ${task.taskNo} 的检查结果已填报，正在等待审核，不能再补充现场材料；如需补充，请审核人退回后再上传。文件未保存。`,
    });
    expect(await listEvidence(models, task.taskNo)).toHaveLength(1);
  }, 60_000);

  it('keeps a task within its limits when files arrive at once: each file is stored or refused, none lost', async () => {
    const { models } = db();
    const task = tasks[4]!;
    const key = task.inspectorKeys[0]!;
    const inspector = await nameOf(key);
    const openId = await openIdOf(emu(), inspector);
    // Six 1 KB pictures at once against a task limit of four files: four stored, two refused.
    const limits = { maxFileBytes: 10_000, maxTaskBytes: 100_000, maxFiles: 4 };
    // No task pending: the bot only offers a picker for each, and this test attaches them itself.
    await models.UploadIntent.deleteMany({ _id: key });
    const sent: { messageId: string; key: string }[] = [];
    for (let i = 0; i < 6; i++) {
      const m = await testApi<any>(emu(), 'POST', 'messages', {
        open_id: openId,
        image: { name: 'image', base64: jpeg(1000).toString('base64') },
      });
      const message = (await messagesOf(emu(), { open_id: openId })).find(
        (x) => x.message_id === m.message_id,
      );
      sent.push({ messageId: m.message_id, key: (message!.content as any).image_key });
    }
    await bot().queue.idle(30_000);
    const outcomes = await Promise.all(
      sent.map((m) =>
        attachEvidence(bot().deps, { ...m, type: 'image', taskNo: task.taskNo, actor: key, openId }, limits),
      ),
    );
    const attached = outcomes.filter((o) => 'attached' in o);
    expect(attached).toHaveLength(4);
    expect(outcomes.filter((o) => 'refused' in o).map((o) => (o as { refused: string }).refused)).toEqual([
      expect.stringContaining('达到 4 件的上限'),
      expect.stringContaining('达到 4 件的上限'),
    ]);
    const listed = await listEvidence(models, task.taskNo);
    expect(listed.map((e) => e.id).sort()).toEqual(attached.map((o) => (o as any).attached.id).sort());
    const audited = (await auditTrail(models, task.taskNo)).filter((e) => e.action === 'evidence.attached');
    expect(audited).toHaveLength(4);
    // Run again (a retried job): the same four, no new entries.
    await Promise.all(
      sent.map((m) =>
        attachEvidence(bot().deps, { ...m, type: 'image', taskNo: task.taskNo, actor: key, openId }, limits),
      ),
    );
    expect(await listEvidence(models, task.taskNo)).toHaveLength(4);
    expect(
      (await auditTrail(models, task.taskNo)).filter((e) => e.action === 'evidence.attached'),
    ).toHaveLength(4);
  }, 60_000);

  it('撤回: the sender takes a file back while the task takes files; its place frees, the log keeps both steps', async () => {
    const { models } = db();
    const task = tasks[5]!;
    const { key, name: inspector } = await plainInspector(models, task);
    const other = await nameOf(task.inspectorKeys.find((k) => k !== key)!);
    const card = await taskCard(inspector, task.taskNo);
    await press(inspector, card, '上传现场材料');
    const seen = await seenBy(inspector);
    const [wrong, right] = [jpeg(1500), jpeg(1600)];
    await sendImage(inspector, wrong);
    const [first] = await newCards(inspector, '已收到现场材料', seen, 1);
    await sendImage(inspector, right);
    await newCards(inspector, '已收到现场材料', new Set([...seen, first!.message_id]), 1);
    const stored = await listEvidence(models, task.taskNo);
    const gone = stored.find((e) => e.sha256 === sha(wrong))!;
    expect(stored).toHaveLength(2);

    // Not the sender (a forged value on the other inspector's own card): refused, nothing removed.
    const othersCard = await taskCard(other, task.taskNo);
    const forged = { action: 'evidence.withdraw', taskNo: task.taskNo, id: gone.id };
    expect((await click(other, othersCard, forged)).toast).toEqual({
      type: 'error',
      content: `只有上传者本人可以撤回这件现场材料（“${gone.name}”）`,
    });
    expect(await listEvidence(models, task.taskNo)).toHaveLength(2);
    const answer = await press(inspector, first!, '撤回此文件');
    expect(answer.toast).toEqual({ type: 'success', content: `已撤回“${gone.name}”` });
    await waitFor(
      async () => title(await latest(inspector, first!.message_id)) === '现场材料已撤回',
      'the receipt updated',
    );
    expect((await listEvidence(models, task.taskNo)).map((e) => e.sha256)).toEqual([sha(right)]);
    expect(await readEvidence(models, task.taskNo, gone.id)).toBeNull();
    const trail = (await auditTrail(models, task.taskNo)).filter((e) => e.action.startsWith('evidence.'));
    expect(trail.map((e) => [e.action, (e.details as any).sha256])).toEqual([
      ['evidence.attached', sha(wrong)],
      ['evidence.attached', sha(right)],
      ['evidence.withdrawn', sha(wrong)],
    ]);
    expect((await verifyEvidence(models)).problems).toEqual([]);
    // The task card lists what is left.
    await waitFor(
      async () => textOf((await latest(inspector, card.message_id)).content).includes('现场材料**（1 件）'),
      'the task card shows one file',
    );
    // Twice: said plainly.
    expect((await press(inspector, first!, '撤回此文件')).toast).toMatchObject({
      type: 'error',
      content: `这件现场材料已撤回，或不在任务 ${task.taskNo} 中`,
    });

    // The withdrawn file's place no longer counts: with a limit of two, one more fits, then none.
    const openId = await openIdOf(emu(), inspector);
    const limits = { maxFileBytes: 10_000, maxTaskBytes: 100_000, maxFiles: 2 };
    const attachOne = async (n: number) => {
      const m = await testApi<any>(emu(), 'POST', 'messages', {
        open_id: openId,
        image: { name: 'image', base64: jpeg(1000 + n).toString('base64') },
      });
      await bot().queue.idle(30_000);
      const message = (await messagesOf(emu(), { open_id: openId })).find(
        (x) => x.message_id === m.message_id,
      )!;
      return attachEvidence(
        bot().deps,
        {
          messageId: m.message_id,
          key: (message.content as any).image_key,
          type: 'image',
          taskNo: task.taskNo,
          actor: key,
          openId,
        },
        limits,
      );
    };
    await models.UploadIntent.deleteMany({ _id: key }); // the test attaches them itself
    expect(await attachOne(1)).toHaveProperty('attached');
    expect(await attachOne(2)).toEqual({ refused: expect.stringContaining('达到 2 件的上限') });
    expect(await listEvidence(models, task.taskNo)).toHaveLength(2);

    // Once the report is filed, nothing can be withdrawn.
    await fileReport(models, task.taskNo, key, demoReport('无'), DEMO_NOW);
    const receipts = (await cardsOf(inspector)).filter((m) => title(m) === '已收到现场材料');
    expect((await press(inspector, receipts[receipts.length - 1]!, '撤回此文件')).toast).toEqual({
      type: 'error',
      content: `任务 ${task.taskNo} 的检查结果已填报，正在等待审核，不能撤回现场材料；如需撤回，请审核人退回后再操作。`,
    });
  }, 60_000);
});
