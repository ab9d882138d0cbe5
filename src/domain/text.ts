/** Folds full-width forms (ＡＢＣ１２３，（）) to ASCII and removes all white space, for matching typed text. */
export const fold = (s: string): string => s.normalize('NFKC').replace(/[\s\u3000\u200b-\u200d\ufeff]+/g, '');

/**
 * C0 control characters but tab, line feed and carriage return, and DEL: never meant in typed text or a
 * cell, and PostgreSQL's jsonb (FerretDB's PostgreSQL backend) refuses a string holding NUL.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export const withoutControls = (s: string): string => s.replace(CONTROLS, '');

/** Every string inside a JSON value without control characters (what a card callback or message carries). */
export function stripControls<T>(value: T): T {
  if (typeof value === 'string') return withoutControls(value) as T;
  if (Array.isArray(value)) return value.map(stripControls) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stripControls(v)])) as T;
  return value;
}

/**
 * Trims and folds inner runs of white space, drops control characters, and folds full-width forms
 * (NFKC) unless `verbatim`; keeps the text otherwise as the user wrote it.
 */
export const clean = (s: string, verbatim = false): string =>
  withoutControls(verbatim ? s : s.normalize('NFKC'))
    .replace(/[\s\u3000]+/g, ' ')
    .trim();

/**
 * A person key or code made fit for a BullMQ job id or receipt key (no ':'): anything but letters,
 * digits, CJK, '_' and '-' becomes '_' (CJK kept, so `name:张三` and `name:李四` stay apart).
 */
export const idPart = (s: string): string => s.replace(/[^A-Za-z0-9\u4e00-\u9fff_-]/g, '_');
