import { attachEvidence } from '../src/services/evidence-attach';
import { sendEvidence } from '../src/services/evidence';
import type { Processor } from './deps';

/** A photo or file sent in chat, stored with the task (or refused with its reason); the task's cards then show it. */
export const attachEvidenceJob: Processor<'attach-evidence'> = async (deps, job) => {
  const outcome = await attachEvidence(deps, job);
  if ('attached' in outcome)
    await deps.jobs.enqueue('refresh-task', { taskNo: job.taskNo }, outcome.attached.id);
  return 'attached' in outcome ? { attached: outcome.attached.name } : { refused: outcome.refused };
};

/** A stored file sent to the reviewer who asked for it. */
export const sendEvidenceJob: Processor<'send-evidence'> = (deps, req) => sendEvidence(deps, req);
