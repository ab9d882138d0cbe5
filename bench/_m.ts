import { spawnSync } from 'node:child_process';
import { startFerretDb } from '../src/harness/ferretdb';
(async () => {
  const f = await startFerretDb();
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/callbacks-large.ts'], { env: { ...process.env, MONGODB_URI: f.uri }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  console.log(r.stdout.trim());
  await f.stop();
})();
