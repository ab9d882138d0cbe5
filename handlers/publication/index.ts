import { ACTIONS } from '../../cards/actions';
import type { ActionHandler, CommandHandler } from '../context';
import { publicationList } from './command';
import { publishAll, publishOne } from './publish';

export const publicationCommands: Record<string, CommandHandler> = { '/公示': publicationList };
export const publicationActions: Record<string, ActionHandler> = {
  [ACTIONS.publicationPublish]: publishOne,
  [ACTIONS.publicationPublishAll]: publishAll,
};
