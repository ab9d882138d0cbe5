import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Models } from '../adapters/db/models';
import type { Recipient, Sender } from '../adapters/feishu/sender';
import { FileTooLarge, type MessageFiles } from '../adapters/feishu/files';
import { importResultCard } from '../../cards/import-result-card';
import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../domain/errors';
import { DEFAULT_LIMITS } from '../importer/read-table';
import { messageUuid } from './card-messages';
import { importPool, type ImportReport, type PoolKind } from './import-pool';
import { planProblemsCard } from '../../cards/plan-card';
import { toActor, type Directory } from './identity';
import { refreshPlanCards, sendPlanCards } from './plan-cards';
import { looksLikePlanFile, submitPlanFile } from './plan-upload';

/** Which pool a file holds: 人员 in the name → officers; else targets; the other kind is tried if the header says so. */
export async function importEitherPool(
  models: Models,
  file: string,
  fileName: string,
  actor: string,
  now: Date,
): Promise<ImportReport> {
  const first: PoolKind = /人员|执法/.test(fileName) ? 'officers' : 'targets';
  const other: PoolKind = first === 'officers' ? 'targets' : 'officers';
  try {
    return await importPool(models, first, file, { actor, now });
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'IMPORT_HEADER') throw err;
    try {
      return await importPool(models, other, file, { actor, now });
    } catch (err2) {
      // Neither header fits: explain against the kind the name suggested.
      if (err2 instanceof DomainError && err2.code === 'IMPORT_HEADER') throw err;
      throw err2;
    }
  }
}

export interface UploadJob {
  messageId: string;
  fileKey: string;
  fileName: string;
  chatId: string;
  /** Set when the file came in the sender's own chat: answers go to their open_id (see CommandContext.replyTo). */
  openId?: string;
  actor: string;
}

const answerTo = (job: UploadJob): Recipient =>
  job.openId ? { openId: job.openId } : { chatId: job.chatId };

/**
 * A file sent in chat: a pool (imported, all rows or none, answered with the result card) or a year's
 * plan (submitted for the 组长's approval: the sender gets the plan's card, the 组长 the approval card).
 * A name that says plan is read as a plan; any other file as a pool, then as a plan if no pool header fits.
 */
export async function importFromChat(
  deps: { models: Models; sender: Sender; files: MessageFiles; directory: Directory; now(): Date },
  job: UploadJob,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ssj-upload-'));
  /** The answer in this chat; null when the cards already sent say it all. */
  let card: unknown;
  try {
    const ext = extname(job.fileName).toLowerCase();
    const path = join(dir, `upload${['.csv', '.json'].includes(ext) ? ext : '.xlsx'}`);
    await deps.files.download(job.messageId, job.fileKey, path, DEFAULT_LIMITS.maxBytes);
    if (looksLikePlanFile(job.fileName)) card = await planFromChat(deps, job, path);
    else {
      try {
        card = importResultCard({
          fileName: job.fileName,
          report: await importEitherPool(deps.models, path, job.fileName, job.actor, deps.now()),
        });
      } catch (err) {
        if (!(err instanceof DomainError) || err.code !== 'IMPORT_HEADER') throw err;
        // No pool header fits: a plan under another name? If it is not one (or not theirs to send), the pool's reason stands.
        const plan = await planFromChat(deps, job, path).catch((e: unknown) => {
          if (e instanceof DomainError) return NOT_A_PLAN;
          throw e;
        });
        if (plan === NOT_A_PLAN) throw err;
        card = plan;
      }
    }
  } catch (err) {
    const message =
      err instanceof DomainError
        ? err.message
        : err instanceof FileTooLarge
          ? `文件超过 ${Math.round(err.maxBytes / 1048576)} MB，请拆分后分别发送`
          : null;
    if (message === null) throw err;
    card = noticeCard({ title: `无法导入：${job.fileName}`, text: message, tone: 'warning' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (card) await deps.sender.sendCard(answerTo(job), card, messageUuid('import', job.messageId));
}

const NOT_A_PLAN = Symbol('not a plan');

/**
 * A plan file from chat: refused with its problems (the card returned), or submitted and its cards
 * sent — the sender's plan card to this chat, the approval card to the 组长 (null: nothing to add).
 * NOT_A_PLAN: a file not named as a plan has no plan sheets either.
 */
async function planFromChat(
  deps: { models: Models; sender: Sender; directory: Directory; now(): Date },
  job: UploadJob,
  path: string,
): Promise<unknown> {
  const person = await deps.models.Person.findOne({ key: job.actor }).lean();
  if (!person) throw new DomainError('FORBIDDEN', '只有领导小组办公室可以上传年度计划');
  const out = await submitPlanFile(deps.models, {
    file: path,
    fileName: job.fileName,
    actor: toActor(person),
    now: deps.now(),
  });
  if (!out.ok) {
    if (!looksLikePlanFile(job.fileName) && out.problems.some((p) => p.includes('找不到随机抽查事项清单表')))
      return NOT_A_PLAN;
    return planProblemsCard({ fileName: job.fileName, year: out.year, problems: out.problems });
  }
  for (const old of out.superseded) await refreshPlanCards(deps, old);
  try {
    await sendPlanCards(deps, out.version._id, answerTo(job));
  } catch (err) {
    if (!(err instanceof DomainError) || err.code !== 'UNREACHABLE') throw err;
    return noticeCard({ title: '审批卡片未能送达', text: err.message, tone: 'warning' });
  }
  return null;
}
