import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Models } from '../adapters/db/models';
import type { Sender } from '../adapters/feishu/sender';
import { FileTooLarge, type MessageFiles } from '../adapters/feishu/files';
import { importResultCard } from '../../cards/import-result-card';
import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../domain/errors';
import { DEFAULT_LIMITS } from '../importer/read-table';
import { messageUuid } from './card-messages';
import { importPool, type ImportReport, type PoolKind } from './import-pool';

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
  actor: string;
}

/** A pool file sent in chat: downloaded, imported (all rows or none), and answered with the result card. */
export async function importFromChat(
  deps: { models: Models; sender: Sender; files: MessageFiles; now(): Date },
  job: UploadJob,
): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'ssj-upload-'));
  let card: unknown;
  try {
    const path = join(dir, job.fileName.endsWith('.csv') ? 'pool.csv' : 'pool.xlsx');
    await deps.files.download(job.messageId, job.fileKey, path, DEFAULT_LIMITS.maxBytes);
    card = importResultCard({
      fileName: job.fileName,
      report: await importEitherPool(deps.models, path, job.fileName, job.actor, deps.now()),
    });
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
  await deps.sender.sendCard({ chatId: job.chatId }, card, messageUuid('import', job.messageId));
}
