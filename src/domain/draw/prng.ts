import { hash } from 'node:crypto';

/**
 * DRAW-PRNG-1, the deterministic random stream of a draw (specified byte for byte in
 * docs/draw-algorithm.md): block k = SHA-256("ssj-draw-v1" ‖ seed (32 bytes) ‖ UTF-8(context) ‖ 0x00 ‖
 * k as 8-byte big-endian), read as eight big-endian 32-bit words. A separate `context` per use
 * ("targets/B", "inspectors/<credit code>") keeps the streams independent and each one reproducible.
 */
export class DrawRng {
  /** The current block as a latin1 string (one char per byte): reading a word allocates nothing. */
  private block = '';
  private offset = 32;
  private counter = 0;
  private readonly prefix: Buffer;

  constructor(
    seedHex: string,
    private context: string,
  ) {
    this.prefix = seedPrefix(seedHex);
  }

  /** The same seed's stream for another context, from its first block (one object for many streams). */
  restart(context: string): this {
    this.context = context;
    this.counter = 0;
    this.offset = 32;
    return this;
  }

  nextUint32(): number {
    if (this.offset >= 32) {
      this.block = blockOf(this.prefix, this.context, this.counter++);
      this.offset = 0;
    }
    const b = this.block;
    const o = this.offset;
    this.offset += 4;
    return (
      ((b.charCodeAt(o) << 24) |
        (b.charCodeAt(o + 1) << 16) |
        (b.charCodeAt(o + 2) << 8) |
        b.charCodeAt(o + 3)) >>>
      0
    );
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
let lastSeed: { hex: string; prefix: Buffer } | undefined;

/** "ssj-draw-v1" ‖ seed's 32 bytes, made once per seed (a draw makes one stream per target). */
function seedPrefix(hex: string): Buffer {
  if (lastSeed?.hex === hex) return lastSeed.prefix;
  if (!/^[0-9a-f]{64}$/.test(hex)) throw new Error('seed must be 32 bytes as 64 lowercase hex digits');
  lastSeed = { hex, prefix: Buffer.concat([MAGIC, Buffer.from(hex, 'hex')]) };
  return lastSeed.prefix;
}

/**
 * Block `k` of a stream. Its input is assembled in one reused buffer (JS runs one block at a time) and
 * hashed one-shot to a latin1 ("binary") string: a Buffer per block and per stream made the draw's garbage.
 */
let scratch = Buffer.alloc(256);
const views = new Map<number, Buffer>();
function blockOf(prefix: Buffer, context: string, k: number): string {
  const ctxAt = prefix.length;
  const size = ctxAt + Buffer.byteLength(context, 'utf8') + 1 + 8;
  if (size > scratch.length) {
    scratch = Buffer.alloc(size * 2);
    views.clear();
  }
  prefix.copy(scratch, 0);
  const end = ctxAt + scratch.write(context, ctxAt, 'utf8');
  scratch[end] = 0;
  // k as 8-byte big-endian; a stream never reaches 2^53 blocks.
  scratch.writeUInt32BE(Math.floor(k / 2 ** 32), end + 1);
  scratch.writeUInt32BE(k >>> 0, end + 5);
  let view = views.get(size);
  if (!view) views.set(size, (view = scratch.subarray(0, size)));
  return hash('sha256', view, 'binary');
}

/**
 * The first `k` items of a Fisher–Yates shuffle of `items` (which is not modified): for i = 0 … k − 1,
 * j = i + uniform(n − i), swap positions i and j. Every k-subset in every order is equally likely.
 */
export function sample<T>(items: readonly T[], k: number, rng: DrawRng): T[] {
  if (k < 0 || k > items.length) throw new RangeError(`cannot take ${k} of ${items.length}`);
  // Taking a good share of the items (a stratum's targets): shuffling a copy in place is cheapest.
  if (k * 16 < items.length) return sampleOf(items.length, k, (i) => items[i]!, rng);
  const copy = items.slice();
  for (let i = 0; i < k; i++) {
    const j = i + rng.uniform(copy.length - i);
    const picked = copy[j]!;
    copy[j] = copy[i]!;
    copy[i] = picked;
  }
  return copy.slice(0, k);
}

/** The few swaps of a short sample (an inspector team), reused from call to call (JS runs one at a time). */
const swapAt: number[] = [];
const swapValue: unknown[] = [];

/**
 * The same shuffle over `n` items read by position (`itemAt`), on a virtual copy: only swapped
 * positions are stored, so taking 2 of 500 costs 2 steps and no copy. The picks are appended to `out`
 * (a new array if none is given).
 */
export function sampleOf<T>(
  n: number,
  k: number,
  itemAt: (i: number) => T,
  rng: DrawRng,
  out: T[] = [],
): T[] {
  if (k < 0 || k > n) throw new RangeError(`cannot take ${k} of ${n}`);
  // A few swaps are searched in two short lists; more go in a map.
  const map = k > 8 ? new Map<number, T>() : undefined;
  swapAt.length = 0;
  swapValue.length = 0;
  const at = (i: number): T => {
    if (map) return map.has(i) ? map.get(i)! : itemAt(i);
    const p = swapAt.lastIndexOf(i);
    return p < 0 ? itemAt(i) : (swapValue[p] as T);
  };
  for (let i = 0; i < k; i++) {
    const j = i + rng.uniform(n - i);
    const picked = at(j);
    const moved = at(i);
    if (map) map.set(j, moved);
    else {
      swapAt.push(j);
      swapValue.push(moved);
    }
    out.push(picked);
  }
  swapValue.length = 0; // holds nothing past the call
  return out;
}
