import { help } from './commands/help';

/** What a command handler gets: the parsed text, who asked, and a way to answer in the same chat. */
export interface CommandContext {
  command: string;
  args: string;
  operatorOpenId: string;
  chatId: string;
  itemNames: string[];
  reply(card: unknown): Promise<void>;
}

export type CommandHandler = (ctx: CommandContext) => Promise<void>;

/** `im.message.receive_v1` as the SDK hands it to handlers (flattened header + event). */
export interface MessageEvent {
  event_id?: string;
  sender: { sender_id?: { open_id?: string } };
  message: { message_id: string; chat_id: string; chat_type: string; message_type: string; content: string };
}

export interface RouterDeps {
  /** Claims a key once across retries and replicas (a unique insert); false: already handled. */
  claim(key: string): Promise<boolean>;
  /** Sends a card to a chat; `uuid` makes Feishu de-duplicate a resend. */
  sendCard(chatId: string, card: unknown, uuid: string): Promise<void>;
  itemNames(): Promise<string[]>;
}

/**
 * One router for chat commands, keyed by the command word. Registering the same word twice fails at
 * start-up (the SDK's dispatcher only logs duplicates). Each message is handled once, whatever the
 * platform redelivers.
 */
export function createRouter(
  deps: RouterDeps,
  commands: Record<string, CommandHandler> = { '/帮助': (ctx) => help(ctx) },
) {
  const table = new Map<string, CommandHandler>();
  for (const [word, handler] of Object.entries(commands)) {
    if (table.has(word)) throw new Error(`command registered twice: ${word}`);
    table.set(word, handler);
  }
  return {
    async onMessage(event: MessageEvent): Promise<void> {
      const { message } = event;
      if (!(await deps.claim(`message:${message.message_id}`))) return;
      const text =
        message.message_type === 'text'
          ? String((JSON.parse(message.content) as { text?: string }).text ?? '')
          : '';
      // Mentions arrive as @_user_N placeholders; the bot only sees group messages that mention it.
      const clean = text.replace(/@_user_\d+/g, '').trim();
      const [command = '', ...rest] = clean.split(/\s+/);
      const ctx: CommandContext = {
        command,
        args: rest.join(' '),
        operatorOpenId: event.sender.sender_id?.open_id ?? '',
        chatId: message.chat_id,
        itemNames: await deps.itemNames(),
        reply: (card) => deps.sendCard(message.chat_id, card, `reply-${message.message_id}`),
      };
      const handler = table.get(command);
      if (handler) await handler(ctx);
      else await help(ctx, clean || '（空消息）');
    },
  };
}
