import { hasReceipt, heldReceipts } from '../adapters/db/claim';
import type { Models } from '../adapters/db/models';
import { daysBetween, shanghaiDate, shanghaiDateTime } from '../domain/calendar';
import {
  DEFAULT_SCHEDULE,
  dueActions,
  type OpenTask,
  type PendingPublication,
  type PlannedRound,
  type ScheduleConfig,
} from '../domain/schedule';
import { openTasks } from './open-tasks';
import { calendarCovers, isWorkday, PROVISIONAL_CALENDAR_NOTE } from '../domain/workdays';
import { idPart } from '../domain/text';
import { roundIsDrawn } from './draws';
import { peopleWithRole } from './identity';
import { pendingResults } from './publications';
import { applyDuePlans, versionsOf } from './plans';
import {
  receiptKey,
  type DayPlan,
  type Grouped,
  type ScheduleDeps,
  type Send,
  type SendOf,
} from './schedule-types';
import { addressed, People, officeKeys } from './schedule-people';
import { certExpirySends, rosterOf } from './cert-reminders';
import { reassignSends } from './reassign';
import { pendingObjections } from './objection-views';

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
  // The inspectors' work: open or back with them (a report waiting for review is the unit's).
  const tasks: OpenTask[] = (await openTasks(models))
    .filter((t) => t.status !== 'reported')
    .map(({ status: _status, drawNo: _drawNo, ...t }) => t);
  // The reminders and escalations list only these fields of each result waiting for 公示.
  const publications: PendingPublication[] = (await pendingResults(models)).map(
    ({ resultCategory: _category, readyOn: _readyOn, ...p }) => p,
  );
  const who = new People(models);
  const objections = await pendingObjections(models);
  const actions = dueActions(day, rounds, tasks, config, publications, objections);
  /**
   * The day's sends from its actions into `into`, minus those `held` (a send's receipt id) says were sent.
   * Run twice: once to learn every receipt it may ask about (all of them then read together, sixteen in
   * flight, not one after another as the plan goes), then to plan.
   */
  const planActions = async (held: (id: string) => boolean, into: DayPlan): Promise<void> => {
    // Sends that gather several subjects for one person on one day (overdue tasks at one step, results to
    // publish): one card, one receipt per subject and person, so a subject is never in two cards.
    const grouped = new Map<string, Grouped>();
    const gather = async <S extends Grouped>(
      id: string,
      receipt: string,
      make: () => S,
      add: (s: S) => void,
    ): Promise<void> => {
      if (held(receipt)) return;
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

    for (const a of actions) {
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
      if (a.kind === 'objection-reminder' || a.kind === 'objection-overdue') {
        // The decision is the 责任局领导's: every rung but the office's is them.
        const o = a.objection;
        const step = a.kind === 'objection-overdue' ? a.step : null;
        const rule = step ? config.escalation[step - 1]! : null;
        const roles = rule
          ? [...new Set(rule.to.map((t) => (t === 'office' ? 'office' : 'leader')))]
          : ['leader' as const];
        for (const role of roles)
          for (const to of await who.of(role, o.itemCode, o.unitName)) {
            const id = `${a.id}-${idPart(to)}`;
            if (!held(id))
              into.sends.push({
                id,
                kind: 'objection-due',
                to,
                objection: o,
                step,
                workdaysLeft: a.kind === 'objection-reminder' ? a.workdaysLeft : null,
                role,
                urgent: rule?.urgent ?? false,
                afterWorkdays: rule?.afterWorkdays ?? 0,
              });
          }
        continue;
      }
      if (a.kind === 'draw-overdue') {
        const { rule, roles } = rung(a.step, false);
        for (const role of roles) {
          for (const to of await who.of(role, a.round.itemCode, await who.unitOf(a.round.itemCode))) {
            const id = `${a.id}-${idPart(to)}`;
            if (!held(id))
              into.sends.push({
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
      if (held(a.id)) continue;
      if (a.kind === 'draw-prompt') {
        const [to] = await who.of('responsible', a.round.itemCode, await who.unitOf(a.round.itemCode));
        if (!to) {
          into.problems.push(`事项「${a.round.itemName}」的责任人不在人员名单中，无法提醒抽取`);
          continue;
        }
        const prompt = { id: a.id, round: a.round, rounds: roundsOf(a.round, rounds), to };
        into.sends.push(
          config.drawMode === 'auto' ? { ...prompt, kind: 'draw-auto' } : { ...prompt, kind: 'draw-prompt' },
        );
      } else if (a.kind === 'reminder')
        into.sends.push({ id: a.id, kind: 'reminder', to: a.personKey, tasks: a.tasks });
      else into.sends.push({ id: a.id, kind: 'summary', month: a.month });
    }
    into.sends.push(...grouped.values());
  };
  const asked = new Set<string>();
  await planActions((id) => (asked.add(id), false), { day, sends: [], problems: [] });
  const held = await heldReceipts(models, [...asked].map(receiptKey));
  await planActions((id) => held.has(receiptKey(id)), plan);
  const roster = await rosterOf(models);
  plan.sends.push(...(await certExpirySends(models, day, roster, plan.problems)));
  plan.sends.push(...(await reassignSends(models, day, tasks, roster, plan.problems)));
  for (const send of await rolloverSends(models, day, config))
    if (!(await hasReceipt(models, receiptKey(send.id)))) plan.sends.push(send);
  plan.sends = await addressed(deps, plan.sends, roster);
  return plan;
}

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

export { performSend } from './schedule-send';
export type { Addressed, DayPlan, ScheduleDeps, Send } from './schedule-types';
