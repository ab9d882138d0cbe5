import { createHash } from 'node:crypto';

/**
 * DRAW-PRNG-1, the deterministic random stream of a draw (specified byte for byte in
 * docs/draw-algorithm.md): block k = SHA-256("ssj-draw-v1" ‖ seed (32 bytes) ‖ UTF-8(context) ‖ 0x00 ‖
 * k as 8-byte big-endian), read as eight big-endian 32-bit words. A separate `context` per use
 * ("targets/B", "inspectors/<credit code>") keeps the streams independent and each one reproducible.
 */
export class DrawRng {
  private block = Buffer.alloc(0);
  private offset = 32;
  private counter = 0n;
  private readonly prefix: Buffer;

  constructor(seedHex: string, context: string) {
    if (!/^[0-9a-f]{64}$/.test(seedHex)) throw new Error('seed must be 32 bytes as 64 lowercase hex digits');
    this.prefix = Buffer.concat([
      Buffer.from('ssj-draw-v1', 'utf8'),
      Buffer.from(seedHex, 'hex'),
      Buffer.from(context, 'utf8'),
      Buffer.from([0]),
    ]);
  }

  nextUint32(): number {
    if (this.offset >= 32) {
      const k = Buffer.alloc(8);
      k.writeBigUInt64BE(this.counter++);
      this.block = createHash('sha256').update(this.prefix).update(k).digest();
      this.offset = 0;
    }
    const w = this.block.readUInt32BE(this.offset);
    this.offset += 4;
    return w;
  }

  /** A uniform integer in [0, n), by rejection sampling so that no value is favoured. */
  uniform(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1 || n > 2 ** 32)
      throw new RangeError(`uniform(n) needs 1 ≤ n ≤ 2^32, got ${n}`);
    const limit = Math.floor(2 ** 32 / n) * n;
    for (;;) {
      const w = this.nextUint32();
      if (w < limit) return w % n;
    }
  }
}

/**
 * The first `k` items of a Fisher–Yates shuffle of `items` (which is not modified): for i = 0 … k − 1,
 * j = i + uniform(n − i), swap positions i and j. Every k-subset in every order is equally likely.
 */
export function sample<T>(items: readonly T[], k: number, rng: DrawRng): T[] {
  if (k < 0 || k > items.length) throw new RangeError(`cannot take ${k} of ${items.length}`);
  const a = [...items];
  for (let i = 0; i < k; i++) {
    const j = i + rng.uniform(a.length - i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}
