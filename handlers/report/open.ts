import { reportFormCard } from '../../cards/report-form-card';
import { shanghaiDate } from '../../src/domain/calendar';
import { DomainError } from '../../src/domain/errors';
import { mayReport } from '../../src/domain/permissions';
import type { ActionHandler } from '../context';
import { requireActor, requireAllowed } from '../guard';
import { taskOf } from './shared';
import { filedReport, missingEvidence } from '../../src/services/reports';

/** 填报检查结果: the form replaces the task card (for the clicking inspector only). */
export const reportOpen: ActionHandler = async (ctx) => {
  const task = await taskOf(ctx);
  await requireAllowed(ctx, mayReport(requireActor(ctx), task), 'report.open', task.taskNo);
  if (task.status !== 'open' && task.status !== 'returned')
    throw new DomainError('BAD_STATE', `任务 ${task.taskNo} 已填报，不能重复填报`);
  // The cached items (a click reads no item): filing checks the stored item again.
  const item = (await ctx.deps.lookups.items()).find((i) => i.code === task.itemCode);
  const missing = await missingEvidence(ctx.deps.models, task, item ?? null);
  if (missing) throw new DomainError('EVIDENCE_REQUIRED', missing);
  // 重新填报 after 退回 starts from what was filed: only what the reviewer asked about needs changing.
  const previous = task.status === 'returned' ? await filedReport(ctx.deps.models, task.taskNo) : null;
  return {
    card: reportFormCard({
      taskNo: task.taskNo,
      targetName: task.targetName,
      itemName: task.itemName,
      methods: item?.methods ?? [],
      today: shanghaiDate(ctx.deps.now()),
      ...(previous ? { previous } : {}),
    }),
  };
};
