import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { verifyDrawRecord } from '../../../src/domain/draw/verify';
import { schemaJson, SPEC_FILES, vectorsJson } from '../../../scripts/draw-spec';
import type { DrawVector } from '../../fixtures/draw-vectors';

const vectors = (JSON.parse(readFileSync(SPEC_FILES.vectors, 'utf8')) as { vectors: DrawVector[] }).vectors;

describe('the published DRAW-2 spec files (docs/)', () => {
  it('are what the engine and the verifier’s schema make now (npm run draw-spec rewrites them)', () => {
    expect(readFileSync(SPEC_FILES.schema, 'utf8')).toBe(schemaJson());
    expect(readFileSync(SPEC_FILES.vectors, 'utf8')).toBe(vectorsJson());
  });

  it('hold at least 20 genuine records over every stage, and broken ones', () => {
    const genuine = vectors.filter((v) => v.expected.consistent);
    expect(genuine.length).toBeGreaterThanOrEqual(20);
    expect(new Set(genuine.map((v) => (v.expected as { stage: string }).stage))).toEqual(
      new Set(['proposed', 'ended', 'drawn']),
    );
    expect(vectors.length - genuine.length).toBeGreaterThanOrEqual(10);
    expect(new Set(vectors.map((v) => v.name)).size).toBe(vectors.length);
  });

  it.each(vectors.map((v) => [v.name, v] as const))(
    'vector %s gets its verdict from this verifier',
    (_, v) => {
      const verdict = verifyDrawRecord(v.record);
      if (v.expected.consistent) expect(verdict).toMatchObject(v.expected);
      else expect(verdict).toMatchObject({ consistent: false, code: v.expected.code });
    },
  );

  it('has a JSON Schema every genuine record satisfies and that refuses the malformed ones it can express', () => {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SPEC_FILES.schema, 'utf8')));
    for (const v of vectors.filter((x) => x.expected.consistent))
      expect([v.name, validate(v.record), validate.errors]).toEqual([v.name, true, null]);
    // Member and type rules are the schema's; order and uniqueness rules are the spec's (§6.2).
    for (const name of [
      'credit-level-e',
      'one-inspector',
      'unknown-member',
      'missing-member',
      'wrong-version',
    ])
      expect([name, validate(vectors.find((v) => v.name === name)!.record)]).toEqual([name, false]);
  });
});
