import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { canonicalJson, sha256Hex } from '../../../src/domain/draw/canonical';

describe('canonical JSON of draw records (RFC 8785)', () => {
  it('sorts keys at every depth and writes no white space', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: '娱乐场所' } })).toBe(
      '{"a":{"c":"娱乐场所","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it('is the same for the same data however it was built', () => {
    const one = { item: 'entertainment', pool: ['B', 'A'], size: 2 };
    const two = JSON.parse('{"size":2,"pool":["B","A"],"item":"entertainment"}');
    expect(sha256Hex(canonicalJson(one))).toBe(sha256Hex(canonicalJson(two)));
  });

  it('refuses fractions, NaN, undefined and functions, naming the path', () => {
    expect(() => canonicalJson({ ratio: 0.5 })).toThrow(
      '$.ratio: only safe integers are allowed in a draw record, got 0.5',
    );
    expect(() => canonicalJson({ a: [1, NaN] })).toThrow('$.a[1]');
    expect(() => canonicalJson({ a: undefined })).toThrow('$.a: undefined is not allowed');
    expect(() => canonicalJson({ f: () => 1 })).toThrow('$.f: function is not allowed');
    expect(() => canonicalJson({ d: new Date(0) })).toThrow('$.d: object is not allowed');
  });

  it('equals the RFC 8785 reference implementation on every value of the draw-record subset', () => {
    const leaf = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.boolean(),
      fc.constant(null),
      fc.maxSafeInteger(),
      fc.integer(),
    );
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        leaf,
        fc.array(tie('node')),
        fc.dictionary(fc.string({ unit: 'binary' }), tie('node')),
      ),
    })).node;
    fc.assert(
      fc.property(value, (v) => canonicalJson(v) === canonicalize(v)),
      { numRuns: 500 },
    );
  });

  it('keeps a "__proto__" key a key, next to objects without one', () => {
    const value = JSON.parse('[{"__proto__":{"b":1,"a":2}},{"c":3}]');
    expect(canonicalJson(value)).toBe('[{"__proto__":{"a":2,"b":1}},{"c":3}]');
    expect(canonicalJson(value)).toBe(canonicalize(value));
  });
});
