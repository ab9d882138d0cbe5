import { sha256 } from '@noble/hashes/sha2.js';
import { Buffer } from 'buffer';

/**
 * `node:crypto` for the browser bundle of the draw verifier (src/adapters/http/verify-bundle.ts): exactly
 * what src/domain/draw uses — `hash` and `createHash`, SHA-256 only — on @noble/hashes
 * (audited, synchronous). Not WebCrypto: `crypto.subtle.digest` is asynchronous, and the draw engine is
 * synchronous — its PRNG hashes a block whenever it needs more words (src/domain/draw/prng.ts) — so the
 * same code can only run in the browser on a synchronous SHA-256. Anything else throws, so a new use in
 * the domain code fails the browser test rather than computing something different.
 */

type Data = string | Uint8Array;
/** `binary` (latin1: a char per byte) is how the draw's random stream reads its blocks. */
type Digest = 'hex' | 'buffer' | 'binary';

const bytesOf = (data: Data): Uint8Array => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

function sha256Only(algorithm: string): void {
  if (algorithm !== 'sha256') throw new Error(`浏览器中的 node:crypto 只提供 sha256，不支持 ${algorithm}`);
}

function encoded(digest: Uint8Array, encoding: Digest | undefined): string | Buffer {
  const out = Buffer.from(digest.buffer, digest.byteOffset, digest.byteLength);
  if (encoding === undefined || encoding === 'buffer') return out;
  if (encoding === 'hex') return out.toString('hex');
  if (encoding === 'binary') return out.toString('latin1');
  throw new Error(`浏览器中的 node:crypto 不支持输出编码 ${String(encoding)}`);
}

function utf8Only(encoding: string | undefined): void {
  if (encoding !== undefined && encoding !== 'utf8' && encoding !== 'utf-8')
    throw new Error(`浏览器中的 node:crypto 不支持输入编码 ${encoding}`);
}

/** `crypto.hash(algorithm, data, outputEncoding = 'hex')` (Node ≥ 20.12). */
export function hash(algorithm: string, data: Data, outputEncoding: Digest = 'hex'): string | Buffer {
  sha256Only(algorithm);
  return encoded(sha256(bytesOf(data)), outputEncoding);
}

interface Hasher {
  update(data: Data, inputEncoding?: string): Hasher;
  digest(encoding?: Digest): string | Buffer;
}

function hasher(state: { update(buf: Uint8Array): unknown; digest(): Uint8Array }): Hasher {
  const self: Hasher = {
    update(data, inputEncoding) {
      utf8Only(inputEncoding);
      state.update(bytesOf(data));
      return self;
    },
    digest: (encoding) => encoded(state.digest(), encoding),
  };
  return self;
}

/** `crypto.createHash('sha256')`: `update` with bytes or UTF-8 text, `digest()` or `digest('hex')`. */
export function createHash(algorithm: string): Hasher {
  sha256Only(algorithm);
  return hasher(sha256.create());
}
