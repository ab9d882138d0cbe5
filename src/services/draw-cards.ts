import type { Models } from '../adapters/db/models';
import type { Recipient, Sender } from '../adapters/feishu/sender';
import { drawApprovalCard, drawPreviewCard, type DrawCardView } from '../../cards/draw-card';
import { DomainError } from '../domain/errors';
import { cardsOf, messageUuid, rememberCard } from './card-messages';
import { openIdByName, type Directory } from './identity';
import { shanghaiDateTime } from '../domain/calendar';
import { requireDraw, revealedFrom, summaryOf, transitions } from './draw-store';
import { selectionsOf } from './draw-parts';
import { namesOf } from './names';

/** The draw cards of a draw: their view (read from the stored attempt), sending and refreshing every copy. */

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
  const copies = (await cardsOf(models, drawNo, ['preview', 'approval'])).filter((c) => c.messageId !== skip);
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
  const draw = await deps.models.Draw.findOne({ _id: drawNo }, { itemCode: 1 }).lean();
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

const SAMPLE = 10;

/** The planned draw-by date of the draw's round. */
const drawByOf = (
  plan: { items: { itemCode: string; rounds: { round: number; drawBy: string }[] }[] } | null,
  draw: { itemCode: string; round: number },
) =>
  plan?.items.find((i) => i.itemCode === draw.itemCode)?.rounds.find((r) => r.round === draw.round)?.drawBy ??
  '';

/** Everything the draw cards show, read from the stored attempt (secrets only once revealed, targets only once approved). */
export async function drawCardView(models: Models, drawNo: string): Promise<DrawCardView> {
  // The draw and its transitions are read once: its summary, what is revealed and the decision follow.
  const [stored, t] = await Promise.all([requireDraw(models, drawNo, true), transitions(models, drawNo)]);
  const draw = summaryOf(stored, t);
  const revealed = revealedFrom(stored, t);
  const decision = t.decide ?? null;
  const approved = draw.status === 'approved' || draw.status === 'dispatched';
  const [item, plan] = await Promise.all([
    models.Item.findOne({ code: draw.itemCode }).lean(),
    models.AnnualPlan.findOne({ year: draw.year }).lean(),
  ]);
  if (!item) throw new DomainError('NO_ITEM', `抽取 ${drawNo} 的事项已不在清单中`);
  const selections = approved ? (await selectionsOf(models, stored)).slice(0, SAMPLE) : [];
  const keys = [
    ...new Set([...selections.flatMap((s) => s.inspectorKeys), draw.proposedBy, decision?.actor ?? '']),
  ];
  const names = await namesOf(models, keys);
  // Dispatched means every selected target has its task (dispatchDraw checks it): no count of the tasks.
  const tasks = draw.status === 'dispatched' ? draw.count : undefined;
  const inputs = stored.inputs as {
    excludeWithinDays: number;
    inspectorsPerTask: number;
    allowOtherUnits: boolean;
  };
  return {
    drawNo,
    itemName: item.name,
    basis: item.basis,
    year: draw.year,
    round: draw.round,
    rounds: plan?.items.find((i) => i.itemCode === draw.itemCode)?.rounds.length ?? item.frequencyPerYear,
    attempt: draw.attempt,
    unit: item.section.unit,
    leader: item.section.leader,
    proposer: names(draw.proposedBy),
    ratioText: item.ratioText,
    methods: item.methods,
    deadline: draw.deadline,
    algorithm: draw.algorithm,
    poolSize: draw.poolSize,
    count: draw.count,
    strata: draw.strata,
    notes: draw.notes,
    rule: {
      excludeWithinDays: inputs.excludeWithinDays,
      inspectorsPerTask: inputs.inspectorsPerTask,
      allowOtherUnits: inputs.allowOtherUnits,
    },
    hashes: { pool: draw.hashes.pool, officers: draw.hashes.officers },
    seedCommitment: draw.seedCommitment,
    commitment: draw.commitment,
    status: draw.status,
    failure: draw.failure,
    sample: selections.map((s) => ({ name: s.name, inspectors: s.inspectorKeys.map(names) })),
    ...(decision
      ? {
          decision: {
            by: names(decision.actor),
            at: shanghaiDateTime(new Date(decision.at)),
            ...(decision.reason ? { reason: decision.reason } : {}),
          },
        }
      : {}),
    ...(revealed.secret ? { secret: revealed.secret } : {}),
    ...(revealed.phrase ? { phrase: revealed.phrase } : {}),
    ...(revealed.seed ? { seed: revealed.seed } : {}),
    ...(tasks !== undefined ? { tasks } : {}),
    ...(draw.late ? { lateSince: drawByOf(plan, draw) } : {}),
  };
}
