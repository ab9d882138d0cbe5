import { DomainError } from '../../src/domain/errors';
import { parseDrawNumber } from '../../src/domain/draw/policy';
import { mayApprove, mayStartDraw, type Permission } from '../../src/domain/permissions';
import {
  drawCard,
  leaderRecipient,
  messageUuid,
  refreshDrawCards,
  rememberCard,
} from '../../src/services/draw-cards';
import {
  approveDraw,
  cancelDraw,
  dispatchDraw,
  findDraw,
  rejectDraw,
  submitDraw,
  type DrawSummary,
} from '../../src/services/draws';
import type { ActionContext, ActionAnswer, ActionHandler, CommandHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { startDraw } from './start';

/** The draw a card action is about: its number from the card value, checked, and the draw itself. */
async function drawOf(ctx: ActionContext): Promise<{ draw: DrawSummary; item: ItemDutyDoc }> {
  const drawNo = parseDrawNumber(String(ctx.value.drawNo ?? ''));
  const draw = drawNo ? await findDraw(ctx.deps.models, drawNo) : null;
  if (!draw) throw new DomainError('NO_DRAW', '这张卡片对应的抽取不存在');
  const item = await ctx.deps.models.Item.findOne({ code: draw.itemCode }).lean();
  if (!item) throw new DomainError('NO_ITEM', `抽取 ${draw.drawNo} 的事项已不在清单中`);
  return { draw, item };
}
type ItemDutyDoc = {
  code: string;
  name: string;
  section: { leader: string; unit: string; responsiblePerson: string };
};

/** The proposer, or anyone who may start the item's draws, may send it on or withdraw it. */
function mayHandle(ctx: ActionContext, draw: DrawSummary, item: ItemDutyDoc): Permission {
  const actor = requireActor(ctx);
  return actor.key === draw.proposedBy ? { ok: true } : mayStartDraw(actor, item);
}

/** Answers the clicked card with its new state and brings the draw's other cards along. */
async function answer(
  ctx: ActionContext,
  drawNo: string,
  kind: 'preview' | 'approval',
  toast: string,
): Promise<ActionAnswer> {
  await refreshDrawCards(ctx.deps.models, ctx.deps.sender, drawNo, ctx.messageId);
  return { toast: { type: 'success', content: toast }, card: await drawCard(ctx.deps.models, drawNo, kind) };
}

const command: CommandHandler = async (ctx) => {
  const started = await startDraw(ctx, ctx.args, `msg:${ctx.messageId}`);
  const messageId = await ctx.reply(started.card);
  if (started.drawNo)
    await rememberCard(ctx.deps.models, messageId, started.drawNo, 'preview', ctx.deps.now());
};

const start: ActionHandler = async (ctx) => {
  const started = await startDraw(ctx, String(ctx.value.item ?? ''), `card:${ctx.token}`);
  if (started.drawNo)
    await rememberCard(ctx.deps.models, ctx.messageId, started.drawNo, 'preview', ctx.deps.now());
  return { card: started.card };
};

const submit: ActionHandler = async (ctx) => {
  const { models, sender, directory, now } = ctx.deps;
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.submit', draw.drawNo);
  // Reachable first: a draw must not wait for a leader who will never see it.
  const leader = await leaderRecipient(models, directory, draw.itemCode);
  await submitDraw(models, draw.drawNo, requireActor(ctx).key, now());
  const sent = await sender.sendCard(
    leader.recipient,
    await drawCard(models, draw.drawNo, 'approval'),
    messageUuid('approval', draw.drawNo),
  );
  await rememberCard(models, sent, draw.drawNo, 'approval', now());
  return answer(ctx, draw.drawNo, 'preview', `已提交，等待${leader.name}审批`);
};

const redraw: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.redraw', draw.drawNo);
  await cancelDraw(ctx.deps.models, draw.drawNo, requireActor(ctx).key, ctx.deps.now(), '重新抽取');
  const started = await startDraw(ctx, draw.itemCode, `card:${ctx.token}`);
  if (started.drawNo)
    await rememberCard(ctx.deps.models, ctx.messageId, started.drawNo, 'preview', ctx.deps.now());
  return { toast: { type: 'info', content: `已取消 ${draw.drawNo}，重新抽取` }, card: started.card };
};

const cancel: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  await requireAllowed(ctx, mayHandle(ctx, draw, item), 'draw.cancel', draw.drawNo);
  await cancelDraw(ctx.deps.models, draw.drawNo, requireActor(ctx).key, ctx.deps.now());
  return answer(ctx, draw.drawNo, 'preview', `已取消抽取 ${draw.drawNo}`);
};

const approve: ActionHandler = async (ctx) => {
  const { models, now } = ctx.deps;
  const { draw, item } = await drawOf(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayApprove(actor, item), 'draw.approve', draw.drawNo);
  await approveDraw(models, draw.drawNo, actor.key, now());
  const out = await dispatchDraw(models, draw.drawNo, actor.key, now());
  return answer(ctx, draw.drawNo, 'approval', `已批准，派发 ${out.tasks} 个检查任务`);
};

const reject: ActionHandler = async (ctx) => {
  const { draw, item } = await drawOf(ctx);
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayApprove(actor, item), 'draw.reject', draw.drawNo);
  await rejectDraw(ctx.deps.models, draw.drawNo, actor.key, String(ctx.form.reason ?? ''), ctx.deps.now());
  return answer(ctx, draw.drawNo, 'approval', '已驳回，发起人会看到驳回理由');
};

export const drawCommands: Record<string, CommandHandler> = { '/抽查': command };
export const drawActions: Record<string, ActionHandler> = {
  'draw.start': start,
  'draw.submit': submit,
  'draw.redraw': redraw,
  'draw.cancel': cancel,
  'draw.approve': approve,
  'draw.reject': reject,
};
