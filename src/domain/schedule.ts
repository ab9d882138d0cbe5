import { z } from 'zod';
import { addDays, type IsoDate } from './calendar';
import { DEFAULT_EVALUATION, evaluationConfigSchema } from './evaluation';
import { DEFAULT_PUBLICATION, publicationConfigSchema } from './publication';
import { idPart } from './text';
import { addWorkdays, firstWorkdayOfMonth, isWorkday, workdayOnOrBefore } from './workdays';

/**
 * What the bot does on its own, as a pure function of the day and the database's state: which draws
 * to prompt, whom to remind, which overdue work to escalate, whether the monthly summary is due. The
 * runner executes each action once (a receipt per action id), so running a day twice, on two
 * replicas, or after Redis was lost, does nothing twice and loses nothing.
 */

/** Who an escalation step goes to: the task's inspectors, its unit's 责任人, the item's 责任局领导, the office. */
export const ESCALATION_TARGETS = ['inspectors', 'responsible', 'leader', 'office'] as const;
export type EscalationTarget = (typeof ESCALATION_TARGETS)[number];

export const scheduleConfigSchema = z
  .object({
    /** Daily run, Beijing time (HH:mm). */
    runAt: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, '应为 HH:mm，例如 09:00'),
    /** The draw prompt goes to the item's 责任人 this many working days before the round's draw-by date. */
    drawLeadWorkdays: z.number().int().min(0).max(60),
    /**
     * `prompt`: the 责任人 gets a card to start the draw. `auto`: the bot draws at that moment and sends
     * the draw to the 责任局领导 for approval; the 责任人 gets the preview (可撤回重抽).
     */
    drawMode: z.enum(['prompt', 'auto'], {
      message: '应为 prompt（提醒责任人发起）或 auto（自动抽取并送审）',
    }),
    /** Reminders before a deadline, in working days (0: on the deadline, or the working day before it). */
    reminderWorkdays: z.array(z.number().int().min(0).max(60)).min(1).max(10),
    /** 一公开: the 公示 deadline of reviewed results, its reminders, and what is shown of inspectors. */
    publication: publicationConfigSchema,
    /** 考评: the score's weights and penalties (docs/evaluation.md), used by /考评, the export and December's summary. */
    evaluation: evaluationConfigSchema,
    /**
     * From this day of December (MM-DD) the office is asked for next year's plan (沿用本年计划 or a new
     * file), weekly until one is approved; from 1 January every working day, and the 组长 is reminded
     * of a version awaiting approval.
     */
    planRolloverFrom: z.string().regex(/^12-(0[1-9]|[12]\d|3[01])$/, '应为 12 月的某一天，例如 12-01'),
    /** Overdue +n working days → these people; `urgent` adds a Feishu 加急. */
    escalation: z
      .array(
        z.object({
          afterWorkdays: z.number().int().min(1).max(60),
          to: z.array(z.enum(ESCALATION_TARGETS)).min(1),
          urgent: z.boolean().default(false),
        }),
      )
      .min(1)
      .max(6)
      .refine((steps) => steps.every((s, i) => i === 0 || s.afterWorkdays > steps[i - 1]!.afterWorkdays), {
        message: '督办各级的 afterWorkdays 应逐级递增',
      }),
  })
  .strict();
export type ScheduleConfig = z.infer<typeof scheduleConfigSchema>;

/** The ladder: +1 inspectors and 责任人, +3 责任局领导, +5 办公室 with 加急. */
export const DEFAULT_SCHEDULE: ScheduleConfig = {
  runAt: '09:00',
  drawLeadWorkdays: 5,
  drawMode: 'prompt',
  publication: DEFAULT_PUBLICATION,
  evaluation: DEFAULT_EVALUATION,
  reminderWorkdays: [7, 3, 1, 0],
  planRolloverFrom: '12-01',
  escalation: [
    { afterWorkdays: 1, to: ['inspectors', 'responsible'], urgent: false },
    { afterWorkdays: 3, to: ['leader'], urgent: false },
    { afterWorkdays: 5, to: ['office'], urgent: true },
  ],
};

export interface PlannedRound {
  year: number;
  itemCode: string;
  itemName: string;
  round: number;
  drawBy: IsoDate;
  deadline: IsoDate;
  /** A draw for the round has been approved or dispatched: nothing left to prompt. */
  drawn: boolean;
}

export interface OpenTask {
  taskNo: string;
  itemCode: string;
  itemName: string;
  unitName: string;
  targetName: string;
  deadline: IsoDate;
  inspectorKeys: string[];
}

/** A reviewed result not yet published (一公开), with its 公示 deadline. */
export interface PendingPublication {
  taskNo: string;
  itemCode: string;
  itemName: string;
  unitName: string;
  targetName: string;
  dueBy: IsoDate;
}

/** An objection (异议) awaiting the 责任局领导's decision, with its deadline. */
export interface PendingObjection {
  id: string;
  taskNo: string;
  itemCode: string;
  itemName: string;
  unitName: string;
  targetName: string;
  dueBy: IsoDate;
}

export type Action =
  | { kind: 'draw-prompt'; id: string; round: PlannedRound }
  | { kind: 'objection-reminder'; id: string; objection: PendingObjection; workdaysLeft: number }
  | { kind: 'objection-overdue'; id: string; objection: PendingObjection; step: number }
  | { kind: 'publication-reminder'; id: string; publication: PendingPublication; workdaysLeft: number }
  | { kind: 'publication-overdue'; id: string; publication: PendingPublication; step: number }
  | { kind: 'draw-overdue'; id: string; round: PlannedRound; step: number }
  | { kind: 'reminder'; id: string; personKey: string; tasks: (OpenTask & { workdaysLeft: number })[] }
  | { kind: 'task-overdue'; id: string; task: OpenTask; step: number }
  | { kind: 'summary'; id: string; month: string };

/**
 * The working day `workdays` working days after something due on `due` (negative: before), counted
 * from the working day on or before `due`: the ladder's steps, reminders, the draw prompt.
 */
export const stepDay = (due: IsoDate, workdays: number): IsoDate =>
  addWorkdays(workdayOnOrBefore(due), workdays);

/** The day a reminder `n` working days before `deadline` is sent. */
export const reminderDay = (deadline: IsoDate, n: number): IsoDate => stepDay(deadline, -n);

/**
 * Everything due by `today` (a working day; nothing is sent on days off). Actions that were missed
 * (the bot was down) are still due — draw prompts, overdue steps, the month's summary — except
 * reminders, which belong to their day only (a late "3 days left" would be wrong).
 */
export function dueActions(
  today: IsoDate,
  rounds: PlannedRound[],
  tasks: OpenTask[],
  config: ScheduleConfig = DEFAULT_SCHEDULE,
  publications: PendingPublication[] = [],
  objections: PendingObjection[] = [],
): Action[] {
  if (!isWorkday(today)) return [];
  const out: Action[] = [];

  for (const r of rounds) {
    if (r.drawn) continue;
    const key = `${r.year}-${idPart(r.itemCode)}-r${r.round}`;
    if (stepDay(r.drawBy, -config.drawLeadWorkdays) <= today)
      out.push({ kind: 'draw-prompt', id: `draw-prompt-${key}`, round: r });
    config.escalation.forEach((s, i) => {
      if (stepDay(r.drawBy, s.afterWorkdays) <= today)
        out.push({ kind: 'draw-overdue', id: `draw-overdue-${key}-s${i + 1}`, round: r, step: i + 1 });
    });
  }

  const digests = new Map<string, (OpenTask & { workdaysLeft: number })[]>();
  for (const t of tasks) {
    for (const n of config.reminderWorkdays)
      if (reminderDay(t.deadline, n) === today)
        for (const k of t.inspectorKeys) {
          const list = digests.get(k) ?? [];
          if (!list.some((x) => x.taskNo === t.taskNo)) list.push({ ...t, workdaysLeft: n });
          digests.set(k, list);
        }
    config.escalation.forEach((s, i) => {
      if (stepDay(t.deadline, s.afterWorkdays) <= today)
        out.push({ kind: 'task-overdue', id: `overdue-${t.taskNo}-s${i + 1}`, task: t, step: i + 1 });
    });
  }
  for (const [personKey, list] of [...digests].sort(([a], [b]) => (a < b ? -1 : 1)))
    out.push({
      kind: 'reminder',
      id: `remind-${today}-${idPart(personKey)}`,
      personKey,
      tasks: list.sort((a, b) => (a.deadline < b.deadline ? -1 : a.deadline > b.deadline ? 1 : 0)),
    });

  // 一公开: the unit is reminded before a result's 公示 deadline and escalated past it, like overdue work;
  // 异议: so is the 责任局领导 before and past an objection's decision deadline.
  for (const p of publications)
    for (const d of deadlineSteps(p.dueBy, today, config.publication.reminderWorkdays, config))
      out.push(
        'workdaysLeft' in d
          ? {
              kind: 'publication-reminder',
              id: `publish-remind-${p.taskNo}-T${d.workdaysLeft}`,
              publication: p,
              workdaysLeft: d.workdaysLeft,
            }
          : {
              kind: 'publication-overdue',
              id: `publish-overdue-${p.taskNo}-s${d.step}`,
              publication: p,
              step: d.step,
            },
      );
  for (const o of objections)
    for (const d of deadlineSteps(o.dueBy, today, config.publication.reminderWorkdays, config))
      out.push(
        'workdaysLeft' in d
          ? {
              kind: 'objection-reminder',
              id: `objection-remind-${idPart(o.id)}-T${d.workdaysLeft}`,
              objection: o,
              workdaysLeft: d.workdaysLeft,
            }
          : {
              kind: 'objection-overdue',
              id: `objection-overdue-${idPart(o.id)}-s${d.step}`,
              objection: o,
              step: d.step,
            },
      );

  const month = today.slice(0, 7);
  if (firstWorkdayOfMonth(Number(month.slice(0, 4)), Number(month.slice(5, 7))) <= today)
    out.push({ kind: 'summary', id: `summary-${month}`, month: previousMonth(month) });
  return out;
}

/**
 * What a deadline asks for today: the reminders that fall on today (`n` working days before it; a missed
 * one is not sent late) and every escalation step already reached (a missed one still is).
 */
function deadlineSteps(
  due: IsoDate,
  today: IsoDate,
  reminders: readonly number[],
  config: ScheduleConfig,
): ({ workdaysLeft: number } | { step: number })[] {
  const out: ({ workdaysLeft: number } | { step: number })[] = [];
  for (const n of reminders) if (reminderDay(due, n) === today) out.push({ workdaysLeft: n });
  config.escalation.forEach((s, i) => {
    if (stepDay(due, s.afterWorkdays) <= today) out.push({ step: i + 1 });
  });
  return out;
}

/** `YYYY-MM` of the month before. */
export function previousMonth(month: string): string {
  return addDays(`${month}-01`, -1).slice(0, 7);
}
