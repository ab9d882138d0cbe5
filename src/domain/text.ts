/** Folds full-width forms (ＡＢＣ１２３，（）) to ASCII and removes all white space, for matching typed text. */
export const fold = (s: string): string => s.normalize('NFKC').replace(/[\s\u3000\u200b-\u200d\ufeff]+/g, '');

/** Trims and folds inner runs of white space; keeps the text otherwise as the user wrote it. */
export const clean = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();

/**
 * A person key or code made fit for a BullMQ job id or receipt key (no ':'): anything but letters,
 * digits, CJK, '_' and '-' becomes '_' (CJK kept, so `name:张三` and `name:李四` stay apart).
 */
export const idPart = (s: string): string => s.replace(/[^A-Za-z0-9\u4e00-\u9fff_-]/g, '_');
