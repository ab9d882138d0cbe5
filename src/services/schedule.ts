import { drawPromptCard, overdueCard, reminderCard } from '../../cards/schedule-cards';
import { summaryCard } from '../../cards/summary-card';
import { pendingPublicationsCard } from '../../cards/publication-cards';
import { claim, hasReceipt } from '../adapters/db/claim';
import type { Models } from '../adapters/db/models';
import type { Sender } from '../adapters/feishu/sender';
import { daysBetween, shanghaiDate, shanghaiDateTime } from '../domain/calendar';
import {
  DEFAULT_SCHEDULE,
  dueActions,
  type EscalationTarget,
  type OpenTask,
  type PendingPublication,
  type PlannedRound,
  type ScheduleConfig,
} from '../domain/schedule';
import { calendarCovers, isWorkday, PROVISIONAL_CALENDAR_NOTE, workdaysBetween } from '../domain/workdays';
import { DomainError } from '../domain/errors';
import { idPart } from '../domain/text';
import { appendAudit } from './audit';
import { proposeDraw, roundIsDrawn, submitDraw } from './draws';
import { drawCard, leaderRecipient, sendApprovalCard } from './draw-cards';
import { messageUuid, rememberCard } from './card-messages';
import { linkOpenIds, openIdForPerson, peopleWithRole, personByName, type Directory } from './identity';
import { monthlySummary } from './monthly-summary';
import { pendingResults } from './publications';
import { keyText, namesOf } from './names';
import { summaryXlsx } from './summary-xlsx';
import { evaluationCard } from '../../cards/evaluation-card';
import { evaluateYear } from './evaluation';
import { planRolloverCard } from '../../cards/plan-card';
import { applyDuePlans, approvedPlan, templateOf, versionsOf, type Handover } from './plans';
import { planCard } from './plan-cards';

export interface ScheduleDeps {
  models: Models;
  directory: Directory;
  sender: Sender;
  now(): Date;
  /** Seeds of automatic draws (drawMode auto); crypto.randomBytes unless a test injects its own. */
  randomBytes?(size: number): Buffer;
  /** The settings (the 考评 formula of December's summary); the defaults when absent. */
  schedule?: ScheduleConfig;
}

export interface DayPlan {
  day: string;
  /** Each a job of its own (its id is the job id and the receipt key); already-done ones left out. */
  sends: Send[];
  /** What could not be planned (someone missing from the people data); the worker reports it as an error. */
  problems: string[];
  /** Set when the day lies beyond the holiday calendar's data (statutory holidays are then reckoned, 调休 unknown). */
  calendarWarning?: string;
  /** Reviews and approvals whose item changed hands today: their cards go to the new holders. */
  handover?: Handover;
}

/** One card (or one small set) the schedule sends, with everything needed to build it. */
export type Send =
  /** `draw-auto` (drawMode auto): the bot draws and sends for approval; `to` (the 责任人) gets the preview. */
  | {
      id: string;
      kind: 'draw-prompt';
      round: PlannedRound;
      rounds: number;
      to: string;
      toName?: string;
      toOpenId?: string | null;
    }
  | {
      id: string;
      kind: 'draw-auto';
      round: PlannedRound;
      rounds: number;
      to: string;
      toName?: string;
      toOpenId?: string | null;
    }
  | {
      id: string;
      kind: 'draw-overdue';
      round: PlannedRound;
      step: number;
      to: string;
      /** Who `to` is, looked up once for the whole day's plan (a lookup per send scans the people). */
      toName?: string;
      toOpenId?: string | null;
      role: EscalationTarget;
      urgent: boolean;
      afterWorkdays: number;
    }
  | {
      id: string;
      kind: 'reminder';
      to: string;
      toName?: string;
      toOpenId?: string | null;
      tasks: (OpenTask & { workdaysLeft: number })[];
    }
  | {
      id: string;
      kind: 'task-overdue';
      to: string;
      toName?: string;
      toOpenId?: string | null;
      step: number;
      role: EscalationTarget;
      urgent: boolean;
      afterWorkdays: number;
      tasks: OpenTask[];
      /** The inspectors' names, looked up with the recipients. */
      names?: Record<string, string>;
      /** One per task: this step reached this person for this task. */
      receipts: string[];
    }
  | {
      id: string;
      kind: 'publication-reminder';
      to: string;
      toName?: string;
      toOpenId?: string | null;
      items: (PendingPublication & { workdaysLeft: number })[];
      receipts: string[];
    }
  | {
      id: string;
      kind: 'publication-overdue';
      to: string;
      toName?: string;
      toOpenId?: string | null;
      step: number;
      role: EscalationTarget;
      urgent: boolean;
      afterWorkdays: number;
      items: PendingPublication[];
      receipts: string[];
    }
  | { id: string; kind: 'summary'; month: string }
  /** A year without an approved plan: the office is asked for it, or the 组长 gets the pending version again. */
  | {
      id: string;
      kind: 'plan-rollover';
      year: number;
      /** The version awaiting the 组长 (its approval card goes out again), or null (the office's card). */
      versionId: string | null;
      to: string;
      toName?: string;
      toOpenId?: string | null;
      /** This person asked about this version (or about none) ever, and today. */
      receipts: string[];
    };

const SYSTEM = 'system:schedule';
const ROLE_TEXT: Record<EscalationTarget, string> = {
  inspectors: '检查人员',
  responsible: '责任人',
  leader: '责任局领导',
  office: '领导小组办公室',
};
const receiptKey = (id: string) => `schedule:${id}`;

/**
 * The day's scheduled work, derived from the database alone (the plan's rounds, open tasks) and
 * minus what has a receipt — so planning again (a second run, a replica, after Redis was lost)
 * yields only what is still undone. Before the configured time of day, nothing is due yet.
 */
export async function planDay(
  deps: ScheduleDeps,
  config: ScheduleConfig = DEFAULT_SCHEDULE,
): Promise<DayPlan> {
  const now = deps.now();
  const day = shanghaiDate(now);
  const plan: DayPlan = { day, sends: [], problems: [] };
  if (!calendarCovers(day))
    plan.calendarWarning = `节假日数据不含 ${day.slice(0, 4)} 年：${PROVISIONAL_CALENDAR_NOTE}；请更新 chinese-days`;
  if (shanghaiDateTime(now).slice(11) < config.runAt) return plan;

  const { models } = deps;
  // A plan approved to take effect today: its people and responsibilities hold before anyone is reminded,
  // and reports awaiting review of an item with a new 责任人 go to them.
  const { reviews, approvals } = await applyDuePlans(models, now, 'system:schedule');
  plan.handover = { reviews, approvals };
  // Last year's rounds too: a round due on 30 December is escalated into January.
  const year = Number(day.slice(0, 4));
  const rounds = [...(await plannedRounds(models, year - 1)), ...(await plannedRounds(models, year))];
  const tasks: OpenTask[] = await models.Task.find(
    { status: { $in: ['open', 'returned'] } },
    {
      _id: 0,
      taskNo: 1,
      itemCode: 1,
      itemName: 1,
      unitName: 1,
      targetName: 1,
      deadline: 1,
      inspectorKeys: 1,
    },
  ).lean();
  // The reminders and escalations list only these fields of each result waiting for 公示.
  const publications: PendingPublication[] = (await pendingResults(models)).map(
    ({ resultCategory: _category, readyOn: _readyOn, ...p }) => p,
  );
  const who = new People(models);
  // Sends that gather several subjects for one person on one day (overdue tasks at one step, results to
  // publish): one card, one receipt per subject and person, so a subject is never in two cards.
  const grouped = new Map<string, Grouped>();
  const gather = async <S extends Grouped>(
    id: string,
    receipt: string,
    make: () => S,
    add: (s: S) => void,
  ): Promise<void> => {
    if (await hasReceipt(models, receiptKey(receipt))) return;
    const send = (grouped.get(id) as S | undefined) ?? make();
    if (send.receipts.includes(receipt)) return;
    add(send);
    send.receipts.push(receipt);
    grouped.set(id, send);
  };
  /** The ladder's people for a rung; a result to publish, like a draw, has no inspectors: theirs is the 责任人's. */
  const rung = (step: number, inspectorsToo: boolean) => {
    const rule = config.escalation[step - 1]!;
    const roles = new Set(rule.to.map((t) => (t === 'inspectors' && !inspectorsToo ? 'responsible' : t)));
    return { rule, roles: [...roles] };
  };

  for (const a of dueActions(day, rounds, tasks, config, publications)) {
    if (a.kind === 'task-overdue') {
      const { rule, roles } = rung(a.step, true);
      for (const role of roles)
        for (const to of await who.of(role, a.task.itemCode, a.task.unitName, a.task.inspectorKeys))
          await gather<SendOf<'task-overdue'>>(
            `overdue-${day}-s${a.step}-${idPart(to)}`,
            `${a.id}-${idPart(to)}`,
            () => ({
              id: `overdue-${day}-s${a.step}-${idPart(to)}`,
              kind: 'task-overdue' as const,
              to,
              step: a.step,
              role,
              urgent: rule.urgent,
              afterWorkdays: rule.afterWorkdays,
              tasks: [],
              receipts: [],
            }),
            (s) => s.tasks.push(a.task),
          );
      continue;
    }
    if (a.kind === 'publication-reminder') {
      const p = a.publication;
      for (const to of await who.of('responsible', p.itemCode, p.unitName))
        await gather<SendOf<'publication-reminder'>>(
          `publish-remind-${day}-${idPart(to)}`,
          `${a.id}-${idPart(to)}`,
          () => ({
            id: `publish-remind-${day}-${idPart(to)}`,
            kind: 'publication-reminder' as const,
            to,
            items: [],
            receipts: [],
          }),
          (s) => s.items.push({ ...p, workdaysLeft: a.workdaysLeft }),
        );
      continue;
    }
    if (a.kind === 'publication-overdue') {
      const p = a.publication;
      const { rule, roles } = rung(a.step, false);
      for (const role of roles)
        for (const to of await who.of(role, p.itemCode, p.unitName))
          await gather<SendOf<'publication-overdue'>>(
            `publish-overdue-${day}-s${a.step}-${idPart(to)}`,
            `${a.id}-${idPart(to)}`,
            () => ({
              id: `publish-overdue-${day}-s${a.step}-${idPart(to)}`,
              kind: 'publication-overdue' as const,
              to,
              step: a.step,
              role,
              urgent: rule.urgent,
              afterWorkdays: rule.afterWorkdays,
              items: [],
              receipts: [],
            }),
            (s) => s.items.push(p),
          );
      continue;
    }
    if (a.kind === 'draw-overdue') {
      const { rule, roles } = rung(a.step, false);
      for (const role of roles) {
        for (const to of await who.of(role, a.round.itemCode, await who.unitOf(a.round.itemCode))) {
          const id = `${a.id}-${idPart(to)}`;
          if (!(await hasReceipt(models, receiptKey(id))))
            plan.sends.push({
              id,
              kind: 'draw-overdue',
              round: a.round,
              step: a.step,
              to,
              role,
              urgent: rule.urgent,
              afterWorkdays: rule.afterWorkdays,
            });
        }
      }
      continue;
    }
    if (await hasReceipt(models, receiptKey(a.id))) continue;
    if (a.kind === 'draw-prompt') {
      const [to] = await who.of('responsible', a.round.itemCode, await who.unitOf(a.round.itemCode));
      if (!to) {
        plan.problems.push(`事项「${a.round.itemName}」的责任人不在人员名单中，无法提醒抽取`);
        continue;
      }
      const prompt = { id: a.id, round: a.round, rounds: roundsOf(a.round, rounds), to };
      plan.sends.push(
        config.drawMode === 'auto' ? { ...prompt, kind: 'draw-auto' } : { ...prompt, kind: 'draw-prompt' },
      );
    } else if (a.kind === 'reminder')
      plan.sends.push({ id: a.id, kind: 'reminder', to: a.personKey, tasks: a.tasks });
    else plan.sends.push({ id: a.id, kind: 'summary', month: a.month });
  }
  plan.sends.push(...grouped.values());
  for (const send of await rolloverSends(models, day, config))
    if (!(await hasReceipt(models, receiptKey(send.id)))) plan.sends.push(send);
  plan.sends = await addressed(deps, plan.sends);
  return plan;
}

/**
 * The recipients' names and open ids, and the inspectors' names a card lists, looked up once for the
 * day: people are found by key, which on FerretDB is a scan, so one per send made a fan-out of 2,000
 * digests crawl. Open ids still missing are asked of Feishu in batches (50 mobiles a call).
 */
async function addressed(deps: ScheduleDeps, sends: Send[]): Promise<Send[]> {
  const to = sends.flatMap((s) => ('to' in s ? [s.to] : []));
  if (to.length === 0) return sends;
  await linkOpenIds(deps.models, deps.directory, to);
  const people = new Map(
    (await deps.models.Person.find({}, { key: 1, name: 1, feishuOpenId: 1 }).lean()).map(
      (p) => [p.key, p] as const,
    ),
  );
  const name = (k: string) => people.get(k)?.name ?? keyText(k);
  return sends.map((s) => {
    if (!('to' in s)) return s;
    const who = { toName: name(s.to), toOpenId: people.get(s.to)?.feishuOpenId ?? null };
    if (s.kind !== 'task-overdue') return { ...s, ...who };
    const keys = [...new Set(s.tasks.flatMap((t) => t.inspectorKeys))];
    return { ...s, ...who, names: Object.fromEntries(keys.map((k) => [k, name(k)])) };
  });
}

type Grouped = Extract<Send, { receipts: string[] }>;
type SendOf<K extends Send['kind']> = Extract<Send, { kind: K }>;

const roundsOf = (r: PlannedRound, all: PlannedRound[]) =>
  all.filter((x) => x.itemCode === r.itemCode && x.year === r.year).length;

/** The year's rounds from its plan, each marked drawn when an approved draw holds it. */
async function plannedRounds(models: Models, year: number): Promise<PlannedRound[]> {
  const plan = await models.AnnualPlan.findOne({ year }).lean();
  const out: PlannedRound[] = [];
  for (const item of plan?.items ?? [])
    for (const r of item.rounds)
      out.push({
        year,
        itemCode: item.itemCode,
        itemName: item.name,
        round: r.round,
        drawBy: r.drawBy,
        deadline: r.deadline,
        drawn: await roundIsDrawn(models, year, item.itemCode, r.round),
      });
  return out;
}

/** Who holds a role for an item or unit, asked once per planning run. */
class People {
  private readonly memo = new Map<string, Promise<string[]>>();
  private readonly sections = new Map<
    string,
    Promise<{ unit: string; leader: string; responsiblePerson: string } | null>
  >();
  constructor(private readonly models: Models) {}

  /** The item's 责任单位, 责任局领导 and 责任人 (section 四), read once per item. */
  private section(itemCode: string) {
    let p = this.sections.get(itemCode);
    if (!p)
      this.sections.set(
        itemCode,
        (p = this.models.Item.findOne({ code: itemCode }, { section: 1 })
          .lean()
          .then((i) => i?.section ?? null)),
      );
    return p;
  }

  async unitOf(itemCode: string): Promise<string> {
    return (await this.section(itemCode))?.unit ?? '';
  }

  /** Person keys for a rung of the ladder: the task's inspectors, the unit's 责任人, the item's 责任局领导, the office. */
  async of(
    role: EscalationTarget,
    itemCode: string,
    unitName: string,
    inspectors: string[] = [],
  ): Promise<string[]> {
    if (role === 'inspectors') return inspectors;
    const k = `${role}\n${itemCode}\n${unitName}`;
    let p = this.memo.get(k);
    if (!p) this.memo.set(k, (p = this.lookup(role, itemCode, unitName)));
    return p;
  }

  private async lookup(role: EscalationTarget, itemCode: string, unitName: string): Promise<string[]> {
    if (role === 'office') return officeKeys(this.models);
    const section = await this.section(itemCode);
    const name = role === 'leader' ? section?.leader : section?.responsiblePerson;
    const person = name
      ? await personByName(this.models, name, role === 'leader' ? undefined : unitName)
      : null;
    return person ? [person.key] : [];
  }
}

/**
 * Sends one planned card, once: skipped when its receipt exists; the send's uuid is derived from its id,
 * so a retry after a crash between sending and the receipt shows nothing twice. Then the receipt(s)
 * and an audit entry with the reason and the list concerned.
 */
export async function performSend(deps: ScheduleDeps, send: Send): Promise<'sent' | 'already'> {
  const { models } = deps;
  const keys = 'receipts' in send ? send.receipts : [send.id];
  const left: string[] = [];
  for (const k of keys) if (!(await hasReceipt(models, receiptKey(k)))) left.push(k);
  if (left.length === 0) return 'already';
  const uuid = messageUuid('schedule', send.id);
  if (send.kind === 'summary') await sendSummary(deps, send.month, uuid);
  else if (send.kind === 'draw-auto') await autoDraw(deps, send, uuid);
  else if (send.kind === 'plan-rollover') await sendRollover(deps, send, uuid);
  else {
    const openId = send.toOpenId || (await openIdForPerson(models, deps.directory, send.to));
    if (!openId)
      throw new DomainError('UNREACHABLE', `无法通过飞书联系 ${send.to}：名录中没有其手机号或飞书账号`);
    const messageId = await deps.sender.sendCard({ openId }, await cardFor(deps, send), uuid);
    if ('urgent' in send && send.urgent) await deps.sender.urgentApp(messageId, [openId]);
  }
  for (const k of left) await claim(models, receiptKey(k), 'schedule', deps.now(), { send: send.id });
  await appendAudit(
    models,
    {
      actor: SYSTEM,
      action: `schedule.${send.kind}`,
      subject: send.id,
      details: describe(send),
      key: receiptKey(send.id),
    },
    deps.now(),
  );
  return 'sent';
}

/**
 * drawMode auto: the round is drawn now, by the bot, and submitted; the 责任局领导 gets the approval card
 * and the 责任人 the preview (to withdraw and redraw if need be). Idempotent throughout: the proposal is
 * keyed by the send, and both cards by their uuids.
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
  const out = await proposeDraw(models, {
    year: round.year,
    itemCode: round.itemCode,
    round: round.round,
    actor: SYSTEM,
    now: deps.now(),
    ...(deps.randomBytes ? { randomBytes: deps.randomBytes } : {}),
    idempotencyKey: send.id,
  });
  // An attempt the 责任人 opened already stands (it is on its way to the leader or back with them).
  if (!out.ok && out.live) return;
  if (!out.ok) throw new DomainError('DRAW_FAILED', `自动抽取「${round.itemName}」失败：${out.reason}`);
  const { drawNo } = out.draw;
  await submitDraw(models, drawNo, SYSTEM, deps.now());
  await sendApprovalCard(deps, drawNo);
  const sent = await deps.sender.sendCard({ openId }, await drawCard(models, drawNo, 'preview'), uuid);
  await rememberCard(models, sent, drawNo, 'preview', deps.now());
}

async function cardFor(
  deps: ScheduleDeps,
  send: Exclude<Send, { kind: 'summary' | 'draw-auto' | 'plan-rollover' }>,
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
    case 'summary':
      return { month: send.month };
    case 'plan-rollover':
      return { to: send.to, year: send.year, version: send.versionId };
  }
}

/**
 * The year a plan is wanted for — next year from the configured day of December, else this year — and
 * who is asked today: the office (the first time at once, then weekly in December, every working day
 * once the year has begun), or, while a version awaits the decision, each 组长 on the same days.
 */
async function rolloverSends(models: Models, day: string, config: ScheduleConfig): Promise<Send[]> {
  const thisYear = Number(day.slice(0, 4));
  const from = `${thisYear}-${config.planRolloverFrom}`;
  const year = day >= from ? thisYear + 1 : thisYear;
  const versions = await versionsOf(models, year);
  if (versions.some((v) => v.status === 'approved')) return [];
  const pending = versions.filter((v) => v.status === 'pending').pop() ?? null;
  const weekly = year > thisYear && daysBetween(from, day) % 7 === 0;
  const daily = year === thisYear && isWorkday(day);
  const to = pending
    ? (await peopleWithRole(models, 'group_leader')).map((p) => p.key)
    : await officeKeys(models);
  const sends: Send[] = [];
  for (const key of to) {
    // The first card at once (the rollover day, a start-up in December, a new pending version), then the rhythm.
    const ever = `plan-rollover-${year}-${pending?._id ?? 'ask'}-${idPart(key)}`;
    const today = `${ever}-${day}`;
    if (await hasReceipt(models, receiptKey(today))) continue;
    if (!weekly && !daily && (await hasReceipt(models, receiptKey(ever)))) continue;
    sends.push({
      id: today,
      kind: 'plan-rollover',
      year,
      versionId: pending?._id ?? null,
      to: key,
      receipts: [ever, today],
    });
  }
  return sends;
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

/**
 * The card, then the xlsx of the details, to the leadership office's group chat if one is set (/设为工作群
 * there), else to each office member; each message's uuid derived from the send's, so a retry doubles neither.
 */
async function sendSummary(deps: ScheduleDeps, month: string, uuid: string): Promise<void> {
  const summary = await monthlySummary(deps.models, month, shanghaiDate(deps.now()));
  const card = summaryCard(summary);
  const xlsx = await summaryXlsx(summary);
  // December's summary brings the year's 考评 (plan, 五 (五)), after the card and its xlsx.
  const evaluation = month.endsWith('-12')
    ? evaluationCard(
        await evaluateYear(deps.models, Number(month.slice(0, 4)), summary.asOf, deps.schedule?.evaluation),
      )
    : null;
  const office = await deps.models.Unit.findOne(
    { kind: 'office', chatId: { $ne: null } },
    { chatId: 1 },
  ).lean();
  if (office?.chatId) {
    await deps.sender.sendCard({ chatId: office.chatId }, card, uuid);
    await deps.sender.sendFile({ chatId: office.chatId }, xlsx, messageUuid(uuid, 'xlsx'));
    if (evaluation)
      await deps.sender.sendCard({ chatId: office.chatId }, evaluation, messageUuid(uuid, 'evaluation'));
    return;
  }
  const keys = await officeKeys(deps.models);
  if (keys.length === 0)
    throw new DomainError('UNREACHABLE', '没有领导小组办公室人员，也没有设置办公室工作群，月度汇总无处发送');
  const unreachable: string[] = [];
  for (const key of keys) {
    const openId = await openIdForPerson(deps.models, deps.directory, key);
    if (!openId) {
      unreachable.push(key);
      continue;
    }
    await deps.sender.sendCard({ openId }, card, messageUuid(uuid, key));
    await deps.sender.sendFile({ openId }, xlsx, messageUuid(uuid, key, 'xlsx'));
    if (evaluation) await deps.sender.sendCard({ openId }, evaluation, messageUuid(uuid, key, 'evaluation'));
  }
  // Not receipted unless everyone got it: the job fails (in /运维 with who and why), and the next day's
  // planning sends it again — to those who got it, under the same uuids, which the platform absorbs.
  if (unreachable.length > 0) {
    const names = await namesOf(deps.models, unreachable);
    throw new DomainError(
      'UNREACHABLE',
      `${month} 月度汇总未能送达 ${unreachable.map(names).join('、')}：名录中没有其手机号或飞书账号，请补充后重试`,
    );
  }
}

/** The leadership group's office (领导小组办公室): the ladder's last rung and the summary's readers. */
async function officeKeys(models: Models): Promise<string[]> {
  return (await peopleWithRole(models, 'office')).map((p) => p.key);
}
