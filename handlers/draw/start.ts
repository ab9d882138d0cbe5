import { itemChoiceCard } from '../../cards/item-choice-card';
import { noticeCard } from '../../cards/notice-card';
import { echo } from '../../cards/echo';
import { shanghaiDate } from '../../src/domain/calendar';
import { queryItems, type QueryItem } from '../../src/domain/item-query';
import { mayStartDraw } from '../../src/domain/permissions';
import { drawCard } from '../../src/services/draw-cards';
import { proposeDraw } from '../../src/services/draws';
import { roundToDraw } from '../../src/services/draw-rounds';
import { peopleWithRole } from '../../src/services/identity';
import type { ActionContext, CommandContext } from '../context';
import { requireActor, requireAllowed } from '../guard';

/**
 * What starting a draw produced: the card to show, and the draw it shows if one was made; `notice` when
 * no draw could be (a card that must not replace the one clicked, such as a draw prompt).
 */
interface Started {
  card: unknown;
  drawNo?: string;
  notice?: string;
}

/** `/抽查 <事项>` and the item buttons: resolve the item, check the role, draw the open round, preview. */
export async function startDraw(
  ctx: CommandContext | ActionContext,
  query: string,
  key: string,
): Promise<Started> {
  const { models } = ctx.deps;
  const actor = requireActor(ctx);
  const items = await models.Item.find({ active: true }).sort({ seq: 1 }).lean();
  const match = queryItems(items as unknown as QueryItem[], query);
  const view = (codes: string[]) =>
    codes
      .map((c) => items.find((i) => i.code === c)!)
      .map((i) => ({
        code: i.code,
        name: i.name,
        ratioText: i.ratioText,
        frequencyText: i.frequencyText,
      }));
  if (match.kind === 'choice')
    return {
      card: itemChoiceCard({
        ...(query.trim() ? { query: query.trim() } : {}),
        items: view(match.codes),
        ...(match.close ? { close: true } : {}),
      }),
    };
  if (match.kind === 'none')
    return {
      card: itemChoiceCard({
        query: query.trim(),
        items: view(match.suggestions),
        suggestions: true,
        allNames: items.map((i) => i.name),
      }),
    };
  const item = items.find((i) => i.code === match.code)!;
  await requireAllowed(ctx, mayStartDraw(actor, item), 'draw.start', item.code);
  const now = ctx.deps.now();
  const target = await roundToDraw(models, shanghaiDate(now), item.code);
  if (target.kind === 'no-plan') {
    const text = `${target.year} 年度“双随机、一公开”抽查计划尚未发布，“${item.name}”还不能抽取。请联系领导小组办公室（${await officeNames(ctx)}）。`;
    return {
      notice: text,
      card: noticeCard({ title: `${target.year} 年度计划尚未发布`, text, tone: 'warning' }),
    };
  }
  if (target.kind === 'not-planned') {
    const text = `${target.year} 年度计划中没有“${item.name}”，本年度不抽取。如有疑问请联系领导小组办公室（${await officeNames(ctx)}）。`;
    return { notice: text, card: noticeCard({ title: '本年度计划无此事项', text, tone: 'info' }) };
  }
  if (target.kind === 'all-drawn') {
    const text = `“${item.name}”${target.year} 年的各轮均已批准抽取或免于抽查，无需再抽。可发送 /进度 ${item.name} 查看完成情况。`;
    return { notice: text, card: noticeCard({ title: '本年度无需再抽', text, tone: 'info' }) };
  }
  const out = await proposeDraw(models, {
    year: target.year,
    itemCode: item.code,
    round: target.round,
    actor: actor.key,
    now,
    idempotencyKey: key,
    ...(ctx.deps.randomBytes ? { randomBytes: ctx.deps.randomBytes } : {}),
  });
  // A failed attempt is shown (and published) like any other; an open one of the round is shown again;
  // words that only approximately named the item are repeated with what they were taken for.
  const guessed = match.approximate ? `已按“${item.name}”处理（您输入的是“${echo(query)}”）` : undefined;
  const notice =
    [guessed, out.ok ? undefined : out.live ? out.reason : undefined].filter(Boolean).join('\n') || undefined;
  return { card: await drawCard(models, out.draw.drawNo, 'preview', notice), drawNo: out.draw.drawNo };
}

/** Who to ask about the plan: the leadership group's office, by name. */
async function officeNames(ctx: CommandContext | ActionContext): Promise<string> {
  const office = await peopleWithRole(ctx.deps.models, 'office');
  return office.map((p) => p.name).join('、') || '领导小组办公室';
}
