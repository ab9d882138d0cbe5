import type { CoreDeps } from '../src/services/deps';
import type { Actor } from '../src/domain/permissions';
import type { Deliveries } from '../src/adapters/queue/deliveries';
import type { Ops } from '../src/services/ops';
import type { Recipient } from '../src/adapters/feishu/sender';

/** What every handler may use: the common dependencies, and the queue's view and the event ledger. */
export interface HandlerDeps extends CoreDeps {
  /** `/运维`: the queue's depths, its failed jobs (the dead-letter list) and their retry. */
  ops: Ops;
  /** Events and clicks already taken, and their answers (redeliveries act once, answer the same). */
  deliveries: Deliveries;
}

/** A chat command: the words after the command, who sent it (from the event, never from content), the chat. */
export interface CommandContext {
  deps: HandlerDeps;
  command: string;
  args: string;
  operatorOpenId: string;
  actor: Actor | null;
  chatId: string;
  /** A group chat (the bot was @-mentioned), not the sender's own chat with the bot. */
  isGroup: boolean;
  messageId: string;
  itemNames: string[];
  /**
   * Where answers go: the group, or in the sender's own chat their open_id. A chat with one user is
   * addressed one way only, so the send gate counts it as one receiver (the platform allows it 5/s).
   */
  replyTo: Recipient;
  /** Answers in the same chat; returns the card message's id. */
  reply(card: unknown, tag?: string): Promise<string>;
}

export type CommandHandler = (ctx: CommandContext) => Promise<void>;

/** A click or form submit on a card: its `value` (the action id picks the handler), who clicked, where. */
export interface ActionContext {
  deps: HandlerDeps;
  action: string;
  value: Record<string, unknown>;
  form: Record<string, unknown>;
  operatorOpenId: string;
  actor: Actor | null;
  /** The card clicked: its message and chat, and the click's one-time token (the idempotency key). */
  messageId: string;
  chatId: string;
  token: string;
}

/** What the clicking user sees at once: a toast, and/or the card replaced (schema 2.0 JSON). */
export interface ActionAnswer {
  toast?: { type: 'success' | 'error' | 'info' | 'warning'; content: string };
  card?: unknown;
}

export type ActionHandler = (ctx: ActionContext) => Promise<ActionAnswer>;
