import { echo } from '../../cards/echo';
import { ACTIONS } from '../../cards/actions';
import { DomainError } from '../../src/domain/errors';
import { mayDecideObjection, mayRecordObjection } from '../../src/domain/permissions';
import { idPart } from '../../src/domain/text';
import { itemByCode } from '../../src/services/items';
import { decideObjection, recordObjection } from '../../src/services/objections';
import { findObjection, objectionCardOf, objectionFormOf } from '../../src/services/objection-views';
import type { ActionHandler, CommandHandler } from '../context';
import { formText } from '../form-text';
import { requireActor, requireAllowed } from '../guard';

/** `/异议 任务编号`: the office's form to record an objection against a published result. */
const objectionCommand: CommandHandler = async (ctx) => {
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayRecordObjection(actor), 'objection.record', 'objection');
  const taskNo = ctx.args.trim().toUpperCase();
  if (!taskNo)
    throw new DomainError(
      'USAGE',
      '请写被提出异议的检查结果的任务编号（见公示表），例如：/异议 CC2026-03-R1-01-0001',
    );
  if (taskNo.length > 40) throw new DomainError('USAGE', `“${echo(taskNo)}”不是任务编号`);
  await ctx.reply(
    await objectionFormOf(ctx.deps.models, taskNo, ctx.deps.now(), ctx.deps.schedule.publication),
  );
};

/** 登记异议 on the form: recorded, shown on the public page, and the 责任局领导's card sent in the background. */
const record: ActionHandler = async (ctx) => {
  const { models, now, jobs } = ctx.deps;
  const actor = requireActor(ctx);
  await requireAllowed(ctx, mayRecordObjection(actor), 'objection.record', String(ctx.value.taskNo ?? ''));
  const { objection, leaderKey } = await recordObjection(
    models,
    {
      taskNo: String(ctx.value.taskNo ?? ''),
      objector: formText(ctx.form, 'objector', '提出异议的单位或个人'),
      receivedOn: formText(ctx.form, 'receivedOn', '收到日期'),
      content: formText(ctx.form, 'content', '异议内容'),
      actor: actor.key,
      now: now(),
    },
    ctx.deps.schedule.publication,
  );
  const card = await objectionCardOf(models, objection._id);
  if (leaderKey)
    await jobs.enqueue('send', {
      id: `objection-${idPart(objection._id)}`,
      kind: 'task',
      subject: objection.taskNo,
      to: { personKey: leaderKey },
      card,
    });
  return {
    toast: {
      type: leaderKey ? 'success' : 'warning',
      content: leaderKey
        ? '异议已登记，公示页面显示“有异议”；已请责任局领导决定'
        : '异议已登记，但名单中找不到该事项的责任局领导，请联系其决定',
    },
    card,
  };
};

/** 维持 / 更正 on the 责任局领导's card. */
const decide =
  (decision: 'uphold' | 'correct'): ActionHandler =>
  async (ctx) => {
    const { models, now } = ctx.deps;
    const actor = requireActor(ctx);
    const id = String(ctx.value.id ?? '').slice(0, 80);
    const o = await findObjection(models, id);
    if (!o) throw new DomainError('NO_OBJECTION', '这张卡片对应的异议不存在');
    const item = await itemByCode(models, o.itemCode);
    if (!item) throw new DomainError('NO_ITEM', '该异议的抽查事项已不存在');
    await requireAllowed(ctx, mayDecideObjection(actor, item), `objection.${decision}`, o.taskNo);
    const done = await decideObjection(
      models,
      id,
      actor.key,
      decision,
      decision === 'uphold'
        ? formText(ctx.form, 'upholdReason', '维持的理由')
        : formText(ctx.form, 'correctReason', '更正的理由'),
      decision === 'correct'
        ? {
            resultCategory: formText(ctx.form, 'result', '检查结果'),
            followUp: formText(ctx.form, 'followUp', '后续处置'),
            rectification: formText(ctx.form, 'rectification', '整改情况'),
          }
        : null,
      now(),
    );
    return {
      toast: {
        type: 'success',
        content:
          done.status === 'corrected' ? '已更正，公示页面显示新结果和原结果' : '已维持原结果，公示页面已更新',
      },
      card: await objectionCardOf(models, id),
    };
  };

export const objectionCommands: Record<string, CommandHandler> = { '/异议': objectionCommand };
export const objectionActions: Record<string, ActionHandler> = {
  [ACTIONS.objectionRecord]: record,
  [ACTIONS.objectionUphold]: decide('uphold'),
  [ACTIONS.objectionCorrect]: decide('correct'),
};
