import { ACTIONS } from '../../cards/actions';
import type { ActionHandler, CommandHandler } from '../context';
import { drawApprove } from './approve';
import { drawCancel } from './cancel';
import { drawCommand } from './command';
import { drawRedraw } from './redraw';
import { drawReject } from './reject';
import { drawStartAction } from './start-action';
import { drawSubmit } from './submit';
import { waiveCommand } from './waive';

export const drawCommands: Record<string, CommandHandler> = { '/抽查': drawCommand, '/免抽': waiveCommand };
export const drawActions: Record<string, ActionHandler> = {
  [ACTIONS.drawStart]: drawStartAction,
  [ACTIONS.drawSubmit]: drawSubmit,
  [ACTIONS.drawRedraw]: drawRedraw,
  [ACTIONS.drawCancel]: drawCancel,
  [ACTIONS.drawApprove]: drawApprove,
  [ACTIONS.drawReject]: drawReject,
};
