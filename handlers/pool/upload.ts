import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../../src/domain/errors';
import { mayImportPool } from '../../src/domain/permissions';
import type { CommandContext } from '../context';
import { requireActor, requireAllowed } from '../guard';

/** A file sent to the bot: a pool spreadsheet, imported in the background (it may have 100,000 rows). */
export async function poolUpload(
  ctx: CommandContext,
  file: { fileKey: string; fileName: string },
): Promise<void> {
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayImportPool(actor), 'pool.upload', file.fileName);
  if (!/\.(xlsx|csv)$/i.test(file.fileName))
    throw new DomainError(
      'IMPORT_FILE',
      `“${file.fileName}”不是 xlsx 或 csv 文件。请发送检查对象或执法检查人员名录的 Excel（.xlsx）或 CSV 文件。`,
    );
  await ctx.deps.jobs.enqueue(
    'import-pool',
    {
      messageId: ctx.messageId,
      fileKey: file.fileKey,
      fileName: file.fileName,
      chatId: ctx.chatId,
      actor: actor.key,
    },
    `import-${ctx.messageId}`,
  );
  await ctx.reply(
    noticeCard({
      title: '正在导入',
      text: `已收到“${file.fileName}”，正在校验并导入，完成后在这里告诉您结果。`,
    }),
  );
}
