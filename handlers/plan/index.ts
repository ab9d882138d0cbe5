import { ACTIONS } from '../../cards/actions';
import type { ActionHandler, CommandHandler } from '../context';
import { planApprove } from './approve';
import { planCarryOver } from './carry-over';
import { planCommand } from './command';
import { planReject } from './reject';

export const planCommands: Record<string, CommandHandler> = { '/计划': planCommand };
export const planActions: Record<string, ActionHandler> = {
  [ACTIONS.planApprove]: planApprove,
  [ACTIONS.planReject]: planReject,
  [ACTIONS.planCarryOver]: planCarryOver,
};
