import { proposeOnCard } from '../src/services/draw-start';
import type { Processor } from './deps';

/** A proposal asked for in chat: the pool snapshot read, the attempt stored, its card turned into the preview. */
export const proposeDraw: Processor<'propose-draw'> = (deps, request) => proposeOnCard(deps, request);
