import type { ItemProgress } from '../../cards/progress-card';
import type { Models } from '../adapters/db/models';

export type { ItemProgress };

/**
 * Where each item of the year stands: its rounds (drawn and dispatched or not) and its tasks by state,
 * overdue meaning not yet reported after the deadline. One grouped query over the tasks of the year's
 * draws (a task's item and deadline are its draw's: src/services/task-records.ts).
 */
export async function yearProgress(models: Models, year: number, today: string): Promise<ItemProgress[]> {
  const [plan, items, draws] = await Promise.all([
    models.AnnualPlan.findOne({ year }).lean(),
    models.Item.find({ active: true }, { code: 1, name: 1, seq: 1, section: 1 }).sort({ seq: 1 }).lean(),
    models.Draw.find({ year }, { drawNo: 1, itemCode: 1, round: 1, status: 1, deadline: 1 }).lean(),
  ]);
  const drawOf = new Map(draws.map((d) => [d.drawNo, d]));
  // Grouped by task deadline too: tasks written before 2026-12 carry their own (the same as their draw's).
  const counts = (
    draws.length === 0
      ? []
      : await models.Task.aggregate<{
          _id: { drawNo: string; status: string; deadline?: string };
          n: number;
        }>([
          { $match: { drawNo: { $in: [...drawOf.keys()] } } },
          {
            $group: { _id: { drawNo: '$drawNo', status: '$status', deadline: '$deadline' }, n: { $sum: 1 } },
          },
        ])
  ).map((c) => {
    const d = drawOf.get(c._id.drawNo)!;
    return { item: d.itemCode, status: c._id.status, deadline: c._id.deadline ?? d.deadline, n: c.n };
  });
  const dispatched = draws.filter((d) => d.status === 'dispatched');
  return items.map((item) => {
    const mine = counts.filter((c) => c.item === item.code);
    const sum = (pred: (c: (typeof mine)[number]) => boolean) =>
      mine.filter(pred).reduce((a, c) => a + c.n, 0);
    const planned = plan?.items.find((i) => i.itemCode === item.code)?.rounds ?? [];
    return {
      itemCode: item.code,
      itemName: item.name,
      unit: item.section.unit,
      rounds: planned.map((r) => ({
        round: r.round,
        drawBy: r.drawBy,
        deadline: r.deadline,
        drawNo: dispatched.find((d) => d.itemCode === item.code && d.round === r.round)?.drawNo ?? null,
      })),
      tasks: sum(() => true),
      accepted: sum((c) => c.status === 'accepted'),
      reported: sum((c) => c.status === 'reported'),
      open: sum((c) => c.status === 'open' || c.status === 'returned'),
      overdue: sum((c) => (c.status === 'open' || c.status === 'returned') && c.deadline < today),
    };
  });
}
