import { z } from 'zod';
import { withoutControls } from '../src/domain/text';
import type { ActionAnswer } from './context';

/**
 * Platform identifiers as they reach us: bounded before any use (a lookup, a URL, a log line). Real ones
 * are short (`ou_` + 32 hex digits, `om_…`, `oc_…`, `c-…`); 128 leaves room and refuses a 400 KB one.
 */
export const id = z.string().min(1).max(128);

/** A card callback's token (`c-…`, about 70 characters). */
export const token = z.string().min(1).max(512);

/** A message's content as the platform sends it (JSON text); text messages are at most 150 KB there. */
const MAX_CONTENT = 160_000;

/** `im.message.receive_v1` as the SDK hands it to handlers (header fields flattened beside the event). */
export const messageEvent = z.object({
  sender: z.object({ sender_id: z.object({ open_id: id.optional() }).optional() }),
  message: z.object({
    message_id: id,
    chat_id: id,
    chat_type: z.string().max(32),
    message_type: z.string().max(32),
    content: z.string().max(MAX_CONTENT),
  }),
});

export type MessageEvent = z.infer<typeof messageEvent>;

/** `card.action.trigger`: who clicked (the operator — never trust the card's value for that), what, where. */
export const cardActionEvent = z.object({
  operator: z.object({ open_id: id }),
  token,
  action: z.object({
    value: z.object({ action: z.string().min(1).max(64) }).catchall(z.unknown()),
    form_value: z.record(z.string().max(64), z.unknown()).optional(),
  }),
  context: z.object({ open_message_id: id, open_chat_id: id }),
});

export type CardActionEvent = z.infer<typeof cardActionEvent>;

/** The text of a text message's content (`{"text": "…"}`), or null when the content is not that. */
export function textOf(content: string): string | null {
  try {
    const parsed = JSON.parse(content) as unknown;
    const text = (parsed as { text?: unknown } | null)?.text;
    return typeof text === 'string' ? withoutControls(text) : null;
  } catch {
    return null;
  }
}

export const UNREADABLE = '无法识别这条消息的内容，请重新发送文字消息（例如 /帮助）。';

/** Feishu's message types a person can send, as the chat names them. */
const MESSAGE_KINDS: Record<string, string> = {
  image: '图片',
  post: '富文本',
  audio: '语音',
  media: '视频',
  sticker: '表情',
  share_chat: '群名片',
  share_user: '个人名片',
  location: '位置',
};

/** The answer to a message that is neither text nor a file: what the bot does take instead. */
export const unsupportedMessage = (type: string): string =>
  `抽查助手不处理${MESSAGE_KINDS[type] ?? '这类'}消息。请发送文字命令（例如 /帮助）；导入名录或年度计划，请以文件形式发送 Excel（.xlsx）或 CSV 表格。`;

const fileContent = z.object({ file_key: z.string().min(1), file_name: z.string().min(1).max(255) });

export function fileOf(content: string): { fileKey: string; fileName: string } | null {
  try {
    const f = fileContent.parse(JSON.parse(content));
    return { fileKey: f.file_key, fileName: withoutControls(f.file_name) };
  } catch {
    return null;
  }
}

export type PlatformAnswer = { toast?: ActionAnswer['toast']; card?: { type: 'raw'; data: unknown } };

export const toPlatform = (a: ActionAnswer): PlatformAnswer => ({
  ...(a.toast ? { toast: a.toast } : {}),
  ...(a.card !== undefined ? { card: { type: 'raw', data: a.card } } : {}),
});

/** The platform events the bot takes: a transport subscribes to these and hands each to `dispatch`. */
export const EVENT_TYPES = ['im.message.receive_v1', 'card.action.trigger'] as const;

/** One event as a transport received it: its type (the envelope header's `event_type`) and its body. */
export interface Envelope {
  type: string;
  event: unknown;
}

/** What goes back to the platform: a card click's answer; nothing for other events. */
export interface Dispatched {
  answer?: PlatformAnswer;
}
