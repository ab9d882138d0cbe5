import type { CommandHandler } from '../context';
import { verify } from './verify';
import { myTasks } from './my-tasks';
import { progress } from './progress';

export const taskCommands: Record<string, CommandHandler> = {
  '/我的任务': myTasks,
  '/进度': progress,
  '/验证': verify,
};
