import type { CommandHandler } from '../context';
import { roster } from './roster';

export const poolCommands: Record<string, CommandHandler> = {
  '/人员': roster,
};
