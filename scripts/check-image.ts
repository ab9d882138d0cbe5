import { execSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startEmulator } from '../emulator/server';
import { DEMO_APP, demoWorld } from '../emulator/seed';
import { PROJECT_ROOT } from '../src/config/paths';
import { startFerretDb } from '../src/harness/ferretdb';

/**
 * `npm run check:image` (and a step of .ci/run): the production image as the Dockerfile builds it, without
 * a Docker engine. Each stage is a fresh folder holding exactly what its COPY lines copy (from the build
 * context or an earlier stage) and what its RUN lines make there; then the runtime stage's CMD is started
 * with production settings against a FerretDB and the Feishu emulator until `/healthz` answers and the
 * public page's verifier bundle builds. Fails when the Dockerfile and the code disagree — a source the
 * image lacks, a dependency only installed for development, an entry point that cannot start.
 */

interface Stage {
  name: string;
  dir: string;
  workdir: string;
  env: Record<string, string>;
  cmd: string[] | null;
}

const say = (text: string) => console.log(`[image] ${text}`);

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function instructions(file: string): { op: string; args: string }[] {
  const text = readFileSync(file, 'utf8').replace(/\\\r?\n/g, ' ');
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

function build(root: string): Stage {
  const stages = new Map<string, Stage>();
  let stage: Stage | undefined;
  for (const { op, args } of instructions(join(PROJECT_ROOT, 'Dockerfile'))) {
    if (op === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(args)?.[1] ?? `stage${stages.size}`;
      stage = { name, dir: join(root, name), workdir: '/', env: {}, cmd: null };
      mkdirSync(stage.dir, { recursive: true });
      stages.set(name, stage);
      say(`stage ${name} (${args.split(/\s+/)[0]})`);
      continue;
    }
    if (!stage) throw new Error(`${op} before FROM`);
    const here = join(stage.dir, stage.workdir);
    switch (op) {
      case 'WORKDIR':
        stage.workdir = args;
        mkdirSync(join(stage.dir, args), { recursive: true });
        break;
      case 'ENV':
        for (const [, k, v] of args.matchAll(/(\w+)=(\S+)/g)) stage.env[k!] = v!;
        break;
      case 'COPY': {
        const from = /^--from=(\S+)\s+/.exec(args);
        const parts = args.replace(/^--\S+\s+/g, '').split(/\s+/);
        const dest = parts.pop()!;
        const source = from ? stages.get(from[1]!) : null;
        if (from && !source) throw new Error(`COPY --from=${from[1]}: no such stage`);
        for (const p of parts) {
          const src = source ? join(source.dir, p) : join(PROJECT_ROOT, p);
          if (!existsSync(src))
            throw new Error(`COPY ${p}: not in ${source ? `stage ${source.name}` : 'the build context'}`);
          const target =
            dest.endsWith('/') || parts.length > 1 ? join(here, dest, p.split('/').pop()!) : join(here, dest);
          mkdirSync(dirname(target), { recursive: true });
          cpSync(src, target, { recursive: true, filter: (s) => !s.includes('/node_modules/') });
        }
        break;
      }
      case 'RUN':
        say(`RUN ${args}`);
        execSync(args, {
          cwd: here,
          stdio: ['ignore', 'inherit', 'inherit'],
          env: { ...process.env, ...stage.env, npm_config_loglevel: 'error' },
        });
        break;
      case 'CMD':
        stage.cmd = JSON.parse(args) as string[];
        break;
      default: // EXPOSE, HEALTHCHECK, USER, LABEL: nothing to stage.
    }
  }
  if (!stage?.cmd) throw new Error('the last stage has no CMD');
  return stage;
}

async function until(check: () => Promise<boolean>, what: string, ms: number): Promise<void> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 250)))
    if (await check().catch(() => false)) return;
  throw new Error(`${what}: not within ${ms / 1000} s`);
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'ssj-image-'));
  const world = demoWorld();
  const [mongo, emu] = await Promise.all([
    startFerretDb(),
    startEmulator({ apps: [{ ...DEMO_APP }], users: world.users, chats: world.chats }),
  ]);
  let child: ReturnType<typeof spawn> | undefined;
  try {
    const runtime = build(root);
    const cwd = join(runtime.dir, runtime.workdir);
    const port = 3900 + Math.floor(Math.random() * 90);
    const output: string[] = [];
    say(`starting ${runtime.cmd!.join(' ')} on port ${port}`);
    child = spawn(runtime.cmd![0]!, runtime.cmd!.slice(1), {
      cwd,
      env: {
        PATH: process.env.PATH!,
        ...runtime.env,
        FEISHU_APP_ID: DEMO_APP.appId,
        FEISHU_APP_SECRET: DEMO_APP.appSecret,
        FEISHU_DOMAIN: emu.url,
        MONGODB_URI: mongo.uri.replace(/\/?$/, '/ssj-image-check'),
        REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
        REDIS_PREFIX: `ssj-image-${process.pid}-`,
        HTTP_PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    for (const s of [child.stdout!, child.stderr!]) s.on('data', (b: Buffer) => output.push(b.toString()));
    const exited = new Promise<number | null>((r) => child!.once('exit', r));
    try {
      await Promise.race([
        until(async () => (await fetch(`http://127.0.0.1:${port}/healthz`)).ok, '/healthz', 60_000),
        exited.then((code) => {
          throw new Error(`the bot exited with code ${code}`);
        }),
      ]);
      say('/healthz answered');
      const script = await fetch(`http://127.0.0.1:${port}/public/verify.js`);
      if (!script.ok) throw new Error(`/public/verify.js: HTTP ${script.status}`);
      say(`/public/verify.js built (${(await script.text()).length} bytes)`);
    } catch (err) {
      console.error(output.join('').slice(-4000));
      throw err;
    }
    say('the image builds and starts');
  } finally {
    child?.kill('SIGTERM');
    await Promise.all([mongo.stop(), emu.stop()]);
    rmSync(root, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`[image] FAILED: ${(err as Error).message}`);
    process.exit(1);
  },
);
