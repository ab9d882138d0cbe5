import type { Models } from '../adapters/db/models';
import type { Recipient, Sender } from '../adapters/feishu/sender';
import { planApprovalCard, planSubmittedCard, type PlanCardView } from '../../cards/plan-card';
import { shanghaiDate, shanghaiDateTime } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { monthDayText } from '../domain/plan-cells';
import { planChanges } from '../domain/plan-diff';
import type { PlanTemplate } from '../domain/plan-template';
import { cardsOf, messageUuid, rememberCard } from './card-messages';
import { normalMobile, openIdForPerson, peopleWithRole, type Directory } from './identity';
import { namesOf } from './names';
import { approvedPlan, requireVersion, templateOf } from './plans';

type Deps = { models: Models; directory: Directory; sender: Sender; now(): Date };

/**
 * Who of the plan's people the bot cannot reach (名字（单位）：why): not linked to an open id, and no
 * mobile in the plan or the people data that the contact API finds.
 */
export async function unreachableIn(models: Models, dir: Directory, t: PlanTemplate): Promise<string[]> {
  const known = await models.Person.find(
    { name: { $in: t.people.map((p) => p.name) } },
    { name: 1, unitName: 1, mobile: 1, feishuOpenId: 1 },
  ).lean();
  const wanted = t.people.map((p) => {
    const k = known.find((x) => x.name === p.name && x.unitName === p.unit);
    return { p, openId: p.openId ?? k?.feishuOpenId ?? null, mobile: p.mobile ?? k?.mobile ?? null };
  });
  const mobiles = wanted.filter((w) => !w.openId && w.mobile).map((w) => normalMobile(w.mobile)!);
  const found = mobiles.length ? await dir.openIdsByMobile(mobiles) : new Map<string, string>();
  return wanted.flatMap(({ p, openId, mobile }) => {
    if (openId) return [];
    if (!mobile) return [`${p.name}（${p.unit}）：没有手机号或飞书账号`];
    if (!found.has(normalMobile(mobile)!))
      return [`${p.name}（${p.unit}）：手机号 ${mobile} 在飞书中找不到账号`];
    return [];
  });
}

export async function planCardView(
  models: Models,
  dir: Directory,
  id: string,
  now: Date,
): Promise<PlanCardView> {
  const v = await requireVersion(models, id);
  const t = templateOf(v);
  const base = (await approvedPlan(models, v.year)) ?? (await approvedPlan(models, v.year - 1));
  const againstBase = base && base._id !== v._id ? templateOf(base) : null;
  const name = await namesOf(models, [v.submittedBy, ...(v.decidedBy ? [v.decidedBy] : [])]);
  const today = shanghaiDate(now);
  return {
    id: v._id,
    year: v.year,
    version: v.version,
    status: v.status as PlanCardView['status'],
    bureau: t.bureau.name,
    fileName: v.fileName,
    submittedBy: name(v.submittedBy),
    submittedAt: shanghaiDateTime(v.submittedAt),
    items: [...t.items]
      .sort((a, b) => a.seq - b.seq)
      .map((i) => ({
        seq: i.seq,
        name: i.name,
        ratioText: i.ratioText,
        frequencyText: i.frequencyText,
        drawBy: monthDayText(i.section.drawBy),
        deadline: monthDayText(i.section.deadline),
        leader: i.section.leader,
        unit: i.section.unit,
        responsible: i.section.responsiblePerson,
      })),
    changes: v.status === 'pending' || againstBase ? planChanges(againstBase, t) : [],
    unreachable: v.status === 'pending' ? await unreachableIn(models, dir, t) : [],
    docNumber: v.docNumber,
    docNumberHint: v.docNumberHint,
    effectiveOn: v.effectiveOn ?? null,
    defaultEffectiveOn: Number(today.slice(0, 4)) < v.year ? `${v.year}-01-01` : today,
    decidedBy: v.decidedBy ? name(v.decidedBy) : null,
    decidedAt: v.decidedAt ? shanghaiDateTime(v.decidedAt) : null,
    reason: v.reason,
  };
}

const cardOf = (view: PlanCardView, kind: string) =>
  kind === 'plan-approval' ? planApprovalCard(view) : planSubmittedCard(view);

/** The card of a plan version for its approver or its sender, in its current state. */
export async function planCard(deps: Deps, id: string, kind: 'plan-approval' | 'plan-submitted') {
  return cardOf(await planCardView(deps.models, deps.directory, id, deps.now()), kind);
}

/**
 * Sends the approval card of a pending version to the 领导小组组长 (once: its uuid is the version's)
 * and, when it came from a chat, the sender's card there. Throws when no 组长 can be reached.
 */
export async function sendPlanCards(deps: Deps, id: string, office?: Recipient): Promise<void> {
  const view = await planCardView(deps.models, deps.directory, id, deps.now());
  if (office) {
    const sent = await deps.sender.sendCard(
      office,
      planSubmittedCard(view),
      messageUuid('plan-submitted', id),
    );
    await rememberCard(deps.models, sent, id, 'plan-submitted', deps.now());
  }
  if (view.status !== 'pending') return;
  const leaders = await peopleWithRole(deps.models, 'group_leader');
  const reached: string[] = [];
  for (const l of leaders) {
    const openId = await openIdForPerson(deps.models, deps.directory, l.key);
    if (!openId) continue;
    const sent = await deps.sender.sendCard(
      { openId },
      planApprovalCard(view),
      messageUuid('plan-approval', id, l.key),
    );
    await rememberCard(deps.models, sent, id, 'plan-approval', deps.now());
    reached.push(l.name);
  }
  if (reached.length === 0)
    throw new DomainError(
      'UNREACHABLE',
      `无法把 ${view.year} 年度计划（第 ${view.version} 版）的审批卡片发给领导小组组长${leaders.map((l) => l.name).join('、')}：没有其手机号或飞书账号。请在计划的“人员名单”中补全后重新上传。`,
    );
}

/** Brings every card of the version to its state, except `skip` (the clicked card, answered directly). */
export async function refreshPlanCards(deps: Deps, id: string, skip?: string): Promise<void> {
  const cards = (await cardsOf(deps.models, id, ['plan-approval', 'plan-submitted'])).filter(
    (c) => c.messageId !== skip,
  );
  if (cards.length === 0) return;
  const view = await planCardView(deps.models, deps.directory, id, deps.now());
  for (const c of cards) await deps.sender.updateCard(c.messageId, cardOf(view, c.kind));
}
