import type { Models } from '../adapters/db/models';
import { heldReceipts } from '../adapters/db/claim';
import type { Jobs } from './job-catalog';
import { dispatchNotices } from './dispatch-notices';

/** How far back a dispatch is checked for cards never sent (a lost queue is noticed at the next start). */
export const RECONCILE_DAYS = 7;

/**
 * Re-queues the 'dispatch' job of every draw approved but not yet dispatched, however old (批准 leaves the selection
 * and the tasks to that job), and of every draw dispatched in the last `RECONCILE_DAYS` days whose notices
 * are not all receipted. The queue lives in Redis: a Redis restarted without persistence (or flushed)
 * loses the dispatch job and its waiting sends, and nothing else would run them again. The job id is the
 * one the 批准 button uses, so while the job is still in Redis this is a no-op; a re-run plans the same
 * notices and each send skips its receipt, so nothing goes twice.
 *
 * @returns the draw numbers re-queued.
 */
export async function reconcileDispatches(models: Models, jobs: Jobs, now: Date): Promise<string[]> {
  const since = new Date(now.getTime() - RECONCILE_DAYS * 86_400_000);
  const draws = await models.Draw.find(
    { $or: [{ status: 'approved' }, { status: 'dispatched', updatedAt: { $gte: since } }] },
    { drawNo: 1, status: 1 },
  ).lean();
  const requeued: string[] = [];
  for (const { drawNo, status } of draws) {
    if (status === 'approved') {
      await jobs.enqueue('dispatch', { drawNo });
      requeued.push(drawNo);
      continue;
    }
    const ids = (await dispatchNotices(models, drawNo)).map((n) => `notice:${n.id}`);
    if ((await heldReceipts(models, ids)).size >= new Set(ids).size) continue;
    await jobs.enqueue('dispatch', { drawNo });
    requeued.push(drawNo);
  }
  return requeued;
}
