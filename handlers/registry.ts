import { ACTIONS } from '../cards/actions';
import type { ActionHandler, CommandHandler } from './context';
import { bindWorkChat } from './commands/bind-chat';
import { bindCommand, bindConfirm, bindReject } from './commands/bind';
import { help } from './commands/help';
import { drawActions, drawCommands } from './draw';
import { reportActions } from './report';
import { evidenceActions } from './evidence';
import { reviewActions } from './review';
import { opsActions, opsCommands } from './ops';
import { taskCommands } from './tasks';
import { reassign } from './tasks/reassign';
import { publicationActions, publicationCommands } from './publication';
import { exportCommands } from './exports';
import { evaluationCommands } from './evaluation';
import { planActions, planCommands } from './plan';
import { poolCommands } from './pool';
import { objectionActions, objectionCommands } from './objection';

export interface Registry {
  commands: Record<string, CommandHandler>;
  actions: Record<string, ActionHandler>;
  /**
   * Actions whose first answer stays true when the same person clicks the same button of the same card
   * again: they start or decide something once and say so (发起抽取, 批准). A repeat within
   * `REPEAT_CLICK_SECONDS` gets that answer's toast without reading the database — a double click, or a
   * storm of them while a large pool is drawn. Not for actions whose second click means something else
   * (重试, 公示: "already done").
   */
  repeatSafe?: readonly string[];
}

export const defaultRegistry = (): Registry => ({
  commands: {
    '/帮助': (ctx) => help(ctx),
    '/设为工作群': bindWorkChat,
    '/绑定': bindCommand,
    ...drawCommands,
    ...taskCommands,
    ...opsCommands,
    ...evaluationCommands,
    ...publicationCommands,
    ...exportCommands,
    ...planCommands,
    ...poolCommands,
    ...objectionCommands,
  },
  actions: {
    ...drawActions,
    ...reportActions,
    ...evidenceActions,
    ...reviewActions,
    ...opsActions,
    ...publicationActions,
    ...planActions,
    ...objectionActions,
    [ACTIONS.bindConfirm]: bindConfirm,
    [ACTIONS.bindReject]: bindReject,
    [ACTIONS.taskReassign]: reassign,
  },
  repeatSafe: [ACTIONS.drawStart, ACTIONS.drawApprove],
});

/**
 * Fails at start-up, not in a user's chat: every action id a card can carry needs a handler, and a
 * handler for an id no card carries is a leftover. (The SDK's dispatcher only logs such mistakes.)
 */
export function checkRegistry(registry: Registry): void {
  const ids = new Set<string>(Object.values(ACTIONS));
  const missing = [...ids].filter((id) => !(id in registry.actions));
  const unknown = Object.keys(registry.actions).filter((id) => !ids.has(id));
  if (missing.length || unknown.length)
    throw new Error(
      `card action registry: ${missing.length ? `no handler for ${missing.join(', ')}` : ''}${missing.length && unknown.length ? '; ' : ''}${unknown.length ? `handlers for unknown ids ${unknown.join(', ')}` : ''}`,
    );
  const stray = (registry.repeatSafe ?? []).filter((id) => !(id in registry.actions));
  if (stray.length) throw new Error(`repeat-safe ids without a handler: ${stray.join(', ')}`);
  for (const word of Object.keys(registry.commands))
    if (!/^\/\S+$/.test(word)) throw new Error(`command words start with / and have no spaces: ${word}`);
}
