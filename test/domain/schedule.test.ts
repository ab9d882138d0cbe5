import {
  DEFAULT_SCHEDULE,
  dueActions,
  reminderDay,
  stepDay,
  type OpenTask,
  type PlannedRound,
} from '../../src/domain/schedule';
import { addDays } from '../../src/domain/calendar';
import { isWorkday } from '../../src/domain/workdays';

const round = (over: Partial<PlannedRound> = {}): PlannedRound => ({
  year: 2026,
  itemCode: 'entertainment',
  itemName: '娱乐场所',
  round: 1,
  drawBy: '2026-10-15',
  deadline: '2026-12-30',
  drawn: false,
  ...over,
});
const task = (over: Partial<OpenTask> = {}): OpenTask => ({
  taskNo: 'CC2026-04-R1-01-0001',
  itemCode: 'entertainment',
  itemName: '娱乐场所',
  unitName: '治安管理大队',
  targetName: '偃师区某歌城',
  deadline: '2026-12-30',
  inspectorKeys: ['badge:1', 'badge:2'],
  ...over,
});

/** Every action id over a span of days, with the day it first fell due. */
function walk(from: string, to: string, rounds: PlannedRound[], tasks: OpenTask[]) {
  const first = new Map<string, string>();
  for (let d = from; d <= to; d = addDays(d, 1))
    for (const a of dueActions(d, rounds, tasks)) if (!first.has(a.id)) first.set(a.id, d);
  return first;
}

describe('the schedule planner (pure)', () => {
  it('does nothing on a day off', () => {
    expect(dueActions('2026-10-03', [round()], [task({ deadline: '2026-10-08' })])).toEqual([]);
  });

  it('prompts the draw five working days ahead, across the National Day week', () => {
    // drawBy Thu 15 Oct; five working days before: Fri 9 Oct (the Saturday 10 Oct is a make-up working day).
    const first = walk('2026-09-01', '2026-10-31', [round()], []);
    expect(first.get('draw-prompt-2026-entertainment-r1')).toBe('2026-10-09');
    // Not drawn by then: the ladder for the draw, +1/+3/+5 working days after the draw-by date.
    expect(first.get('draw-overdue-2026-entertainment-r1-s1')).toBe('2026-10-16');
    expect(first.get('draw-overdue-2026-entertainment-r1-s2')).toBe('2026-10-20');
    expect(first.get('draw-overdue-2026-entertainment-r1-s3')).toBe('2026-10-22');
    const drawn = walk('2026-09-01', '2026-10-31', [round({ drawn: true })], []);
    expect([...drawn.keys()].filter((id) => id.startsWith('draw-'))).toEqual([]);
  });

  it('reminds at 7, 3, 1 and 0 working days, one digest per inspector per day, on that day only', () => {
    const tasks = [task(), task({ taskNo: 'CC2026-04-R1-01-0002', inspectorKeys: ['badge:1', 'badge:3'] })];
    const days = new Map<string, string[]>();
    for (let d = '2026-12-01'; d <= '2026-12-31'; d = addDays(d, 1))
      for (const a of dueActions(d, [], tasks))
        if (a.kind === 'reminder') days.set(d, [...(days.get(d) ?? []), `${a.personKey}:${a.tasks.length}`]);
    // 30 Dec 2026 is a Wednesday: T-7 = 21 Dec, T-3 = 25 Dec, T-1 = 29 Dec, T0 = 30 Dec.
    expect([...days.keys()]).toEqual(['2026-12-21', '2026-12-25', '2026-12-29', '2026-12-30']);
    expect(days.get('2026-12-21')).toEqual(['badge:1:2', 'badge:2:1', 'badge:3:1']);
  });

  it('moves a deadline on a day off to the working day before', () => {
    expect(reminderDay('2026-10-04', 0)).toBe('2026-09-30');
    expect(stepDay('2026-10-04', 1)).toBe('2026-10-08');
  });

  it('escalates each overdue task one step at a time, and catches up missed steps', () => {
    const first = walk('2026-12-01', '2027-01-15', [], [task()]);
    expect(first.get('overdue-CC2026-04-R1-01-0001-s1')).toBe('2026-12-31');
    // 2027 has no notice in the data yet: its statutory holidays count anyway, so Friday 1 Jan (元旦) is off.
    expect(first.get('overdue-CC2026-04-R1-01-0001-s2')).toBe('2027-01-05');
    expect(first.get('overdue-CC2026-04-R1-01-0001-s3')).toBe('2027-01-07');
    // A bot down since before the deadline sees every step due on its first day back.
    const late = dueActions('2027-01-08', [], [task()]).filter((a) => a.kind === 'task-overdue');
    expect(late.map((a) => a.id)).toEqual([1, 2, 3].map((s) => `overdue-CC2026-04-R1-01-0001-s${s}`));
    expect(DEFAULT_SCHEDULE.escalation[2]!.urgent).toBe(true);
  });

  it('makes the monthly summary due from the first working day of the month, for the month before', () => {
    const first = walk('2026-10-01', '2026-11-30', [], []);
    expect(first.get('summary-2026-10')).toBe('2026-10-08');
    expect(first.get('summary-2026-11')).toBe('2026-11-02');
    const s = dueActions('2026-11-02', [], []).find((a) => a.kind === 'summary');
    expect(s).toMatchObject({ month: '2026-10' });
  });

  it('gives ids BullMQ accepts (no colon) and is the same however often it is asked', () => {
    for (let d = '2026-12-01'; d <= '2027-01-10'; d = addDays(d, 1)) {
      const a = dueActions(d, [round({ drawBy: '2026-12-15' })], [task()]);
      expect(a).toEqual(dueActions(d, [round({ drawBy: '2026-12-15' })], [task()]));
      for (const x of a) expect(x.id).not.toContain(':');
      if (!isWorkday(d)) expect(a).toEqual([]);
    }
  });

  it('reminds the unit before a result’s 公示 deadline and escalates it past the deadline', () => {
    const pub = {
      taskNo: 'CC2026-04-R1-01-0007',
      itemCode: 'entertainment',
      itemName: '娱乐场所',
      unitName: '治安管理大队',
      targetName: '偃师区某歌城',
      dueBy: '2026-12-15',
    };
    const first = new Map<string, string>();
    for (let d = '2026-12-01'; d <= '2026-12-31'; d = addDays(d, 1))
      for (const a of dueActions(d, [], [], DEFAULT_SCHEDULE, [pub]))
        if (!first.has(a.id)) first.set(a.id, d);
    // 15 Dec 2026 is a Tuesday: 5 working days before is Tuesday 8 Dec, 1 before is Monday 14 Dec.
    expect(first.get('publish-remind-CC2026-04-R1-01-0007-T5')).toBe('2026-12-08');
    expect(first.get('publish-remind-CC2026-04-R1-01-0007-T1')).toBe('2026-12-14');
    expect(first.get('publish-overdue-CC2026-04-R1-01-0007-s1')).toBe('2026-12-16');
    expect(first.get('publish-overdue-CC2026-04-R1-01-0007-s2')).toBe('2026-12-18');
    expect(first.get('publish-overdue-CC2026-04-R1-01-0007-s3')).toBe('2026-12-22');
    expect([...first.keys()].filter((k) => k.startsWith('publish-'))).toHaveLength(5);
  });
});
