import { refreshDrawCards, sendApprovalCard } from '../src/services/draw-cards';
import { refreshPlanCards, sendPlanCards } from '../src/services/plan-cards';
import { refreshTaskCards, sendReviewCard } from '../src/services/task-cards';
import type { Processor } from './deps';

/** The leader's approval card of a submitted draw. */
export const sendApproval: Processor<'send-approval'> = (deps, { drawNo }) => sendApprovalCard(deps, drawNo);

/** The 责任人's review card of a filed report. */
export const sendReview: Processor<'send-review'> = (deps, { taskNo }) => sendReviewCard(deps, taskNo);

/** The plan version's cards: the sender's and each 组长's approval card. */
export const sendPlan: Processor<'send-plan-cards'> = (deps, { id }) => sendPlanCards(deps, id);

/** Every other copy of a draw's cards, brought to its state (`skip`: the copy the click answered). */
export const refreshDraw: Processor<'refresh-draw'> = (deps, d) =>
  refreshDrawCards(deps.models, deps.sender, d.drawNo, d.skip);

export const refreshTask: Processor<'refresh-task'> = (deps, d) =>
  refreshTaskCards(deps.models, deps.sender, d.taskNo, d.skip);

export const refreshPlan: Processor<'refresh-plan'> = (deps, d) => refreshPlanCards(deps, d.id, d.skip);
