import { sendNotice } from '../src/services/dispatch-notices';
import type { Processor } from './deps';

/** One task card of a dispatch (skipped if its receipt says it went). */
export const send: Processor<'send'> = (deps, notice) => sendNotice(deps, notice);
