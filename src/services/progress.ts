import type { ItemProgress } from '../../cards/progress-card';
import type { Models } from '../adapters/db/models';
import { openTasks } from './open-tasks';
import { drawsOfYear } from './period-marks';

export type { ItemProgress };

/**
 * Where each item of the year stands: its rounds (drawn and dispatched or not) and its tasks by state,
 * overdue meaning not yet reported after the deadline. A dispatched draw's tasks are its `count` (the
 * dispatch checks every one was stored); the unfinished ones and their states come from the ledger of
 * current work (src/services/open-tasks.ts), the rest are accepted — so `/进度` reads what the schedule
 * reads, never every task of the year (a scan of the growing `tasks` on FerretDB); the year's draws by
 * their marks (period-marks.ts).
 */
export async function yearProgress(models: Models, year: number, today: string): Promise<ItemProgress[]> {
  const [plan, items, draws, unfinished] = await Promise.all([
    models.AnnualPlan.findOne({ year }).lean(),
    models.Item.find({ active: true }, { code: 1, name: 1, seq: 1, section: 1 }).sort({ seq: 1 }).lean(),
    drawsOfYear(models, year, { status: 1, itemCode: 1, round: 1, count: 1 }).then((all) =>
      all.filter((d) => d.status === 'dispatched'),
    ),
    openTasks(models),
  ]);
  const byDraw = new Map(draws.map((d) => [d.drawNo, { open: 0, overdue: 0, reported: 0 }]));
  for (const t of unfinished) {
    const n = byDraw.get(t.drawNo);
    if (!n) continue; // another year's
    if (t.status === 'reported') n.reported++;
    else {
      n.open++;
      if (t.deadline < today) n.overdue++;
    }
  }
  return items.map((item) => {
    const mine = draws.filter((d) => d.itemCode === item.code);
    const sum = (f: (d: (typeof mine)[number]) => number) => mine.reduce((a, d) => a + f(d), 0);
    const tasks = sum((d) => d.count);
    const reported = sum((d) => byDraw.get(d.drawNo)!.reported);
    const open = sum((d) => byDraw.get(d.drawNo)!.open);
    const planned = plan?.items.find((i) => i.itemCode === item.code)?.rounds ?? [];
    return {
      itemCode: item.code,
      itemName: item.name,
      unit: item.section.unit,
      rounds: planned.map((r) => ({
        round: r.round,
        drawBy: r.drawBy,
        deadline: r.deadline,
        drawNo: mine.find((d) => d.round === r.round)?.drawNo ?? null,
      })),
      tasks,
      accepted: tasks - reported - open,
      reported,
      open,
      overdue: sum((d) => byDraw.get(d.drawNo)!.overdue),
    };
  });
}
