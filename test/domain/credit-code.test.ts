import fc from 'fast-check';
import {
  CREDIT_CODE_ALPHABET,
  creditCodeCheckChar,
  creditCodeProblem,
  normalizeCreditCode,
} from '../../src/domain/credit-code';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('accepts published valid codes', () => {
    // The standard's worked example and codes printed on public business licences.
    for (const code of ['91350100M000100Y43', '91110000802100433B', '91440300708461136T']) {
      expect(creditCodeProblem(code)).toBeNull();
    }
  });

  it('names the right check character when it is wrong', () => {
    expect(creditCodeProblem('91350100M000100Y44')).toBe(
      '统一社会信用代码校验位错误（第 18 位应为 3，实际为 4）',
    );
  });

  it('rejects wrong length and letters outside the alphabet, saying which', () => {
    expect(creditCodeProblem('9135010')).toBe('统一社会信用代码应为 18 位，实际 7 位');
    expect(creditCodeProblem('91350100M000100I43')).toContain('非法字符“I”');
    expect(creditCodeProblem('')).toBe('统一社会信用代码为空');
  });

  it('normalises full-width characters, lower case and spaces', () => {
    expect(normalizeCreditCode(' ９１３５０１００m０００ １００ｙ４３ ')).toBe('91350100M000100Y43');
  });

  const body = fc
    .array(fc.constantFrom(...CREDIT_CODE_ALPHABET), { minLength: 17, maxLength: 17 })
    .map((a) => a.join(''));

  it('accepts every body with its computed check character', () => {
    fc.assert(fc.property(body, (b) => creditCodeProblem(b + creditCodeCheckChar(b)) === null));
  });

  it('detects every single-character substitution', () => {
    fc.assert(
      fc.property(body, fc.nat(17), fc.constantFrom(...CREDIT_CODE_ALPHABET), (b, pos, ch) => {
        const code = b + creditCodeCheckChar(b);
        fc.pre(code[pos] !== ch);
        const changed = code.slice(0, pos) + ch + code.slice(pos + 1);
        return creditCodeProblem(changed) !== null;
      }),
    );
  });
});
