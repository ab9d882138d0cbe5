/**
 * `createdBy`/`updatedBy` beside mongoose's timestamps (全程留痕): who wrote a document, as an actor
 * id such as a person's key, `import:<file>` or `system:<job>`. Writers set them explicitly.
 */
export const auditFields = {
  createdBy: { type: String, required: true },
  updatedBy: { type: String, required: true },
} as const;
