import { hash } from 'node:crypto';

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
  /** "ssj-draw-v1" ‖ seed ‖ context ‖ 0x00 ‖ 8 bytes of counter, rewritten for each block. */
  private readonly input: Buffer;

  constructor(seedHex: string, context: string) {
    const seed = seedBytes(seedHex);
    const ctxLength = Buffer.byteLength(context, 'utf8');
    this.input = Buffer.alloc(MAGIC.length + 32 + ctxLength + 1 + 8);
    MAGIC.copy(this.input, 0);
    seed.copy(this.input, MAGIC.length);
    this.input.write(context, MAGIC.length + 32, 'utf8');
  }

  nextUint32(): number {
    if (this.offset >= 32) {
      this.input.writeBigUInt64BE(this.counter++, this.input.length - 8);
      // One-shot hash: a third cheaper than createHash() for these short inputs, one per target.
      this.block = hash('sha256', this.input, 'buffer');
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

const MAGIC = Buffer.from('ssj-draw-v1', 'utf8');
let lastSeed: { hex: string; bytes: Buffer } | undefined;

/** The seed's 32 bytes, parsed once per seed (a draw makes one stream per target). */
function seedBytes(hex: string): Buffer {
  if (lastSeed?.hex === hex) return lastSeed.bytes;
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('seed must be 32 bytes as 64 lowercase hex digits');
  lastSeed = { hex, bytes: Buffer.from(hex, 'hex') };
  return lastSeed.bytes;
}

/**
 * The first `k` items of a Fisher–Yates shuffle of `items` (which is not modified): for i = 0 … k − 1,
 * j = i + uniform(n − i), swap positions i and j. Every k-subset in every order is equally likely.
 */
export function sample<T>(items: readonly T[], k: number, rng: DrawRng): T[] {
  if (k < 0 || k > items.length) throw new RangeError(`cannot take ${k} of ${items.length}`);
  // The shuffle runs on a virtual copy: only swapped positions are stored, so taking 2 of 500 costs 2 steps.
  const swapped = new Map<number, T>();
  const at = (i: number) => (swapped.has(i) ? swapped.get(i)! : items[i]!);
  const out: T[] = [];
  for (let i = 0; i < k; i++) {
    const j = i + rng.uniform(items.length - i);
    const picked = at(j);
    swapped.set(j, at(i));
    out.push(picked);
  }
  return out;
}
