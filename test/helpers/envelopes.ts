import type { Envelope } from '../../handlers/router';

/**
 * Platform events as the transports hand them to the router's `dispatch` (the SDK flattens the header
 * beside the event: `event_id` next to `sender` and `message`). Every field can be overridden, `content`
 * included, so a test can send what the platform would never send.
 */
export function makeMessage(m: {
  openId: string;
  chatId: string;
  text?: string;
  content?: string;
  messageId?: string;
  eventId?: string;
  chatType?: 'p2p' | 'group';
  messageType?: string;
}): Envelope {
  const messageId = m.messageId ?? `om_${Math.random().toString(16).slice(2)}`;
  return {
    type: 'im.message.receive_v1',
    event: {
      event_id: m.eventId ?? `evt-${messageId}`,
      sender: { sender_id: { open_id: m.openId } },
      message: {
        message_id: messageId,
        chat_id: m.chatId,
        chat_type: m.chatType ?? 'p2p',
        message_type: m.messageType ?? 'text',
        content: m.content ?? JSON.stringify({ text: m.text ?? '' }),
      },
    },
  };
}

/** A click (or a form submit) on a card: who clicked, the button's value, the form's values, where. */
export function makeCardAction(c: {
  openId: string;
  value: Record<string, unknown>;
  form?: Record<string, unknown>;
  messageId?: string;
  chatId?: string;
  token?: string;
}): Envelope {
  return {
    type: 'card.action.trigger',
    event: {
      operator: { open_id: c.openId },
      token: c.token ?? `c-${Math.random().toString(16).slice(2)}`,
      action: { value: c.value, ...(c.form ? { form_value: c.form } : {}) },
      context: { open_message_id: c.messageId ?? 'om_card', open_chat_id: c.chatId ?? 'oc_chat' },
    },
  };
}
