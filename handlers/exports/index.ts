import { noticeCard } from '../../cards/notice-card';
import { shanghaiDate } from '../../src/domain/calendar';
import { mayEvaluate, mayExportInternal } from '../../src/domain/permissions';
import { messageUuid } from '../../src/services/card-messages';
import { EXPORT_KINDS, exportChoices, exportXlsx, parseExportRequest } from '../../src/services/exports';
import type { CommandHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';

const USAGE = `用法：/导出 <类型> [年份]，类型为 ${exportChoices().join('、')}，例如 /导出 结果公示表 2026`;

/**
 * `/导出 <类型> [年份]`: the table as an xlsx file in this chat. The public tables (事项清单, 结果公示表)
 * for anyone in the 名录; 抽取结果 (it names the inspectors) for leaders, the office and the units;
 * 考评表 for those who may see the 考评.
 */
export const exportCommand: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const today = shanghaiDate(ctx.deps.now());
  const { kind, year } = parseExportRequest(
    ctx.args.trim().split(/\s+/).filter(Boolean),
    Number(today.slice(0, 4)),
    USAGE,
  );
  if (kind === 'evaluation') await requireAllowed(ctx, mayEvaluate(actor), 'export.evaluation', String(year));
  else if (!EXPORT_KINDS[kind].public)
    await requireAllowed(ctx, mayExportInternal(actor), `export.${kind}`, String(year));

  const file = await exportXlsx(ctx.deps.models, kind, year, today, ctx.deps.schedule.evaluation);
  await ctx.reply(
    noticeCard({
      title: `已导出：${EXPORT_KINDS[kind].label}（${year} 年）`,
      text:
        kind === 'template'
          ? `空白的年度计划模板，第一张表是填写说明；填好后发给我即可上传。文件见下一条消息：${file.name}`
          : file.rows
            ? `共 ${file.rows} 行，数据截至 ${today}。文件见下一条消息：${file.name}`
            : `${year} 年暂无数据，表格只有表头。文件见下一条消息：${file.name}`,
      tone: 'info',
    }),
    'export',
  );
  await ctx.deps.sender.sendFile(ctx.replyTo, file, messageUuid('export-file', ctx.messageId));
};

export const exportCommands: Record<string, CommandHandler> = { '/导出': exportCommand };
