import type { Models } from '../adapters/db/models';
import { findTask, type TaskRecord } from './task-records';
import { claim } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import {
  listEvidence,
  readEvidence,
  removeEvidence,
  type EvidenceEntry,
} from '../adapters/db/evidence-store';
import type { ResourceType } from '../adapters/feishu/files';
import type { Sender } from '../adapters/feishu/sender';
import { evidencePickerCard } from '../../cards/evidence-cards';
import { noticeCard } from '../../cards/notice-card';
import { sha256Hex } from '../domain/draw/canonical';
import { DomainError } from '../domain/errors';
import {
  DEFAULT_EVIDENCE_LIMITS,
  EVIDENCE_TYPES_TEXT,
  EVIDENCE_WINDOW_MINUTES,
  sizeText,
} from '../domain/evidence';
import { mayUploadEvidence, mayViewEvidence, type Actor } from '../domain/permissions';
import { appendAudit } from './audit';
import { messageUuid } from './card-messages';
import { openTasks } from './open-tasks';

/**
 * 现场材料: an inspector's photos and files, sent in chat after 上传现场材料 on a task card (or with a
 * task picked), then attached in a job (evidence-attach.ts). Here: which task a person's files go to,
 * the picker, and a stored file for its reviewer (`send-evidence`); nothing of it is ever published.
 */

/** A file or picture sent in chat, to attach to `taskNo` for `actor`. */
export interface EvidenceJob {
  messageId: string;
  /** The message's `file_key` or `image_key`. */
  key: string;
  type: ResourceType;
  /** A file message's name; a picture has none. */
  fileName?: string;
  taskNo: string;
  actor: string;
  /** Where the answers go: the sender's own chat. */
  openId: string;
}

/** The states in which a task takes files: before its report is filed, and after a return. */
export const UPLOADABLE: readonly string[] = ['open', 'returned'];

/** A task as the card click read it (handlers/report/shared.ts `taskOf`): not read again here. */
type ClickedTask = Pick<TaskRecord, 'taskNo' | 'status' | 'unitName' | 'inspectorKeys' | 'targetName'>;

/** Why a task takes no more files now (its report filed or accepted), or null. */
export function stateProblem(task: Pick<TaskRecord, 'taskNo' | 'status'>): string | null {
  if (UPLOADABLE.includes(task.status)) return null;
  return task.status === 'reported'
    ? `任务 ${task.taskNo} 的检查结果已填报，正在等待审核，不能再补充现场材料；如需补充，请审核人退回后再上传。`
    : `任务 ${task.taskNo} 已审核通过，不能再补充现场材料。`;
}

/**
 * 上传现场材料: the inspector's next photos and files go to this task (for EVIDENCE_WINDOW_MINUTES after
 * the last one). Returns what the task already holds, for the answer.
 */
export async function startEvidence(
  models: Models,
  actor: Actor,
  task: ClickedTask,
  now: Date,
): Promise<{ files: number; bytes: number; targetName: string }> {
  const { taskNo } = task;
  const may = mayUploadEvidence(actor, task);
  if (!may.ok) throw new DomainError('FORBIDDEN', may.reason);
  const problem = stateProblem(task);
  if (problem) throw new DomainError('BAD_STATE', problem);
  await keepIntent(models, actor.key, taskNo, now);
  const files = await listEvidence(models, taskNo);
  return { files: files.length, bytes: files.reduce((n, f) => n + f.bytes, 0), targetName: task.targetName };
}

/** The person's next files go to `taskNo` for EVIDENCE_WINDOW_MINUTES from `now`: their click's. */
export const keepIntent = (models: Models, actor: string, taskNo: string, now: Date) =>
  models.UploadIntent.updateOne(
    { _id: actor },
    { $set: { taskNo, until: windowEnd(now) } },
    { upsert: true },
  );

const windowEnd = (at: Date) => new Date(at.getTime() + EVIDENCE_WINDOW_MINUTES * 60_000);

/**
 * Where attached files keep a person's window open: a document of its own, which only the attach jobs
 * write. A job writing the click's document could put back a task the person has left meanwhile (FerretDB
 * writes a document whole as it read it; a job's check of the task then its write is no atomic step).
 */
const aliveId = (actor: string) => `${actor}#alive`;

/** A file attached to `taskNo` at `at`: the person's window for it runs from then, while it is still theirs. */
export async function keepAlive(models: Models, actor: string, taskNo: string, at: Date): Promise<void> {
  try {
    await models.UploadIntent.updateOne(
      { _id: aliveId(actor) },
      { $set: { taskNo, until: windowEnd(at) } },
      { upsert: true },
    );
  } catch (err) {
    // Two files' first keep-alives at once: the other one's is as recent.
    if (!asDuplicateError(err, 'upload_intents')) throw err;
  }
}

/**
 * The task the person's files go to now: their 上传现场材料 (or pick) still in its window, or kept open by a
 * file attached to that task since, and the task still taking files (once its report is filed, a file
 * sent asks again rather than being refused for it).
 */
export async function pendingEvidenceTask(models: Models, actor: string, now: Date): Promise<string | null> {
  const [intent, alive] = await Promise.all([
    models.UploadIntent.findOne({ _id: actor }).lean(),
    models.UploadIntent.findOne({ _id: aliveId(actor) }).lean(),
  ]);
  if (!intent) return null;
  const until = Math.max(intent.until.getTime(), alive?.taskNo === intent.taskNo ? alive.until.getTime() : 0);
  if (until <= now.getTime()) return null;
  const task = await findTask(models, intent.taskNo, { status: 1 });
  return task && UPLOADABLE.includes(task.status) ? intent.taskNo : null;
}

/** The person's tasks that take files now (open or returned), for a picker. */
export async function uploadableTasks(models: Models, actor: string) {
  return (await openTasks(models))
    .filter((t) => t.inspectorKeys.includes(actor) && UPLOADABLE.includes(t.status))
    .sort((a, b) => a.deadline.localeCompare(b.deadline) || a.taskNo.localeCompare(b.taskNo))
    .map((t) => ({ taskNo: t.taskNo, targetName: t.targetName, itemName: t.itemName, deadline: t.deadline }));
}

/** A file with no task pending: the sender picks one of their open tasks on a card; null when they have none. */
export async function evidencePickerOf(
  models: Models,
  actor: string,
  file: Omit<EvidenceJob, 'taskNo' | 'actor' | 'openId'>,
) {
  const tasks = await uploadableTasks(models, actor);
  return tasks.length ? evidencePickerCard({ file, tasks }) : null;
}

/** The file a reviewer asked to see, checked against their right to it. */
export async function evidenceFor(models: Models, actor: Actor, task: ClickedTask, id: string) {
  const { taskNo } = task;
  const may = mayViewEvidence(actor, task);
  if (!may.ok) throw new DomainError('FORBIDDEN', may.reason);
  const entry = (await listEvidence(models, taskNo)).find((e) => e.id === id);
  if (!entry) throw new DomainError('NO_EVIDENCE', `任务 ${taskNo} 没有这件现场材料`);
  return entry;
}

/**
 * The `send-evidence` job: the stored file sent to a reviewer's own chat (never to a group) — only if its
 * bytes still hash to the SHA-256 recorded when it was attached (the one the audit log chained). A file missing, unreadable or changed in
 * the database is not sent: the reviewer is told why, and the error is reported for the operators (a
 * card, not a job failing and retrying into /运维).
 */
export async function sendEvidence(
  deps: { models: Models; sender: Sender; onError(err: unknown): void },
  req: { taskNo: string; id: string; openId: string },
): Promise<{ sent: string } | { refused: string }> {
  const entry = (await listEvidence(deps.models, req.taskNo)).find((e) => e.id === req.id);
  const original = entry
    ? await intactOriginal(deps.models, req.taskNo, entry)
    : { problem: '在存储中找不到' };
  if ('problem' in original) {
    deps.onError(new Error(`现场材料 ${req.taskNo}/${req.id} ${original.problem}`));
    await deps.sender.sendCard(
      { openId: req.openId },
      noticeCard({
        title: '原件未发送',
        tone: 'error',
        text: `任务 ${req.taskNo} 的现场材料${entry ? `“${entry.name}”` : `（${req.id}）`}${original.problem}，为免误用未发送。已报告系统管理员；管理员可运行 npm run verify-audit 逐一核对全部现场材料。`,
      }),
      messageUuid('evidence-copy-refused', req.taskNo, req.id, req.openId, original.problem),
    );
    return { refused: original.problem };
  }
  await deps.sender.sendFile(
    { openId: req.openId },
    { name: original.name, data: original.data },
    messageUuid('evidence-copy', req.taskNo, req.id, req.openId),
  );
  return { sent: original.name };
}

/** A stored file's bytes if they are those chained when it was attached, else why not. */
async function intactOriginal(models: Models, taskNo: string, entry: EvidenceEntry) {
  const stored = await readEvidence(models, taskNo, entry.id).catch(() => 'unreadable' as const);
  if (!stored) return { problem: '在存储中找不到' };
  // A chunk missing may read back short rather than fail: either way not the file that was attached.
  if (stored === 'unreadable' || stored.data.length !== entry.bytes)
    return { problem: '无法完整读出（存储已损坏）' };
  if (sha256Hex(stored.data) !== entry.sha256)
    return { problem: '与上传时审计日志记录的 SHA-256 不符（存储中的内容被改动过）' };
  return stored;
}

/** The receipt saying file `id` of a task was withdrawn (its place no longer counts against the limits). */
export const withdrawnKey = (taskNo: string, id: string) => `evidence-withdrawn:${taskNo}:${id}`;

/**
 * 撤回 on a file's receipt: a file sent to the wrong task, or the wrong file, taken back by the person
 * who sent it while the task still takes files. Its bytes are deleted; the audit log keeps that it was
 * attached (with its SHA-256) and that it was withdrawn, by whom and when. Safe to run again.
 */
export async function withdrawEvidence(
  models: Models,
  actor: Actor,
  task: ClickedTask,
  id: string,
  now: Date,
): Promise<EvidenceEntry> {
  const { taskNo } = task;
  const entry = (await listEvidence(models, taskNo)).find((e) => e.id === id);
  if (!entry) throw new DomainError('NO_EVIDENCE', `这件现场材料已撤回，或不在任务 ${taskNo} 中`);
  if (entry.by !== actor.key)
    throw new DomainError('FORBIDDEN', `只有上传者本人可以撤回这件现场材料（“${entry.name}”）`);
  if (!UPLOADABLE.includes(task.status))
    throw new DomainError(
      'BAD_STATE',
      task.status === 'reported'
        ? `任务 ${taskNo} 的检查结果已填报，正在等待审核，不能撤回现场材料；如需撤回，请审核人退回后再操作。`
        : `任务 ${taskNo} 已审核通过，现场材料已随结果归档，不能撤回。`,
    );
  await claim(models, withdrawnKey(taskNo, id), 'evidence-withdrawn', now, {
    name: entry.name,
    bytes: entry.bytes,
  });
  await removeEvidence(models, taskNo, id);
  await appendAudit(
    models,
    {
      actor: actor.key,
      action: 'evidence.withdrawn',
      subject: taskNo,
      details: { id, name: entry.name, kind: entry.kind, bytes: entry.bytes, sha256: entry.sha256 },
      key: withdrawnKey(taskNo, id),
    },
    now,
  );
  return entry;
}

/** The kinds taken, as the 上传现场材料 answer lists them. */
export const EVIDENCE_HELP = `可发送照片（以图片发送）或 ${EVIDENCE_TYPES_TEXT}；单个不超过 ${sizeText(DEFAULT_EVIDENCE_LIMITS.maxFileBytes)}，每个任务最多 ${DEFAULT_EVIDENCE_LIMITS.maxFiles} 件、共 ${sizeText(DEFAULT_EVIDENCE_LIMITS.maxTaskBytes)}。`;
