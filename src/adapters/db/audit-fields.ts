import type { Schema } from 'mongoose';

/**
 * Adds `createdBy`/`updatedBy` beside mongoose's timestamps (全程留痕): who wrote a document, as an
 * actor id such as a person's key, `import:<file>` or `system:<job>`. Writers set them explicitly.
 */
export function auditFields(schema: Schema): void {
  schema.add({ createdBy: { type: String, required: true }, updatedBy: { type: String, required: true } });
}
