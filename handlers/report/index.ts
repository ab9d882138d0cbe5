import { ACTIONS } from '../../cards/actions';
import type { ActionHandler } from '../context';
import { reportOpen } from './open';
import { reportSubmit } from './submit';

export const reportActions: Record<string, ActionHandler> = {
  [ACTIONS.reportOpen]: reportOpen,
  [ACTIONS.reportSubmit]: reportSubmit,
};
