import type { Models } from '../adapters/db/models';
import type { Recipient, Sender } from '../adapters/feishu/sender';
import { drawApprovalCard, drawPreviewCard, type DrawCardView } from '../../cards/draw-card';
import { DomainError } from '../domain/errors';
import { messageUuid, rememberCard } from './card-messages';
import { drawCardView } from './draw-view';
import { openIdByName, type Directory } from './identity';

export type DrawCardKind = 'preview' | 'approval';

/** A draw card of the attempt's current state; `notice` heads it (e.g. why it is shown again). */
export async function drawCard(models: Models, drawNo: string, kind: DrawCardKind, notice?: string) {
  const view = await drawCardView(models, drawNo);
  return cardOfKind(notice ? { ...view, notice } : view, kind);
}

const cardOfKind = (view: DrawCardView, kind: DrawCardKind) =>
  kind === 'preview' ? drawPreviewCard(view) : drawApprovalCard(view);

/**
 * Brings every card showing the draw to its current state — the proposer's preview, the leader's
 * approval card — except `skip`, the card the user clicked, which the callback answer replaces.
 */
export async function refreshDrawCards(models: Models, sender: Sender, drawNo: string, skip?: string) {
  const cards = await models.CardMessage.find({
    subject: drawNo,
    kind: { $in: ['preview', 'approval'] },
  }).lean();
  const copies = cards.filter((c) => c.messageId !== skip);
  if (copies.length === 0) return;
  // One view for every copy: each read of it goes through the draw's stored parts.
  const view = await drawCardView(models, drawNo);
  for (const c of copies) await sender.updateCard(c.messageId, cardOfKind(view, c.kind as DrawCardKind));
}

/** Sends the leader's approval card of a submitted draw (once: the uuid is the draw's) and remembers it. */
export async function sendApprovalCard(
  deps: { models: Models; directory: Directory; sender: Sender; now(): Date },
  drawNo: string,
): Promise<void> {
  const draw = await deps.models.Draw.findOne({ drawNo }, { itemCode: 1 }).lean();
  if (!draw) throw new DomainError('NO_DRAW', `没有编号为 ${drawNo} 的抽取`);
  const leader = await leaderRecipient(deps.models, deps.directory, draw.itemCode);
  const sent = await deps.sender.sendCard(
    leader.recipient,
    await drawCard(deps.models, drawNo, 'approval'),
    // One card per leader: a new 责任局领导 (the plan changed hands) gets their own.
    messageUuid('approval', drawNo, leader.name),
  );
  await rememberCard(deps.models, sent, drawNo, 'approval', deps.now());
}

/** Where the item's 责任局领导 gets the approval card: their chat with the bot. */
export async function leaderRecipient(
  models: Models,
  dir: Directory,
  itemCode: string,
): Promise<{ recipient: Recipient; name: string }> {
  const item = await models.Item.findOne({ code: itemCode }).lean();
  if (!item) throw new DomainError('NO_ITEM', `没有编号为 ${itemCode} 的抽查事项`);
  const name = item.section.leader;
  const openId = await openIdByName(models, dir, name);
  if (!openId)
    throw new DomainError(
      'LEADER_UNREACHABLE',
      `无法通过飞书联系责任局领导${name}：人员名单中没有其手机号，也没有其飞书账号。请先请其给机器人发一条消息，或在名单中补充手机号。`,
    );
  return { recipient: { openId }, name };
}
