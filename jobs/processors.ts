import type { JobName } from '../src/services/job-catalog';
import { refreshDraw, refreshPlan, refreshTask, sendApproval, sendPlan, sendReview } from './cards';
import type { Processor } from './deps';
import { dispatch } from './dispatch';
import { attachEvidenceJob, sendEvidenceJob } from './evidence';
import { importPool } from './import-pool';
import { refreshPoolJob } from './refresh-pool';
import { proposeDraw } from './propose-draw';
import { schedule } from './schedule';
import { scheduleSend } from './schedule-send';
import { send } from './send';

/** Each job name's processor: a job added to the catalog (src/services/job-catalog.ts) without one does not compile. */
export const PROCESSORS: { [N in JobName]: Processor<N> } = {
  'propose-draw': proposeDraw,
  dispatch,
  send,
  schedule,
  'schedule-send': scheduleSend,
  'import-pool': importPool,
  'refresh-pool': refreshPoolJob,
  'attach-evidence': attachEvidenceJob,
  'send-evidence': sendEvidenceJob,
  'send-approval': sendApproval,
  'send-review': sendReview,
  'refresh-draw': refreshDraw,
  'refresh-task': refreshTask,
  'send-plan-cards': sendPlan,
  'refresh-plan': refreshPlan,
};
