const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text made safe for HTML element content and quoted attribute values. */
export const escapeHtml = (text: string | number): string =>
  String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]!);

/**
 * HTML built by a tagged template: every interpolated value is escaped unless it is itself markup the
 * tag produced (arrays are joined; null, undefined and false are nothing). The tag is not called `html`
 * so that prettier leaves the templates alone.
 */
export class Markup {
  constructor(readonly text: string) {}
}

const fragment = (v: unknown): string =>
  v instanceof Markup
    ? v.text
    : Array.isArray(v)
      ? v.map(fragment).join('')
      : v === null || v === undefined || v === false
        ? ''
        : escapeHtml(String(v));

export function markup(strings: TemplateStringsArray, ...values: unknown[]): Markup {
  return new Markup(
    strings.reduce((out, s, i) => out + s + (i < values.length ? fragment(values[i]) : ''), ''),
  );
}
