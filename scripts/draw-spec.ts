import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../src/config/paths';
import { recordSchema } from '../src/domain/draw/v2/schema';
import { reassignmentSchema } from '../src/domain/draw/verify';
import { drawVectors } from '../test/fixtures/draw-vectors';

/**
 * `npm run draw-spec`: writes the machine-readable parts of docs/draw-algorithm.md — the JSON Schema of
 * a DRAW-2 record (docs/draw-record-2.schema.json, generated from the verifier's own zod schema) and the
 * end-to-end test vectors (docs/draw-vectors.json, cases in test/fixtures/draw-vectors.ts).
 * test/domain/draw/spec-files.test.ts fails when either file is not what this writes.
 */
export const SPEC_FILES = {
  schema: join(PROJECT_ROOT, 'docs', 'draw-record-2.schema.json'),
  vectors: join(PROJECT_ROOT, 'docs', 'draw-vectors.json'),
};

export function schemaJson(): string {
  // A drawn record may carry the draw's decided 改派 (§10), checked by the same verifier.
  const withReassignments = recordSchema.extend({
    reassignments: z.array(reassignmentSchema).max(10_000).optional(),
  });
  const schema = z.toJSONSchema(withReassignments, { target: 'draft-2020-12' });
  const titled = {
    title: '双随机抽取记录 ssj-draw-record/2（DRAW-2）',
    description:
      'The members, types and bounds of a DRAW-2 record. The rules between members (order, uniqueness, stages) are in docs/draw-algorithm.md §6.',
    ...schema,
  };
  return `${JSON.stringify(titled, null, 2)}\n`;
}

export const vectorsJson = () =>
  `${JSON.stringify({ format: 'ssj-draw-vectors/1', vectors: drawVectors() }, null, 1)}\n`;

if (process.argv[1] && /draw-spec\.ts$/.test(process.argv[1])) {
  writeFileSync(SPEC_FILES.schema, schemaJson());
  writeFileSync(SPEC_FILES.vectors, vectorsJson());
  console.log(`已写出 ${SPEC_FILES.schema} 和 ${SPEC_FILES.vectors}（${drawVectors().length} 个测试向量）`);
}
