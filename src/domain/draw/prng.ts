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
  /** The context is `context` ‖ `suffix`: a target's stream is named without making a string for it. */
  private suffix = '';

  constructor(
    seedHex: string,
    private context: string,
  ) {
    this.prefix = seedPrefix(seedHex);
  }

  /**
   * The same seed's stream for the context `context` ‖ `suffix`, from its first block (one object for
   * many streams: a 100k draw has 30,000 per-target streams).
   */
  restart(context: string, suffix = ''): this {
    this.context = context;
    this.suffix = suffix;
    this.counter = 0;
    this.offset = 32;
    return this;
  }

  nextUint32(): number {
    if (this.offset >= 32) {
      this.block = blockOf(this.prefix, this.context, this.suffix, this.counter++);
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
 * Writes the UTF-8 of `text` into `buf` at `at` and returns the bytes written; the caller leaves room
 * for 3 bytes per UTF-16 unit. An ASCII text (credit codes, stream contexts: nearly all) is copied code
 * by code: `Buffer#write` and `Buffer.byteLength` went through the encoding switch and cost as much as
 * the hash of a 60-byte input.
 */
export function writeUtf8(buf: Buffer, text: string, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x80) return i + buf.write(text.slice(i), at + i, 'utf8');
    buf[at + i] = c;
  }
  return text.length;
}

/**
 * An input assembled in one reused buffer and hashed one-shot (JS runs one hash at a time): 100,000
 * streams or salts per draw, where a Buffer per input, and rewriting from hex the bytes that stay the
 * same, cost as much as the hash itself. An input is a head, rewritten only when it changes, then a tail.
 */
export class HashScratch {
  buf = Buffer.alloc(256);
  private views = new Map<number, Buffer>();
  private head: unknown;

  /**
   * Makes room for an input of up to `size` bytes whose head is `head` (compared by identity); true when
   * the caller must write the head into `buf` (another head, or a new buffer).
   */
  prepare(head: unknown, size: number): boolean {
    if (size > this.buf.length) {
      this.buf = Buffer.alloc(size * 2);
      this.views.clear();
    } else if (head === this.head) return false;
    this.head = head;
    return true;
  }

  /** SHA-256 of the buffer's first `size` bytes, as text (`hex`, or `binary`: a byte per char). */
  digest(size: number, encoding: 'hex' | 'binary'): string {
    let view = this.views.get(size);
    if (!view) this.views.set(size, (view = this.buf.subarray(0, size)));
    return hash('sha256', view, encoding);
  }
}

/**
 * Block `k` of a stream, hashed to a latin1 ("binary") string: its input is prefix ‖ context ‖ suffix ‖
 * 0x00 ‖ k (8 bytes, big-endian), the prefix written only when it is another stream's.
 */
const blocks = new HashScratch();
function blockOf(prefix: Buffer, context: string, suffix: string, k: number): string {
  const ctxAt = prefix.length;
  if (blocks.prepare(prefix, ctxAt + (context.length + suffix.length) * 3 + 9)) prefix.copy(blocks.buf, 0);
  const buf = blocks.buf;
  const suffixAt = ctxAt + writeUtf8(buf, context, ctxAt);
  const end = suffixAt + writeUtf8(buf, suffix, suffixAt);
  buf[end] = 0;
  // k as 8-byte big-endian; a stream never reaches 2^53 blocks.
  const high = Math.floor(k / 2 ** 32);
  const low = k >>> 0;
  for (let b = 0; b < 4; b++) {
    buf[end + 1 + b] = (high >>> (24 - 8 * b)) & 0xff;
    buf[end + 5 + b] = (low >>> (24 - 8 * b)) & 0xff;
  }
  return blocks.digest(end + 9, 'binary');
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
const FEW = 8;
const swapAt = new Float64Array(FEW);
const swapValue: unknown[] = new Array(FEW).fill(undefined);

/**
 * The same shuffle over `n` items read by position (`itemAt`), on a virtual copy: only swapped
 * positions are stored, so taking 2 of 500 costs 2 steps and no copy. The picks are written to `out`
 * from position `from` (by default appended; a new array if none is given), so that a caller can reuse
 * one array for many samples.
 */
export function sampleOf<T>(
  n: number,
  k: number,
  itemAt: (i: number) => T,
  rng: DrawRng,
  out: T[] = [],
  from = out.length,
): T[] {
  if (k < 0 || k > n) throw new RangeError(`cannot take ${k} of ${n}`);
  if (k > FEW) {
    // More swaps go in a map.
    const map = new Map<number, T>();
    const at = (i: number): T => (map.has(i) ? map.get(i)! : itemAt(i));
    for (let i = 0; i < k; i++) {
      const j = i + rng.uniform(n - i);
      out[from + i] = at(j);
      map.set(j, at(i));
    }
    return out;
  }
  // A few: searched in two short arrays, newest first (a position swapped twice holds its last value).
  let swaps = 0;
  for (let i = 0; i < k; i++) {
    const j = i + rng.uniform(n - i);
    let pj = swaps - 1;
    while (pj >= 0 && swapAt[pj] !== j) pj--;
    let pi = swaps - 1;
    while (pi >= 0 && swapAt[pi] !== i) pi--;
    const picked = pj < 0 ? itemAt(j) : (swapValue[pj] as T);
    const moved = pi < 0 ? itemAt(i) : (swapValue[pi] as T);
    swapAt[swaps] = j;
    swapValue[swaps++] = moved;
    out[from + i] = picked;
  }
  for (let p = 0; p < swaps; p++) swapValue[p] = undefined; // holds nothing past the call
  return out;
}
