/**
 * A year's plan is decided, not just loaded: the office submits a version (a file), the 领导小组组长
 * approves it with its 文号 and the day it takes effect, or sends it back with a reason. The year's
 * rounds and the public plan follow at once; people, units and responsibilities from the effective
 * day (`applyDuePlans`), so a plan for next year approved in December leaves this year's work alone.
 */

export {
  type PlanVersion,
  versionsOf,
  approvedPlan,
  templateOf,
  requireVersion,
  planContext,
  STATUS_TEXT,
} from './plan-store';
export {
  type Submission,
  submitPlan,
  type Decision,
  approvePlan,
  rejectPlan,
  recordDecidedPlan,
} from './plan-decide';
export { applyDuePlans, type Handover, applyTemplate } from './plan-apply';
