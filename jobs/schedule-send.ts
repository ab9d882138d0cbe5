import { unexposedMetrics } from '../src/adapters/metrics';
import { DomainError } from '../src/domain/errors';
import { performSend } from '../src/services/schedule';
import type { Processor } from './deps';

/** One planned card (a prompt, reminder, escalation, the summary). */
export const scheduleSend: Processor<'schedule-send'> = async (deps, send) => {
  try {
    return await performSend(deps, send);
  } catch (err) {
    // Someone it is for has no mobile or open id: counted, failed (in /运维), sent again next planning.
    if (err instanceof DomainError && err.code === 'UNREACHABLE')
      (deps.metrics ?? unexposedMetrics()).unreachable.inc({ kind: send.kind });
    throw err;
  }
};
