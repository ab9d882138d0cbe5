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
  `抽查助手不处理${MESSAGE_KINDS[type] ?? '这类'}消息。请发送文字命令（例如 /帮助）；现场材料请以图片或文件发送；导入名录或年度计划，请以文件形式发送 Excel（.xlsx）或 CSV 表格。`;

const fileContent = z.object({ file_key: z.string().min(1), file_name: z.string().min(1).max(255) });

function fileOf(content: string): { fileKey: string; fileName: string } | null {
  try {
    const f = fileContent.parse(JSON.parse(content));
    return { fileKey: f.file_key, fileName: withoutControls(f.file_name) };
  } catch {
    return null;
  }
}

const imageContent = z.object({ image_key: z.string().min(1).max(512) });

/** An image message's key (`{"image_key": "img_…"}`), or null when the content is not that. */
export function imageOf(content: string): { key: string } | null {
  try {
    return { key: imageContent.parse(JSON.parse(content)).image_key };
  } catch {
    return null;
  }
}

/** A file or picture a user sent: its message's resource key, and a file's name. */
export interface Attachment {
  type: 'file' | 'image';
  key: string;
  fileName?: string;
}

/** A file or image message's attachment (the key its resource is downloaded by), or null for anything else. */
export function attachmentOf(type: string, content: string): Attachment | null {
  if (type === 'image') {
    const image = imageOf(content);
    return image ? { type: 'image', key: image.key } : null;
  }
  if (type !== 'file') return null;
  const file = fileOf(content);
  return file ? { type: 'file', key: file.fileKey, fileName: file.fileName } : null;
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
