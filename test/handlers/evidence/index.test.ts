import { ACTIONS } from '../../../cards/actions';
import { listEvidence, readEvidence } from '../../../src/adapters/db/evidence-store';
import { auditTrail } from '../../../src/services/audit-read';
import { messageUuid } from '../../../src/services/card-messages';
import { EVIDENCE_HELP } from '../../../src/services/evidence';
import { storeEvidence } from '../../../src/services/evidence-attach';
import { fileReport } from '../../../src/services/reports';
import { buttons, textOf } from '../../helpers/chat';
import { DEMO_NOW } from '../../helpers/demo-bot';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { jpegPhoto } from '../../helpers/pictures';
import { demoDraw, demoReport, plainInspector } from '../../helpers/publications';

const NO_OPEN_TASK =
  '您当前没有待填报的检查任务，这张图片未保存。现场材料请在任务卡片上点击“上传现场材料”后发送；其他事项请发送文字命令（例如 /帮助）。';
const EXE_REFUSED = '“setup.exe”是 .exe 文件，不能作为现场材料。';

/** 现场材料 (handlers/evidence/index.ts): files sent in chat, 上传现场材料, the picker, 查看原件 and 撤回. */
describe('现场材料: attachments, evidence.start, evidence.pick, evidence.view and evidence.withdraw', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));
  let tasks: { taskNo: string; targetName: string; inspectorKeys: string[] }[];

  beforeAll(async () => {
    const { models } = h.db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    tasks = await models.Task.find({ drawNo }).sort({ taskNo: 1 }).lean();
  });

  const models = () => h.db().models;
  /** A plain inspector of task `i` (no reviewer's rights), with no task pending from an earlier test. */
  const inspectorOf = async (i: number) => {
    const p = await plainInspector(models(), tasks[i]!);
    await models().UploadIntent.deleteMany({ _id: p.key });
    return p;
  };
  /** A plain inspector of a task sharing no inspector with task `i`: someone with tasks, not this one. */
  const outsiderOf = async (i: number) => {
    const other = tasks.find((t) => !t.inspectorKeys.some((k) => tasks[i]!.inspectorKeys.includes(k)));
    if (!other) throw new Error(`every task shares an inspector with ${tasks[i]!.taskNo}`);
    return plainInspector(models(), other);
  };
  /** The jobs enqueued while `act` ran (job ids are deterministic: one queued already is not new). */
  const enqueuedDuring = async <T>(act: () => Promise<T>) => {
    const before = new Set((await h.jobs()).map((j) => j.id));
    const result = await act();
    return { result, jobs: (await h.jobs()).filter((j) => !before.has(j.id)) };
  };
  const start = (name: string, taskNo: string) => h.click(name, { action: ACTIONS.evidenceStart, taskNo });
  const deniedFor = async (taskNo: string, what: string) =>
    (await auditTrail(models(), taskNo)).filter(
      (e) => e.action === 'permission.denied' && (e.details as { what?: string }).what === what,
    );

  /** A photo stored for task `taskNo` as sent by `by` (as the attach-evidence job stores it): its entry. */
  const storedPhoto = async (taskNo: string, id: string, by: string) => {
    const stored = await storeEvidence(models(), { taskNo, id, data: jpegPhoto(), by, at: DEMO_NOW });
    if (!('entry' in stored)) throw new Error(stored.refused);
    return stored.entry;
  };

  it('上传现场材料, then a picture and a PDF: each goes to an attach-evidence job for that task, with no reply', async () => {
    const task = tasks[0]!;
    const { key, name } = await inspectorOf(0);
    const started = await start(name, task.taskNo);
    expect(started.toast).toEqual({
      type: 'info',
      content: `请在与抽查助手的单聊中发送${task.targetName}的现场照片或文件（已有 0 件）。${EVIDENCE_HELP}`,
    });
    // The window: two hours from now.
    expect(await models().UploadIntent.findOne({ _id: key }).lean()).toMatchObject({
      taskNo: task.taskNo,
      until: new Date(DEMO_NOW.getTime() + 120 * 60_000),
    });

    const photo = await enqueuedDuring(() => h.sendAttachment(name, { type: 'image' }, jpegPhoto()));
    expect(photo.result.cards).toEqual([]);
    expect(photo.jobs).toEqual([
      {
        name: 'attach-evidence',
        id: `evidence-${photo.result.messageId}-${task.taskNo}`,
        data: {
          messageId: photo.result.messageId,
          key: photo.result.key,
          type: 'image',
          taskNo: task.taskNo,
          actor: key,
          openId: h.openId(name),
        },
      },
    ]);
    const pdf = await enqueuedDuring(() =>
      h.sendAttachment(name, { type: 'file', fileName: '检查记录表.pdf' }, Buffer.from('%PDF-1.4\n')),
    );
    expect(pdf.result.cards).toEqual([]);
    expect(pdf.jobs.map((j) => j.data)).toEqual([
      expect.objectContaining({ type: 'file', fileName: '检查记录表.pdf', taskNo: task.taskNo, actor: key }),
    ]);
    // Nothing stored by the handler itself: the job downloads and stores.
    expect(await listEvidence(models(), task.taskNo)).toEqual([]);
  });

  it('refuses a file whose name is not a kind taken, at once and with nothing enqueued: pending or not', async () => {
    const task = tasks[0]!;
    const { name } = await inspectorOf(0);
    // No task pending: the picker would be offered, but the name is refused first.
    const unasked = await enqueuedDuring(() =>
      h.sendAttachment(name, { type: 'file', fileName: 'setup.exe' }, Buffer.from('MZ\x90\x00')),
    );
    expect(unasked.result.cards.map((c) => h.title(c))).toEqual(['无法完成']);
    expect(textOf(unasked.result.cards[0]!.card)).toContain(EXE_REFUSED);
    expect(unasked.jobs).toEqual([]);
    // A task pending: refused the same way, before any download job.
    await start(name, task.taskNo);
    const pending = await enqueuedDuring(() =>
      h.sendAttachment(name, { type: 'file', fileName: 'setup.exe' }, Buffer.from('MZ\x90\x00')),
    );
    expect(pending.result.cards.map((c) => h.title(c))).toEqual(['无法完成']);
    expect(textOf(pending.result.cards[0]!.card)).toContain(EXE_REFUSED);
    expect(pending.jobs).toEqual([]);
  });

  it('a picture with no task pending: the picker lists the sender’s open tasks, nothing is enqueued', async () => {
    const { key, name } = await inspectorOf(1);
    const sent = await enqueuedDuring(() => h.sendAttachment(name, { type: 'image' }, jpegPhoto()));
    expect(sent.jobs).toEqual([]);
    const [picker, ...more] = sent.result.cards;
    expect(more).toEqual([]);
    expect(picker!.uuid).toBe(messageUuid('evidence-picker', sent.result.messageId));
    expect(h.title(picker!)).toBe('这份现场材料属于哪个任务？');
    const open = await models()
      .Task.find({ inspectorKeys: key, status: { $in: ['open', 'returned'] } })
      .lean();
    expect(
      buttons(picker!.card)
        .map((b) => b.value)
        .sort((a, b) => String(a.taskNo).localeCompare(String(b.taskNo))),
    ).toEqual(
      open
        .map((t) => ({
          action: ACTIONS.evidencePick,
          taskNo: t.taskNo,
          messageId: sent.result.messageId,
          key: sent.result.key,
          type: 'image',
        }))
        .sort((a, b) => a.taskNo.localeCompare(b.taskNo)),
    );
  });

  it('a 上传现场材料 whose window has passed no longer catches files: the picker asks instead', async () => {
    const task = tasks[1]!;
    const { key, name } = await inspectorOf(1);
    await models().UploadIntent.create({ _id: key, taskNo: task.taskNo, until: DEMO_NOW });
    const sent = await enqueuedDuring(() => h.sendAttachment(name, { type: 'image' }, jpegPhoto()));
    expect(sent.jobs).toEqual([]);
    expect(sent.result.cards.map((c) => h.title(c))).toEqual(['这份现场材料属于哪个任务？']);
  });

  it('refuses a picture from someone with no open task, and enqueues nothing', async () => {
    // 焦柳扬, a 局领导, is no inspector: no task of theirs takes files.
    const sent = await enqueuedDuring(() => h.sendAttachment('焦柳扬', { type: 'image' }, jpegPhoto()));
    expect(sent.result.cards.map((c) => h.title(c))).toEqual(['无法完成']);
    expect(textOf(sent.result.cards[0]!.card)).toContain(NO_OPEN_TASK);
    expect(sent.jobs).toEqual([]);
  });

  it('a picture in a group chat is not taken (no name, never a pool): said plainly, nothing enqueued or audited as an error', async () => {
    // 彭世杰 may import pools: a group file goes to the importer, a group picture must not.
    for (const name of ['彭世杰', '焦柳扬']) {
      const sent = await enqueuedDuring(() =>
        h.sendAttachment(name, { type: 'image' }, jpegPhoto(), 'oc_group_unit'),
      );
      expect(sent.result.cards.map((c) => h.title(c))).toEqual(['无法完成']);
      expect(textOf(sent.result.cards[0]!.card)).toContain(
        '群聊中的图片不会保存。现场材料请在与抽查助手的单聊中发送',
      );
      expect(sent.jobs).toEqual([]);
    }
  });

  it('picking a task on the picker enqueues the file for it, and the next files go there too', async () => {
    const task = tasks[1]!;
    const { key, name } = await inspectorOf(1);
    const sent = await h.sendAttachment(
      name,
      { type: 'file', fileName: '检查记录表.pdf' },
      Buffer.from('%PDF'),
    );
    const choice = buttons(sent.cards[0]!.card).find((b) => b.value.taskNo === task.taskNo)!.value;
    expect(choice).toMatchObject({ fileName: '检查记录表.pdf' });
    const picked = await enqueuedDuring(() => h.click(name, choice));
    expect(picked.result.toast).toEqual({
      type: 'success',
      content: `正在保存到任务 ${task.taskNo}，完成后在对话中告诉您`,
    });
    expect(picked.jobs).toEqual([
      {
        name: 'attach-evidence',
        id: `evidence-${sent.messageId}-${task.taskNo}`,
        data: {
          taskNo: task.taskNo,
          messageId: sent.messageId,
          key: sent.key,
          type: 'file',
          fileName: '检查记录表.pdf',
          actor: key,
          openId: h.openId(name),
        },
      },
    ]);
    expect(await models().UploadIntent.findOne({ _id: key }).lean()).toMatchObject({ taskNo: task.taskNo });
    // The pick set the task: a picture now goes straight to it.
    const next = await enqueuedDuring(() => h.sendAttachment(name, { type: 'image' }, jpegPhoto()));
    expect(next.result.cards).toEqual([]);
    expect(next.jobs.map((j) => [j.name, j.data.taskNo])).toEqual([['attach-evidence', task.taskNo]]);
  });

  it('refuses a pick whose card value is unreadable, or for a task that is not the clicker’s', async () => {
    const task = tasks[1]!;
    const { name } = await inspectorOf(1);
    const bad = await enqueuedDuring(() =>
      h.click(name, {
        action: ACTIONS.evidencePick,
        taskNo: task.taskNo,
        messageId: 'om_x',
        key: 'img_x',
        type: 'video',
      }),
    );
    expect(bad.result.toast).toEqual({ type: 'error', content: '这张卡片的内容无法识别，请重新发送文件' });
    expect(bad.jobs).toEqual([]);

    const outsider = await outsiderOf(1);
    await models().UploadIntent.deleteMany({ _id: outsider.key });
    const forged = await enqueuedDuring(() =>
      h.click(outsider.name, {
        action: ACTIONS.evidencePick,
        taskNo: task.taskNo,
        messageId: 'om_forged',
        key: 'img_forged',
        type: 'image',
      }),
    );
    expect(forged.result.toast).toEqual({
      type: 'error',
      content: `任务 ${task.taskNo} 不是派给您的，只有该任务的检查人员可以上传现场材料`,
    });
    expect(forged.jobs).toEqual([]);
    expect(await models().UploadIntent.findOne({ _id: outsider.key }).lean()).toBeNull();
    expect(await deniedFor(task.taskNo, 'evidence.pick')).not.toEqual([]);
  });

  it('refuses 上传现场材料 to someone not on the task, and on a task that does not exist', async () => {
    const task = tasks[0]!;
    const outsider = await outsiderOf(0);
    await models().UploadIntent.deleteMany({ _id: outsider.key });
    const answer = await start(outsider.name, task.taskNo);
    expect(answer.toast).toEqual({
      type: 'error',
      content: `任务 ${task.taskNo} 不是派给您的，只有该任务的检查人员可以上传现场材料`,
    });
    expect(await models().UploadIntent.findOne({ _id: outsider.key }).lean()).toBeNull();
    expect(await deniedFor(task.taskNo, 'evidence.start')).not.toEqual([]);
    const none = await start(outsider.name, 'CC2026-03-R1-01-9999');
    expect(none.toast).toEqual({ type: 'error', content: '这张卡片对应的检查任务不存在' });
  });

  it('查看原件: the reviewer gets a send-evidence job for their own chat; an inspector is refused', async () => {
    const task = tasks[2]!;
    const { key, name } = await inspectorOf(2);
    const entry = await storedPhoto(task.taskNo, 'ev-view-1', key);
    const value = { action: ACTIONS.evidenceView, taskNo: task.taskNo, id: entry.id };

    const refused = await enqueuedDuring(() => h.click(name, value));
    expect(refused.result.toast).toEqual({
      type: 'error',
      content: '现场材料只有治安大队的责任人或负责人（审核人）可以查看',
    });
    expect(refused.jobs).toEqual([]);
    expect(await deniedFor(task.taskNo, 'evidence.view')).not.toEqual([]);

    // 彭世杰, 治安大队's 责任人, reviews the task.
    const viewed = await enqueuedDuring(() => h.click('彭世杰', value));
    expect(viewed.result.toast).toEqual({
      type: 'info',
      content: `“${entry.name}”的原件将发送到您与抽查助手的单聊`,
    });
    expect(viewed.jobs.map((j) => [j.name, j.data])).toEqual([
      ['send-evidence', { taskNo: task.taskNo, id: entry.id, openId: h.openId('彭世杰') }],
    ]);
    const missing = await h.click('彭世杰', { ...value, id: 'ev-none' });
    expect(missing.toast).toEqual({ type: 'error', content: `任务 ${task.taskNo} 没有这件现场材料` });
  });

  it('撤回此文件: only its sender takes it back; its bytes go, the log keeps it, the task’s cards follow', async () => {
    const { models: m } = h.db();
    const task = tasks[3]!;
    const { key, name } = await inspectorOf(3);
    const entry = await storedPhoto(task.taskNo, 'ev-withdraw-1', key);
    const value = { action: ACTIONS.evidenceWithdraw, taskNo: task.taskNo, id: entry.id };

    // The task's other inspector may upload, but not withdraw someone else's file.
    const other = (await m.Person.findOne({ key: task.inspectorKeys.find((k) => k !== key) }).lean())!;
    const notSender = await enqueuedDuring(() => h.click(other.name, value));
    expect(notSender.result.toast).toEqual({
      type: 'error',
      content: `只有上传者本人可以撤回这件现场材料（“${entry.name}”）`,
    });
    // Someone not on the task at all: refused before the file is looked at.
    const outsider = await outsiderOf(3);
    const notOnTask = await enqueuedDuring(() => h.click(outsider.name, value));
    expect(notOnTask.result.toast).toEqual({
      type: 'error',
      content: `任务 ${task.taskNo} 不是派给您的，只有该任务的检查人员可以上传现场材料`,
    });
    expect([...notSender.jobs, ...notOnTask.jobs]).toEqual([]);
    expect((await listEvidence(m, task.taskNo)).map((e) => e.id)).toEqual([entry.id]);

    const done = await enqueuedDuring(() => h.click(name, value));
    expect(done.result.toast).toEqual({ type: 'success', content: `已撤回“${entry.name}”` });
    expect(done.result.card.header.title.content).toBe('现场材料已撤回');
    expect(done.jobs.map((j) => [j.name, j.data])).toEqual([['refresh-task', { taskNo: task.taskNo }]]);
    expect(await listEvidence(m, task.taskNo)).toEqual([]);
    expect(await readEvidence(m, task.taskNo, entry.id)).toBeNull();
    const trail = (await auditTrail(m, task.taskNo)).filter((e) => e.action.startsWith('evidence.'));
    expect(trail.map((e) => [e.action, e.actor, (e.details as { sha256?: string }).sha256])).toEqual([
      ['evidence.attached', key, entry.sha256],
      ['evidence.withdrawn', key, entry.sha256],
    ]);

    const again = await h.click(name, value);
    expect(again.toast).toEqual({
      type: 'error',
      content: `这件现场材料已撤回，或不在任务 ${task.taskNo} 中`,
    });
  });

  it('once the report is filed: 上传现场材料 and 撤回 are refused, and the file stays', async () => {
    const { models: m } = h.db();
    const task = tasks[4]!;
    const { key, name } = await inspectorOf(4);
    const entry = await storedPhoto(task.taskNo, 'ev-filed-1', key);
    await fileReport(m, task.taskNo, key, demoReport('无'), DEMO_NOW);

    expect((await start(name, task.taskNo)).toast).toEqual({
      type: 'error',
      content: `任务 ${task.taskNo} 的检查结果已填报，正在等待审核，不能再补充现场材料；如需补充，请审核人退回后再上传。`,
    });
    expect(await m.UploadIntent.findOne({ _id: key }).lean()).toBeNull();
    const withdraw = await enqueuedDuring(() =>
      h.click(name, { action: ACTIONS.evidenceWithdraw, taskNo: task.taskNo, id: entry.id }),
    );
    expect(withdraw.result.toast).toEqual({
      type: 'error',
      content: `任务 ${task.taskNo} 的检查结果已填报，正在等待审核，不能撤回现场材料；如需撤回，请审核人退回后再操作。`,
    });
    expect(withdraw.jobs).toEqual([]);
    expect((await listEvidence(m, task.taskNo)).map((e) => e.id)).toEqual([entry.id]);
  });
});
