import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../../src/domain/errors';
import { mayImportPool, maySubmitPlan } from '../../src/domain/permissions';
import { looksLikePlanFile } from '../../src/services/plan-upload';
import type { CommandContext } from '../context';
import { requireActor, requireAllowed } from '../guard';

/**
 * A file sent to the bot: a pool spreadsheet (it may have 100,000 rows) or a year's plan, read in the
 * background (services/import-upload.ts tells which).
 */
export async function poolUpload(
  ctx: CommandContext,
  file: { fileKey: string; fileName: string },
): Promise<void> {
  const actor = requireActor(ctx);
  // A plan file is the office's or the 组长's to send (checked again when it is read).
  const plan = looksLikePlanFile(file.fileName) && maySubmitPlan(actor).ok;
  if (!plan) await requireAllowed(ctx, mayImportPool(actor), 'pool.upload', file.fileName);
  if (
    !/\.(xlsx|csv)$/i.test(file.fileName) &&
    !(looksLikePlanFile(file.fileName) && /\.json$/i.test(file.fileName))
  )
    throw new DomainError(
      'IMPORT_FILE',
      `“${file.fileName}”不是 xlsx 或 csv 文件。请发送检查对象或执法检查人员名录、或年度计划的 Excel（.xlsx）或 CSV 文件。`,
    );
  await ctx.deps.jobs.enqueue('import-pool', {
    messageId: ctx.messageId,
    fileKey: file.fileKey,
    fileName: file.fileName,
    chatId: ctx.chatId,
    ...('openId' in ctx.replyTo && { openId: ctx.replyTo.openId }),
    actor: actor.key,
  });
  await ctx.reply(
    noticeCard({
      title: '正在导入',
      text: `已收到“${file.fileName}”，正在校验${plan ? '计划' : '并导入'}，完成后在这里告诉您结果。`,
    }),
  );
}
