/** Folds full-width forms (ＡＢＣ１２３，（）) to ASCII and removes all white space, for matching typed text. */
export const fold = (s: string): string => s.normalize('NFKC').replace(/[\s\u3000\u200b-\u200d\ufeff]+/g, '');

/** Trims and folds inner runs of white space; keeps the text otherwise as the user wrote it. */
export const clean = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
