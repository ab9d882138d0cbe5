#!/usr/bin/env node
// Builds tools/ferretdb/ferretdb-launcher with `go build` only when it is missing or its sources changed.
// Skipped when MONGODB_URI points at a real server. The first build fetches modules via the Go proxy (minutes).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'ferretdb');
const bin = join(dir, 'ferretdb-launcher');
const stamp = join(dir, '.build-hash');

if (process.env.MONGODB_URI) {
  console.log('[ferretdb] MONGODB_URI is set: using that server, no launcher needed.');
  process.exit(0);
}
const hash = createHash('sha256');
const sources = readdirSync(dir)
  .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))
  .sort();
for (const f of [...sources, 'go.mod', 'go.sum']) hash.update(f).update(readFileSync(join(dir, f)));
const digest = hash.digest('hex');
if (existsSync(bin) && existsSync(stamp) && readFileSync(stamp, 'utf8').trim() === digest) process.exit(0);

try {
  execFileSync('go', ['version'], { stdio: 'ignore' });
} catch {
  console.error(
    '[ferretdb] Go is not installed: install Go (https://go.dev/doc/install) or set MONGODB_URI to a MongoDB server.',
  );
  process.exit(1);
}
console.log(
  '[ferretdb] building the FerretDB 1.24.2 launcher with go build (the first build takes a few minutes)…',
);
const started = Date.now();
execFileSync('go', ['build', '-trimpath', '-o', bin, '.'], { cwd: dir, stdio: 'inherit' });
writeFileSync(stamp, digest + '\n');
console.log(`[ferretdb] built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
