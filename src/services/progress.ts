import type { ItemProgress } from '../../cards/progress-card';
import type { Models } from '../adapters/db/models';

export type { ItemProgress };

/**
 * Where each item of the year stands: its rounds (drawn and dispatched or not) and its tasks by state,
 * overdue meaning not yet reported after the deadline. One grouped query over the year's tasks.
 */
export async function yearProgress(models: Models, year: number, today: string): Promise<ItemProgress[]> {
  const [plan, items, dispatched, counts] = await Promise.all([
    models.AnnualPlan.findOne({ year }).lean(),
    models.Item.find({ active: true }, { code: 1, name: 1, seq: 1, section: 1 }).sort({ seq: 1 }).lean(),
    models.Draw.find({ year, status: 'dispatched' }, { drawNo: 1, itemCode: 1, round: 1 }).lean(),
    // Grouped by deadline too (a handful per item): lateness is decided here, FerretDB has no $lt expressions.
    models.Task.aggregate<{ _id: { item: string; status: string; deadline: string }; n: number }>([
      { $match: { year } },
      { $group: { _id: { item: '$itemCode', status: '$status', deadline: '$deadline' }, n: { $sum: 1 } } },
    ]),
  ]);
  return items.map((item) => {
    const mine = counts.filter((c) => c._id.item === item.code);
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
      accepted: sum((c) => c._id.status === 'accepted'),
      reported: sum((c) => c._id.status === 'reported'),
      open: sum((c) => c._id.status === 'open' || c._id.status === 'returned'),
      overdue: sum((c) => (c._id.status === 'open' || c._id.status === 'returned') && c._id.deadline < today),
    };
  });
}
