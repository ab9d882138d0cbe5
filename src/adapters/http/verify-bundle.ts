import { build, type Plugin } from 'esbuild';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PROJECT_ROOT } from '../../config/paths';

/**
 * The TypeScript sources of the browser's 在线核验 (src/browser/), found from the project root so that
 * the same path holds under tsx (`src/…`) and from the compiled `dist/src/…`; the production image keeps
 * src/ beside dist/ for this (Dockerfile).
 */
export const BROWSER_SOURCES = join(PROJECT_ROOT, 'src', 'browser');
export const VERIFY_PAGE_ENTRY = join(BROWSER_SOURCES, 'verify-page.ts');

/** `node:crypto` → the SHA-256 shim on @noble/hashes; esbuild then refuses any other Node built-in. */
const nodeCryptoShim: Plugin = {
  name: 'node-crypto-shim',
  setup(b) {
    b.onResolve({ filter: /^(node:)?crypto$/ }, () => ({
      path: join(BROWSER_SOURCES, 'node-crypto-shim.ts'),
    }));
  },
};

/**
 * Bundles src/browser/verify-page.ts — the draw verifier of src/domain/draw/verify.ts, the very code
 * `npm run verify-draw` runs, with its page wiring — into one minified browser script, in memory.
 * `Buffer` becomes the `buffer` package's and `node:crypto` a shim (src/browser/). The TypeScript
 * options are given here, not read from tsconfig.json, so the bundle is the same wherever it is built.
 */
export async function buildVerifyBundle(): Promise<string> {
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: [VERIFY_PAGE_ENTRY],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    charset: 'utf8',
    legalComments: 'eof',
    inject: [join(BROWSER_SOURCES, 'buffer-global.ts')],
    plugins: [nodeCryptoShim],
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true } },
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

/**
 * The bundle as served: its UTF-8 bytes, gzipped once (some 400 kB, a quarter of that gzipped), and its
 * ETag (weak: the same for both codings).
 */
export interface VerifyScript {
  body: Buffer;
  gzip: Buffer;
  etag: string;
}

let script: Promise<VerifyScript> | undefined;

/** The bundle, built on first use and kept for the life of the process (a failed build is retried). */
export function verifyScript(): Promise<VerifyScript> {
  script ??= buildVerifyBundle().then(
    (text) => {
      const body = Buffer.from(text, 'utf8');
      const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      return { body, gzip: gzipSync(body, { level: 9 }), etag };
    },
    (err: unknown) => {
      script = undefined;
      throw err;
    },
  );
  return script;
}
