import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import type { Models } from '../adapters/db/models';
import { findTask } from './task-records';
import { listEvidence, putEvidence, type EvidenceEntry } from '../adapters/db/evidence-store';
import { claim, hasReceipt, receiptOf } from '../adapters/db/claim';
import { FileTooLarge, type MessageFiles } from '../adapters/feishu/files';
import { SendError, type Recipient, type Sender } from '../adapters/feishu/sender';
import { noticeCard } from '../../cards/notice-card';
import { evidenceReceiptCard } from '../../cards/evidence-cards';
import { shanghaiDateTime } from '../domain/calendar';
import {
  contentProblem,
  DEFAULT_EVIDENCE_LIMITS,
  evidenceId,
  limitProblem,
  nameProblem,
  ooxmlKind,
  pictureName,
  sizeText,
  sniffKind,
  type EvidenceKind,
  type EvidenceLimits,
} from '../domain/evidence';
import { appendAudit } from './audit';
import { messageUuid } from './card-messages';
import { keepAlive, stateProblem, withdrawnKey, type EvidenceJob } from './evidence';

/**
 * A photo or file attached to a task: downloaded (the `attach-evidence` job), its content's kind checked
 * against its name, given its place within the task's limits, stored in the task's GridFS bucket and
 * chained in the audit log; answered with a receipt or the reason it was refused (nothing of it kept).
 */

/** The kind a file's content is: by its first bytes; a ZIP by its entries (docx or xlsx). */
async function kindOf(data: Buffer): Promise<EvidenceKind | null> {
  const sniffed = sniffKind(data.subarray(0, 16));
  if (sniffed !== 'zip') return sniffed;
  const entries = await zipEntries(data).catch(() => null);
  return entries ? ooxmlKind(entries) : null;
}

function zipEntries(data: Buffer): Promise<string[]> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(data, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err ?? new Error('not a zip'));
      const names: string[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        names.push(e.fileName);
        // The parts that tell the kind come early; a few hundred entries is any real document.
        if (names.length > 2000) return zip.close();
        zip.readEntry();
      });
      zip.on('end', () => resolve(names));
      zip.on('close', () => resolve(names));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

/**
 * Pictures the platform takes for a card to show: its image upload takes jpg, png and HEIC up to
 * 10 MB (a HEIC becomes a JPG there, so a card shows an iPhone photo too).
 */
const THUMBNAIL_KINDS: readonly EvidenceKind[] = ['jpg', 'png', 'heic'];
const MAX_CARD_IMAGE = 10 * 1024 * 1024;

/** The image upload's refusals of the picture itself: too large, empty, unreadable, too many pixels. */
const PICTURE_REFUSED = new Set([234006, 234010, 234011, 234039]);

/**
 * The picture a review card shows, or none: the file is the evidence and the picture only a view of
 * it, so a picture the platform refuses (one it cannot decode, too many pixels) stores the file without
 * it. Any other failure fails the job: a passing one runs again, a lasting one (a missing permission)
 * is reported rather than hidden as pictures that never show.
 */
async function cardPicture(
  upload: ((data: Buffer) => Promise<string>) | undefined,
  kind: EvidenceKind,
  data: Buffer,
): Promise<string | null> {
  if (!upload || !THUMBNAIL_KINDS.includes(kind) || data.length > MAX_CARD_IMAGE) return null;
  try {
    return await upload(data);
  } catch (err) {
    if (err instanceof SendError && err.code !== null && PICTURE_REFUSED.has(err.code)) return null;
    throw err;
  }
}

type AttachOutcome = { attached: EvidenceEntry; files: number; bytes: number } | { refused: string };

/**
 * The `attach-evidence` job: one file downloaded, checked and stored, or refused with its reason —
 * and nothing of a refused file kept. Safe to run again: the file's id comes from its message, and an
 * id the task already lists is answered as attached.
 */
export async function attachEvidence(
  deps: { models: Models; files: MessageFiles; sender: Sender; now(): Date },
  job: EvidenceJob,
  limits: EvidenceLimits = DEFAULT_EVIDENCE_LIMITS,
): Promise<AttachOutcome> {
  const outcome = await attach(deps, job, limits);
  const to: Recipient = { openId: job.openId };
  const card =
    'refused' in outcome
      ? noticeCard({ title: '现场材料未保存', text: outcome.refused, tone: 'warning' })
      : evidenceReceiptCard({
          taskNo: job.taskNo,
          id: outcome.attached.id,
          name: outcome.attached.name,
          size: sizeText(outcome.attached.bytes),
          sha256: outcome.attached.sha256,
          files: outcome.files,
          total: sizeText(outcome.bytes),
        });
  await deps.sender.sendCard(to, card, messageUuid('evidence', job.messageId));
  return outcome;
}

/** A task's n-th place for a file (1-based): claimed once, by one file, with its size. */
const slotKey = (taskNo: string, n: number) => `evidence-slot:${taskNo}:${n}`;
interface Slot {
  id: string;
  /** Absent in places taken before files could be withdrawn (they held the running total instead). */
  bytes?: number;
}

/**
 * Takes the task's next place for file `id` of `bytes`, or says why the limits refuse it. Places are
 * unique receipts taken in order (FerretDB applies a conditional update to a document it read before,
 * so two files at once could both pass a check on the task and one be lost): of two files at once, one
 * takes place n, the other counts n's file and tries n + 1 against the limits. What counts is what the
 * task holds: the files stored, and those whose place is taken but which are not stored yet (neither
 * listed nor withdrawn).
 */
async function takeSlot(
  models: Models,
  taskNo: string,
  file: { id: string; what: string; bytes: number },
  listed: readonly EvidenceEntry[],
  limits: EvidenceLimits,
  now: Date,
): Promise<{ slot: number } | { refused: string }> {
  const held = { files: listed.length, bytes: listed.reduce((n, e) => n + e.bytes, 0) };
  const stored = new Set(listed.map((e) => e.id));
  /** A place's file, counted unless it is stored (counted already) or withdrawn. */
  const count = async (slot: Slot) => {
    if (stored.has(slot.id) || (await hasReceipt(models, withdrawnKey(taskNo, slot.id)))) return;
    held.files++;
    held.bytes += slot.bytes ?? 0;
  };
  // Places below the last stored file that no stored file has: a file still being stored, or withdrawn.
  const top = Math.max(0, ...listed.map((e) => e.slot));
  const taken = new Set(listed.map((e) => e.slot));
  for (let n = 1; n < top; n++) {
    if (taken.has(n)) continue;
    const gap = (await receiptOf(models, slotKey(taskNo, n)))?.result as Slot | undefined;
    if (gap?.id === file.id) return { slot: n };
    if (gap) await count(gap);
  }
  for (let n = top + 1; ; n++) {
    const existing = (await receiptOf(models, slotKey(taskNo, n)))?.result as Slot | undefined;
    if (existing?.id === file.id) return { slot: n };
    if (existing) {
      await count(existing);
      continue;
    }
    const problem = limitProblem(file.what, file.bytes, held, limits);
    if (problem) return { refused: problem };
    if (await claim(models, slotKey(taskNo, n), 'evidence-slot', now, { id: file.id, bytes: file.bytes }))
      return { slot: n };
    n--; // taken meanwhile: read it as the others
  }
}

async function attach(
  deps: { models: Models; files: MessageFiles; sender: Sender; now(): Date },
  job: EvidenceJob,
  limits: EvidenceLimits,
): Promise<AttachOutcome> {
  const { models } = deps;
  const id = evidenceId(job.messageId);
  const task = await findTask(models, job.taskNo);
  if (!task) return { refused: `没有编号为 ${job.taskNo} 的检查任务，文件未保存。` };
  const listed = await listEvidence(models, job.taskNo);
  const done = listed.find((e) => e.id === id);
  if (done) return recorded(models, job, listed, done);
  if (!task.inspectorKeys.includes(job.actor))
    return { refused: `任务 ${job.taskNo} 不是派给您的，只有该任务的检查人员可以上传现场材料，文件未保存。` };
  const state = stateProblem(task);
  if (state) return { refused: `${state}文件未保存。` };
  if (job.fileName) {
    const bad = nameProblem(job.fileName);
    if (bad) return { refused: bad };
  }
  const what = job.fileName ? `“${job.fileName}”` : '这张图片';
  let data: Buffer;
  try {
    data = await deps.files.read(job.messageId, job.key, job.type, limits.maxFileBytes);
  } catch (err) {
    if (err instanceof FileTooLarge)
      return { refused: limitProblem(what, limits.maxFileBytes + 1, { files: 0, bytes: 0 }, limits)! };
    if (platformCode(err) === 234037)
      return {
        refused: `${what}超过飞书可下载的 100 MB 上限，也超过单个文件 ${sizeText(limits.maxFileBytes)} 的上限，未保存。`,
      };
    throw err;
  }
  const stored = await storeEvidence(
    models,
    { taskNo: job.taskNo, id, fileName: job.fileName, data, by: job.actor, at: deps.now() },
    { limits, listed, uploadImage: (d) => deps.sender.uploadImage(d) },
  );
  if ('refused' in stored) return stored;
  return recorded(models, job, await listEvidence(models, job.taskNo), stored.entry);
}

/**
 * A file's bytes, in hand, checked (its content's kind against its name), given its place within the
 * task's limits, stored and chained in the audit log. `uploadImage` puts a picture where the review card
 * can show it (absent: no picture shown). Used by the `attach-evidence` job and the demo's scenario.
 */
export async function storeEvidence(
  models: Models,
  file: { taskNo: string; id: string; fileName?: string | undefined; data: Buffer; by: string; at: Date },
  opts: {
    limits?: EvidenceLimits;
    /** The files the task lists already (read by the caller, or here). */
    listed?: readonly EvidenceEntry[];
    uploadImage?: (data: Buffer) => Promise<string>;
  } = {},
): Promise<{ entry: EvidenceEntry } | { refused: string }> {
  const { taskNo, id, data, at } = file;
  const checked = contentProblem(file.fileName ?? null, await kindOf(data));
  if ('problem' in checked) return { refused: checked.problem };
  const stamp = `${shanghaiDateTime(at).replace(/[-:]/g, '').replace(' ', '-')}-${id.slice(-4)}`;
  const name = file.fileName ?? pictureName(checked.kind, stamp);
  const listed = opts.listed ?? (await listEvidence(models, taskNo));
  const limits = opts.limits ?? DEFAULT_EVIDENCE_LIMITS;
  const slot = await takeSlot(
    models,
    taskNo,
    { id, what: `“${name}”`, bytes: data.length },
    listed,
    limits,
    at,
  );
  if ('refused' in slot) return slot;
  const imageKey = await cardPicture(opts.uploadImage, checked.kind, data);
  const sha256 = createHash('sha256').update(data).digest('hex');
  const meta = { taskNo, slot: slot.slot, kind: checked.kind, sha256, by: file.by, at, imageKey };
  await putEvidence(models, taskNo, { id, name, data, metadata: meta });
  const entry: EvidenceEntry = { id, name, bytes: data.length, ...meta };
  await auditEvidence(models, entry);
  return { entry };
}

/** A stored file chained in the audit log, once (its key). */
const auditEvidence = (models: Models, entry: EvidenceEntry) =>
  appendAudit(
    models,
    {
      actor: entry.by,
      action: 'evidence.attached',
      subject: entry.taskNo,
      details: { id: entry.id, name: entry.name, kind: entry.kind, bytes: entry.bytes, sha256: entry.sha256 },
      key: `evidence:${entry.taskNo}:${entry.id}`,
    },
    entry.at,
  );

/** A stored file, answered: chained in the audit log (again, for a job retried after storing it), the sender's window kept open. */
async function recorded(
  models: Models,
  job: EvidenceJob,
  listed: readonly EvidenceEntry[],
  entry: EvidenceEntry,
): Promise<AttachOutcome> {
  await auditEvidence(models, entry);
  await keepAlive(models, job.actor, job.taskNo, entry.at);
  return { attached: entry, files: listed.length, bytes: listed.reduce((n, f) => n + f.bytes, 0) };
}

function platformCode(err: unknown): number | undefined {
  const data = (err as { response?: { data?: { code?: unknown } } } | null)?.response?.data;
  return typeof data?.code === 'number' ? data.code : undefined;
}
