import { itemChoiceCard } from '../../cards/item-choice-card';
import { noticeCard } from '../../cards/notice-card';
import { echo } from '../../cards/echo';
import { shanghaiDate } from '../../src/domain/calendar';
import { queryItems, type QueryItem } from '../../src/domain/item-query';
import { mayStartDraw } from '../../src/domain/permissions';
import type { ProposeRequest } from '../../src/services/draw-start';
import { drawCard } from '../../src/services/draw-cards';
import { openAttemptText, reserveAttempt } from '../../src/services/draws';
import { drawNumber } from '../../src/domain/draw/policy';
import { roundToDraw } from '../../src/services/draw-rounds';
import { peopleWithRole } from '../../src/services/identity';
import type { ActionContext, CommandContext } from '../context';
import { requireActor, requireAllowed } from '../guard';

/**
 * What starting a draw comes to: a card to show (a choice of items, or why no draw can be made, with
 * `notice` set: a card that must not replace the one clicked, such as a draw prompt), or a proposal to
 * make in the background (`propose`, all but the card it will update).
 */
type Started =
  | { card: unknown; notice?: string; drawNo?: string }
  | { propose: Omit<ProposeRequest, 'messageId'>; itemName: string };

/**
 * `/抽查 <事项>` and the item buttons: resolve the item, check the role and find the round to draw —
 * quick reads, so the proposal itself (the pool snapshot: seconds for a large pool) can be a job.
 */
export async function startDraw(
  ctx: CommandContext | ActionContext,
  query: string,
  key: string,
): Promise<Started> {
  const { models } = ctx.deps;
  const actor = requireActor(ctx);
  // The cached list (a read of every item decodes them all on FerretDB): the proposal job reads the
  // stored item again before anything is drawn.
  const items = (await ctx.deps.lookups.items()).filter((i) => i.active);
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
  // Words that only approximately named the item are repeated with what they were taken for.
  const guessed = match.approximate ? `已按“${item.name}”处理（您输入的是“${echo(query)}”）` : undefined;
  // The attempt is reserved now (quick: no pool is read), so a second click finds it and no second
  // proposal is queued; an attempt already under way is shown, or waited for.
  const round = {
    year: target.year,
    itemCode: item.code,
    round: target.round,
    numberOf: (n: number) => drawNumber(target.year, item.seq, target.round, n),
  };
  const under = await reserveAttempt(models, round, key, now);
  if ('inFlight' in under) {
    const text = `“${item.name}”${target.year} 年第 ${target.round} 轮的抽取正在发起，请稍候查看发起人的卡片。`;
    return { notice: text, card: noticeCard({ title: '抽取正在发起', text, tone: 'info' }) };
  }
  if ('live' in under) {
    const open = openAttemptText(item.name, target.year, target.round, under.live, under.status);
    const notice = [guessed, open].filter(Boolean).join('\n');
    return { card: await drawCard(models, under.live, 'preview', notice), drawNo: under.live };
  }
  return {
    propose: {
      year: target.year,
      itemCode: item.code,
      round: target.round,
      attempt: under.reserved,
      actor: actor.key,
      key,
      ...(guessed ? { notice: guessed } : {}),
    },
    itemName: item.name,
  };
}

/** Who to ask about the plan: the leadership group's office, by name. */
async function officeNames(ctx: CommandContext | ActionContext): Promise<string> {
  const office = await peopleWithRole(ctx.deps.models, 'office');
  return office.map((p) => p.name).join('、') || '领导小组办公室';
}
