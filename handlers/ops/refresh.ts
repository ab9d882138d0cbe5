import type { ActionHandler } from '../context';
import { currentOpsCard, requireOffice } from './shared';

/** 刷新: the ops card as the queue is now. */
export const opsRefresh: ActionHandler = async (ctx) => {
  await requireOffice(ctx, 'ops.view');
  return { card: await currentOpsCard(ctx) };
};
