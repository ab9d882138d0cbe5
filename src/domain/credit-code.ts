/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character alphabet (digits and capitals
 * without I, O, Z, S, V); the last is a check character over the first 17 with weights 3^i mod 31.
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character for the first 17 characters, or null if they are not in the alphabet. */
export function creditCodeCheckChar(first17: string): string | null {
  if (first17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]!);
    if (v < 0) return null;
    sum += v * WEIGHTS[i]!;
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31]!;
}

/** Upper-cases, folds full-width characters and drops spaces, as codes arrive from spreadsheets. */
export const normalizeCreditCode = (raw: string): string =>
  raw
    .normalize('NFKC')
    .replace(/[\s\u200b-\u200d\ufeff-]/g, '')
    .toUpperCase();

/** Why a (normalised) code is invalid, in Chinese, or null if it is valid. */
export function creditCodeProblem(code: string): string | null {
  if (code.length === 0) return '统一社会信用代码为空';
  if (code.length !== 18) return `统一社会信用代码应为 18 位，实际 ${code.length} 位`;
  const bad = [...code].find((c) => !CREDIT_CODE_ALPHABET.includes(c));
  if (bad) return `统一社会信用代码含非法字符“${bad}”（不使用 I、O、Z、S、V）`;
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17])
    return `统一社会信用代码校验位错误（第 18 位应为 ${expected}，实际为 ${code[17]}）`;
  return null;
}
