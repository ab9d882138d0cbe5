import type { CommandHandler } from '../context';
import { evaluationCommand } from './command';

export const evaluationCommands: Record<string, CommandHandler> = { '/考评': evaluationCommand };
