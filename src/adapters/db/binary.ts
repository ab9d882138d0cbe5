/** A binary field as read back: a Buffer, or (lean reads) BSON Binary holding its bytes in `buffer`. */
export function bytesOf(v: unknown, what: string): Buffer {
  if (Buffer.isBuffer(v)) return v;
  const inner = (v as { buffer?: unknown } | null)?.buffer;
  if (inner instanceof Uint8Array) return Buffer.from(inner.buffer, inner.byteOffset, inner.byteLength);
  throw new TypeError(`${what}: not binary`);
}
