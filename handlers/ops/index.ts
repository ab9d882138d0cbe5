import { ACTIONS } from '../../cards/actions';
import type { ActionHandler, CommandHandler } from '../context';
import { opsCommand } from './command';
import { opsRefresh } from './refresh';
import { opsRetry, opsRetryAll } from './retry';

export const opsCommands: Record<string, CommandHandler> = { '/运维': opsCommand };
export const opsActions: Record<string, ActionHandler> = {
  [ACTIONS.opsRetry]: opsRetry,
  [ACTIONS.opsRetryAll]: opsRetryAll,
  [ACTIONS.opsRefresh]: opsRefresh,
};
