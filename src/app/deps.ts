import type { HandlerDeps } from '../../handlers/context';
import type { JobDeps } from '../../jobs/deps';

/** The one object the composition root (bot.ts) builds: what handlers and jobs each declare they use. */
export type BotDeps = HandlerDeps & JobDeps;
