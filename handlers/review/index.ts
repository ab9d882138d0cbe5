import { ACTIONS } from '../../cards/actions';
import type { ActionHandler } from '../context';
import { reviewAccept, reviewReturn } from './decide';

export const reviewActions: Record<string, ActionHandler> = {
  [ACTIONS.reviewAccept]: reviewAccept,
  [ACTIONS.reviewReturn]: reviewReturn,
};
