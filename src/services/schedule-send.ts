import { drawPromptCard, overdueCard, reminderCard } from '../../cards/schedule-cards';
import { pendingPublicationsCard } from '../../cards/publication-cards';
import { claim, hasReceipt } from '../adapters/db/claim';
import { shanghaiDate } from '../domain/calendar';
import { workdaysBetween } from '../domain/workdays';
import { DomainError } from '../domain/errors';
import { appendAudit } from './audit';
import { proposeOnCard, proposingCard } from './draw-start';
import { leaderRecipient, sendApprovalCard } from './draw-cards';
import { messageUuid, rememberCard } from './card-messages';
import { openIdForPerson } from './identity';
import { keyText, namesOf } from './names';
import { planRolloverCard } from '../../cards/plan-card';
import { approvedPlan, templateOf } from './plans';
import { planCard } from './plan-cards';
import { certExpiryCard } from '../../cards/roster-card';
import { ROLE_TEXT, SYSTEM, receiptKey, type ScheduleDeps, type Send } from './schedule-types';
import { sendSummary } from './summary-send';
import { proposeReassignment, reassignCardOf } from './reassign';
import { objectionCardOf } from './objection-views';

/**
 * Sends one planned card, once: skipped when its receipts exist; the send's uuid is derived from its id,
 * so a retry after a crash between sending and the receipts shows nothing twice. Then an audit entry
 * with the reason and the list concerned (keyed: a retry logs it once), and last the receipt(s) — so a
 * crash in between is retried into the entry, never past it.
 */
export async function performSend(deps: ScheduleDeps, send: Send): Promise<'sent' | 'already'> {
  const { models } = deps;
  const keys = 'receipts' in send ? send.receipts : [send.id];
  const done = await Promise.all(keys.map((k) => hasReceipt(models, receiptKey(k))));
  const left = keys.filter((_, i) => !done[i]);
  if (left.length === 0) return 'already';
  const uuid = messageUuid('schedule', send.id);
  if (send.kind === 'summary') await sendSummary(deps, send.month, uuid);
  else if (send.kind === 'draw-auto') await autoDraw(deps, send, uuid);
  else if (send.kind === 'plan-rollover') await sendRollover(deps, send, uuid);
  else if (send.kind === 'task-reassign') await sendReassign(deps, send, uuid);
  else {
    const openId = send.toOpenId || (await openIdForPerson(models, deps.directory, send.to));
    if (!openId)
      throw new DomainError('UNREACHABLE', `无法通过飞书联系 ${send.to}：名录中没有其手机号或飞书账号`);
    const messageId = await deps.sender.sendCard({ openId }, await cardFor(deps, send), uuid);
    if ('urgent' in send && send.urgent) await deps.sender.urgentApp(messageId, [openId]);
  }
  await appendAudit(
    models,
    {
      actor: SYSTEM,
      action: `schedule.${send.kind}`,
      subject: send.id,
      details: describe(send),
      key: receiptKey(send.id),
      // The send's receipts, checked above, keep a repeat from coming here but after a crash.
      guarded: true,
    },
    deps.now(),
  );
  await Promise.all(left.map((k) => claim(models, receiptKey(k), 'schedule', deps.now(), { send: send.id })));
  return 'sent';
}

/**
 * drawMode auto: the round is drawn now, by the bot, and submitted, along the path of a proposal asked
 * for in chat (`proposeOnCard`): the 责任人 gets a card that becomes the preview (to withdraw and redraw
 * if need be), or says why no attempt could be made; the 责任局领导 gets the approval card. Idempotent
 * throughout: the proposal is keyed by the send, and both cards by their uuids.
 */
async function autoDraw(
  deps: ScheduleDeps,
  send: Extract<Send, { kind: 'draw-auto' }>,
  uuid: string,
): Promise<void> {
  const { models } = deps;
  const { round } = send;
  // Reachable first: a draw must not wait for a leader who will never see it.
  await leaderRecipient(models, deps.directory, round.itemCode);
  const openId = await openIdForPerson(models, deps.directory, send.to);
  if (!openId)
    throw new DomainError('UNREACHABLE', `无法通过飞书联系 ${send.to}：名录中没有其手机号或飞书账号`);
  const messageId = await deps.sender.sendCard({ openId }, proposingCard(round.itemName), uuid);
  const out = await proposeOnCard(
    deps,
    {
      year: round.year,
      itemCode: round.itemCode,
      round: round.round,
      actor: SYSTEM,
      key: send.id,
      messageId,
    },
    { submitAs: SYSTEM },
  );
  if (out.submitted) await sendApprovalCard(deps, out.drawNo!);
}

async function cardFor(
  deps: ScheduleDeps,
  send: Exclude<Send, { kind: 'summary' | 'draw-auto' | 'plan-rollover' | 'task-reassign' }>,
): Promise<unknown> {
  const today = shanghaiDate(deps.now());
  switch (send.kind) {
    case 'draw-prompt':
      return drawPromptCard({
        itemCode: send.round.itemCode,
        itemName: send.round.itemName,
        year: send.round.year,
        round: send.round.round,
        rounds: send.rounds,
        drawBy: send.round.drawBy,
        deadline: send.round.deadline,
        workdaysLeft: workdaysBetween(today, send.round.drawBy),
      });
    case 'draw-overdue':
      return overdueCard({
        kind: 'draw',
        step: send.step,
        role: ROLE_TEXT[send.role],
        workdaysOverdue: send.afterWorkdays,
        items: [
          {
            title: send.round.itemName,
            detail: `${send.round.year} 年第 ${send.round.round} 轮应于 ${send.round.drawBy} 前抽取，至今没有经批准的抽取`,
          },
        ],
      });
    case 'reminder':
      return reminderCard({
        name: send.toName ?? (await namesOf(deps.models, [send.to]))(send.to),
        tasks: send.tasks,
      });
    case 'publication-reminder':
      return pendingPublicationsCard({
        title: `检查结果公示提醒（${send.items.length}）`,
        intro: `${send.toName ?? (await namesOf(deps.models, [send.to]))(send.to)}，以下检查结果已审核通过，请在公示期限前公示：`,
        items: send.items.map((p) => ({ ...p, workdaysLeft: p.workdaysLeft })),
      });
    case 'publication-overdue':
      return overdueCard({
        kind: 'publications',
        step: send.step,
        role: ROLE_TEXT[send.role],
        workdaysOverdue: send.afterWorkdays,
        items: send.items.map((p) => ({
          title: `${p.targetName}（${p.itemName}）`,
          detail: `${p.taskNo}｜${p.unitName}｜检查结果应于 ${p.dueBy} 前公示`,
        })),
      });
    case 'objection-due':
      return send.role === 'office'
        ? overdueCard({
            kind: 'objections',
            step: send.step ?? 0,
            role: ROLE_TEXT[send.role],
            workdaysOverdue: send.afterWorkdays,
            items: [
              {
                title: `${send.objection.targetName}（${send.objection.itemName}）`,
                detail: `${send.objection.taskNo}｜${send.objection.unitName}｜异议应于 ${send.objection.dueBy} 前由责任局领导决定`,
              },
            ],
          })
        : objectionCardOf(
            deps.models,
            send.objection.id,
            send.step
              ? `督办（第 ${send.step} 级）：此异议应于 ${send.objection.dueBy} 前决定，已逾期`
              : `提醒：此异议应于 ${send.objection.dueBy} 前决定（还有 ${send.workdaysLeft} 个工作日）`,
          );
    case 'cert-expiry':
      return certExpiryCard({
        name: send.toName ?? (await namesOf(deps.models, [send.to]))(send.to),
        today,
        officers: send.officers,
      });
    case 'task-overdue': {
      const known = send.names;
      const names = known
        ? (k: string) => known[k] ?? keyText(k)
        : await namesOf(
            deps.models,
            send.tasks.flatMap((t) => t.inspectorKeys),
          );
      return overdueCard({
        kind: 'tasks',
        step: send.step,
        role: ROLE_TEXT[send.role],
        workdaysOverdue: send.afterWorkdays,
        items: send.tasks.map((t) => ({
          title: `${t.targetName}（${t.itemName}）`,
          detail: `${t.taskNo}｜${t.unitName}｜应于 ${t.deadline} 前完成｜检查人员：${t.inspectorKeys.map(names).join('、')}`,
        })),
      });
    }
  }
}

/** What the audit keeps of a send: whom, why, and the list it concerned. */
function describe(send: Send): unknown {
  switch (send.kind) {
    case 'draw-prompt':
    case 'draw-auto':
    case 'draw-overdue':
      return {
        to: send.to,
        year: send.round.year,
        item: send.round.itemCode,
        round: send.round.round,
        drawBy: send.round.drawBy,
        ...(send.kind === 'draw-overdue' ? { step: send.step } : {}),
      };
    case 'reminder':
      return {
        to: send.to,
        tasks: send.tasks.map((t) => ({
          taskNo: t.taskNo,
          deadline: t.deadline,
          workdaysLeft: t.workdaysLeft,
        })),
      };
    case 'task-overdue':
      return {
        to: send.to,
        step: send.step,
        afterWorkdays: send.afterWorkdays,
        urgent: send.urgent,
        tasks: send.tasks.map((t) => ({ taskNo: t.taskNo, deadline: t.deadline })),
      };
    case 'publication-reminder':
      return {
        to: send.to,
        tasks: send.items.map((p) => ({ taskNo: p.taskNo, dueBy: p.dueBy, workdaysLeft: p.workdaysLeft })),
      };
    case 'publication-overdue':
      return {
        to: send.to,
        step: send.step,
        afterWorkdays: send.afterWorkdays,
        urgent: send.urgent,
        tasks: send.items.map((p) => ({ taskNo: p.taskNo, dueBy: p.dueBy })),
      };
    case 'cert-expiry':
      return {
        to: send.to,
        officers: send.officers.map((o) => ({ badgeNo: o.badgeNo, expires: o.expires })),
      };
    case 'summary':
      return { month: send.month };
    case 'plan-rollover':
      return { to: send.to, year: send.year, version: send.versionId };
  }
}

/**
 * 改派: the proposal is made (once, whoever's card goes first) and its card sent; or, when nobody can take
 * the place, a card saying so (asked again the next working day).
 */
async function sendReassign(
  deps: ScheduleDeps,
  send: Extract<Send, { kind: 'task-reassign' }>,
  uuid: string,
) {
  const openId = send.toOpenId || (await openIdForPerson(deps.models, deps.directory, send.to));
  if (!openId)
    throw new DomainError('UNREACHABLE', `无法通过飞书联系 ${send.to}：名录中没有其手机号或飞书账号`);
  const r = await proposeReassignment(deps.models, send.unfit, deps.now(), deps.randomBytes);
  await deps.sender.sendCard({ openId }, await reassignCardOf(deps.models, send.unfit, r), uuid);
}

/** The office's card asking for next year's plan, or the 组长's approval card of the pending version. */
async function sendRollover(
  deps: ScheduleDeps,
  send: Extract<Send, { kind: 'plan-rollover' }>,
  uuid: string,
): Promise<void> {
  const openId = send.toOpenId || (await openIdForPerson(deps.models, deps.directory, send.to));
  if (!openId)
    throw new DomainError('UNREACHABLE', `无法通过飞书联系 ${send.to}：名录中没有其手机号或飞书账号`);
  if (send.versionId) {
    const card = await planCard({ ...deps }, send.versionId, 'plan-approval');
    const messageId = await deps.sender.sendCard({ openId }, card, uuid);
    await rememberCard(deps.models, messageId, send.versionId, 'plan-approval', deps.now());
    return;
  }
  const current = await approvedPlan(deps.models, send.year - 1);
  const card = planRolloverCard({
    year: send.year,
    started: shanghaiDate(deps.now()) >= `${send.year}-01-01`,
    current: current ? { docNumber: current.docNumber, items: templateOf(current).items.length } : null,
  });
  await deps.sender.sendCard({ openId }, card, uuid);
}
