/** Building blocks shared by the cards (schema 2.0). Pure. */

export const md = (content: string) => ({ tag: 'markdown', content });
export const hr = () => ({ tag: 'hr' });

export type ButtonType = 'default' | 'primary' | 'danger';

/** A button whose click calls the bot back with `value` (its `action` picks the handler). */
export const button = (text: string, value: Record<string, unknown>, type: ButtonType = 'default') => ({
  tag: 'button',
  text: { tag: 'plain_text', content: text },
  type,
  behaviors: [{ type: 'callback', value }],
});

/** The button that submits its form; the callback gets `value` and the form's fields. */
export const submitButton = (
  name: string,
  text: string,
  value: Record<string, unknown>,
  type: ButtonType,
) => ({
  tag: 'button',
  name,
  text: { tag: 'plain_text', content: text },
  type,
  form_action_type: 'submit',
  behaviors: [{ type: 'callback', value }],
});

/**
 * A form with one required text field and its submit buttons (each calls back with its own value and
 * the field). The server checks the field again.
 */
export const inputForm = (opts: {
  name: string;
  field: string;
  placeholder: string;
  maxLength: number;
  buttons: { text: string; value: Record<string, unknown>; type: ButtonType }[];
}) => ({
  tag: 'form',
  name: opts.name,
  elements: [
    {
      tag: 'input',
      name: opts.field,
      required: true,
      placeholder: { tag: 'plain_text', content: opts.placeholder },
      max_length: opts.maxLength,
    },
    ...opts.buttons.map((b, i) =>
      submitButton(`${opts.name}_submit${i ? `_${i}` : ''}`, b.text, b.value, b.type),
    ),
  ],
});

/** A required reason (≤ 500 characters) and its submit button: 驳回, 退回. The server checks the reason again. */
export const reasonForm = (
  name: string,
  placeholder: string,
  buttonText: string,
  value: Record<string, unknown>,
) =>
  inputForm({
    name,
    field: 'reason',
    placeholder,
    maxLength: 500,
    buttons: [{ text: buttonText, value, type: 'danger' }],
  });

/** Buttons side by side. */
export const buttonRow = (buttons: ReturnType<typeof button>[]) => ({
  tag: 'column_set',
  columns: buttons.map((b) => ({ tag: 'column', width: 'auto', elements: [b] })),
});

export function card(opts: {
  title: string;
  template: 'blue' | 'green' | 'orange' | 'red' | 'grey' | 'wathet';
  elements: unknown[];
  summary?: string;
}) {
  return {
    schema: '2.0',
    // update_multi: every copy of the card (everyone in the chat) shows its latest state.
    config: { update_multi: true, summary: { content: opts.summary ?? opts.title } },
    header: { title: { tag: 'plain_text', content: opts.title }, template: opts.template },
    body: { elements: opts.elements },
  };
}

/** Plain text, never interpreted: for anything a user typed (a reason, a query), so it cannot format or link. */
export const text = (content: string) => ({ tag: 'div', text: { tag: 'plain_text', content } });

const option = (value: string) => ({ text: { tag: 'plain_text', content: value }, value });
/** A required single choice among `values`, starting at `initial` when it is one of them. */
export const selectField = (
  name: string,
  placeholder: string,
  values: readonly string[],
  initial?: string,
) => ({
  tag: 'select_static',
  name,
  required: true,
  placeholder: { tag: 'plain_text', content: placeholder },
  options: values.map(option),
  // Only a value the options hold: a stale one (options changed since) is left out rather than refused.
  ...(initial && values.includes(initial) ? { initial_option: initial } : {}),
});
