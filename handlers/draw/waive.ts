import { noticeCard } from '../../cards/notice-card';
import { DomainError } from '../../src/domain/errors';
import { waiveNextRound } from '../../src/services/waivers';
import type { CommandHandler } from '../context';
import { requireActor, requireItem } from '../guard';

const USAGE =
  '用法：/免抽 事项 理由（由责任局领导决定，理由将公示），例如 /免抽 公章刻制业 辖区内本年度无在营刻章企业';

/**
 * `/免抽 <事项> <理由>`: the item's 责任局领导 waives the round due next, with a reason that is
 * published; its prompts and escalations stop and the 考评 shows it as 免于抽查.
 */
export const waiveCommand: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
  const [itemText, ...reasonWords] = ctx.args.trim().split(/\s+/).filter(Boolean);
  if (!itemText || reasonWords.length === 0) throw new DomainError('USAGE', USAGE);
  const itemCode = await requireItem(ctx, itemText, USAGE);
  const out = await waiveNextRound(ctx.deps.models, {
    itemCode,
    actor,
    reason: reasonWords.join(' '),
    now: ctx.deps.now(),
  });
  await ctx.reply(
    noticeCard({
      title: `已免于抽查：${out.itemName}`,
      text: `${out.itemName} ${out.year} 年第 ${out.round} 轮${out.again ? '此前已' : '已'}决定免于抽查，理由已在公示页面公开；该轮不再提醒和督办。`,
      tone: 'info',
    }),
  );
};
