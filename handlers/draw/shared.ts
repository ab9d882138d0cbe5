import { itemByCode } from '../../src/services/items';
import { DomainError } from '../../src/domain/errors';
import { parseDrawNumber } from '../../src/domain/draw/policy';
import { mayStartDraw, type Permission } from '../../src/domain/permissions';
import { drawCard } from '../../src/services/draw-cards';
import { drawStatus, findDraw, type DrawSummary } from '../../src/services/draws';
import type { ActionAnswer, ActionContext } from '../context';
import { requireActor } from '../guard';

/** The draw a card action is about: its number from the card value, checked, and the draw itself. */
export async function drawOf(ctx: ActionContext): Promise<{ draw: DrawSummary; item: ItemDutyDoc }> {
  const drawNo = parseDrawNumber(String(ctx.value.drawNo ?? ''));
  const draw = drawNo ? await findDraw(ctx.deps.models, drawNo) : null;
  if (!draw) throw new DomainError('NO_DRAW', '这张卡片对应的抽取不存在');
  const item = await itemByCode(ctx.deps.models, draw.itemCode);
  if (!item) throw new DomainError('NO_ITEM', `抽取 ${draw.drawNo} 的事项已不在清单中`);
  return { draw, item };
}
export type ItemDutyDoc = {
  code: string;
  name: string;
  section: { leader: string; unit: string; responsiblePerson: string };
};

/** The proposer, or anyone who may start the item's draws, may send it on or withdraw it. */
export function mayHandle(ctx: ActionContext, draw: DrawSummary, item: ItemDutyDoc): Permission {
  const actor = requireActor(ctx);
  return actor.key === draw.proposedBy ? { ok: true } : mayStartDraw(actor, item);
}

/** Answers the clicked card with its new state and brings the draw's other cards along. */
export async function answer(
  ctx: ActionContext,
  drawNo: string,
  kind: 'preview' | 'approval',
  toast: string,
): Promise<ActionAnswer> {
  // The other copies follow in the background: the callback answers within Feishu's 3 s whatever the platform does.
  const status = await drawStatus(ctx.deps.models, drawNo);
  await ctx.deps.jobs.enqueue('refresh-draw', { drawNo, skip: ctx.messageId }, status);
  return { toast: { type: 'success', content: toast }, card: await drawCard(ctx.deps.models, drawNo, kind) };
}
