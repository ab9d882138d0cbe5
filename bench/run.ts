import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/config/paths';
import { startFerretDb, storageFrom, type Storage } from '../src/harness/ferretdb';
import { emulatorThroughput } from './emulator-throughput';
import { moduleFile, nodeArgs } from './node-args';

/**
 * `npm run bench`: every benchmark of the project, each figure printed as a ratio to its budget
 * (≤ 1 is within budget). Uses MONGODB_URI if set, else an embedded FerretDB on each supported backend
 * (SQLite and PostgreSQL, side by side; `BENCH_BACKENDS` picks).
 */
interface Row {
  name: string;
  value: number;
  unit: string;
  budget: number;
  /** `max`: the figure must stay below the budget; `min`: above it. */
  kind: 'max' | 'min';
  /** The database it was measured on; none: a figure without a database. */
  backend?: string;
}

/**
 * Runs a step in its own process and returns what it printed. Asynchronously: the embedded FerretDB the
 * step talks to is this process's child, and its log goes through a pipe this process must keep reading
 * (a blocked event loop let the pipe fill, and FerretDB stopped mid-write, holding its transactions).
 */
const step = (script: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs(moduleFile(__dirname, script)), ...args], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const out: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.once('error', reject);
    child.once('close', (code, signal) =>
      code === 0
        ? resolve(Buffer.concat(out).toString('utf8'))
        : reject(new Error(`bench step ${script} failed (${signal ?? `exit ${code}`})`)),
    );
  });

/** A step prints one JSON line last (after anything its bot logs): that line. */
const lastJson = (output: string) => JSON.parse(output.trim().split('\n').pop()!);

/**
 * An import of a generated target sheet into a fresh database, then the same file again in a new process
 * (every row unchanged), each with its own peak RSS. Budgets: 100k rows ≤ 10 s, re-import ≤ 5 s, both
 * ≤ 500 MB (issue 19); 200k rows ≤ 30 s and ≤ 500 MB, re-import faster than the first (issue 21).
 */
async function benchImport(mongoUri: string, rows: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'ssj-bench-'));
  const label = `${rows / 1000}k`;
  try {
    const file = join(dir, `targets-${label}.xlsx`);
    await step('import-xlsx', ['make', file, String(rows)], process.env);
    const db = `bench_${randomBytes(4).toString('hex')}`;
    const env = { ...process.env, MONGODB_URI: mongoUri };
    const first = lastJson(await step('import-xlsx', ['import', file, db], env));
    const again = lastJson(await step('import-xlsx', ['reimport', file, db], env));
    if (first.stored !== rows) throw new Error(`expected ${rows} targets stored, found ${first.stored}`);
    if (again.unchanged !== rows) throw new Error(`re-import: ${again.unchanged} of ${rows} rows unchanged`);
    const sizeMb = statSync(file).size / 1048576;
    say(
      `  ${rows.toLocaleString('en')}-row xlsx (${sizeMb.toFixed(1)} MB) → ${first.stored} targets: ` +
        `read + validate ${first.readSeconds.toFixed(1)} s, write ${first.writeSeconds.toFixed(1)} s, ` +
        `peak ${first.peakRssMb.toFixed(0)} MB; database time by command: ${first.commands.join(', ')}; ` +
        `again unchanged: read ${again.readSeconds.toFixed(1)} s, merge ${again.writeSeconds.toFixed(1)} s, ` +
        `peak ${again.peakRssMb.toFixed(0)} MB`,
    );
    const name = `import ${label}-row xlsx`;
    const peak = { unit: 'MB', budget: 500, kind: 'max' } as const;
    if (rows === 100_000)
      return [
        { name: `${name}: time`, value: first.seconds, unit: 's', budget: 10, kind: 'max' },
        {
          name: `${name}: rows/s`,
          value: rows / first.seconds,
          unit: 'rows/s',
          budget: rows / 10,
          kind: 'min',
        },
        { name: `${name}: peak RSS`, value: first.peakRssMb, ...peak },
        { name: `${name}: again, unchanged`, value: again.seconds, unit: 's', budget: 5, kind: 'max' },
        { name: `${name}: again, peak RSS`, value: again.peakRssMb, ...peak },
      ];
    return [
      { name: `${name}: time`, value: first.seconds, unit: 's', budget: 30, kind: 'max' },
      { name: `${name}: peak RSS`, value: first.peakRssMb, ...peak },
      {
        name: `${name}: again / first`,
        value: again.seconds / first.seconds,
        unit: '×',
        budget: 1,
        kind: 'max',
      },
      { name: `${name}: again, peak RSS`, value: again.peakRssMb, ...peak },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What each step printed (its detail line), kept for the report. */
const details: string[] = [];
/** Steps that failed: the others still run, and the report says which failed and why. */
const failures: string[] = [];
async function section(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    const why = (err as Error).message.split('\n')[0]!.slice(0, 300);
    failures.push(`${tag ? `[${tag}] ` : ''}${name}: ${why}`);
    say(`  ${name}: FAILED — ${why}`);
  }
}
/** The database the steps now running measure, named in their detail lines. */
let tag = '';
const say = (line: string) => {
  const tagged = tag && line.startsWith('  ') ? `  [${tag}] ${line.trim()}` : line;
  console.log(tagged);
  if (line.startsWith('  ')) details.push(tagged.trim());
};

async function main(): Promise<void> {
  const started = new Date();
  const load = loadavg()[0]!;
  const backends = backendsToRun();
  console.log(
    `bench: ${started.toISOString()} · node ${process.version} · database ${backends.map((b) => b.name).join(' and ')}`,
  );
  const rows: Row[] = [];
  await section('draws', async () => {
    for (const n of [1_000, 10_000, 100_000]) {
      const d = lastJson(await step('draw', [String(n)], process.env));
      const label = `${n / 1000}k`;
      say(
        `  DRAW-2 of ${label} targets / 500 officers: ${d.selected} drawn in ${d.drawMs.toFixed(0)} ms; ` +
          `proposal record ${d.makeRecordMs.toFixed(0)} ms; verifying the ${d.recordMb.toFixed(1)} MB drawn record ${d.verifyMs.toFixed(0)} ms`,
      );
      // Budget: the issue's aim, a pure 100k draw well under 100 ms; scaled linearly for smaller pools.
      rows.push({
        name: `draw ${label} targets (pure)`,
        value: d.drawMs,
        unit: 'ms',
        budget: (100 * n) / 100_000,
        kind: 'max',
      });
      if (n === 100_000)
        rows.push(
          // Budgets: the issue's aim, making and verifying a 100k record within a second each.
          {
            name: 'draw 100k: make the proposal record',
            value: d.makeRecordMs,
            unit: 'ms',
            budget: 1000,
            kind: 'max',
          },
          {
            name: 'draw 100k: verify the drawn record',
            value: d.verifyMs,
            unit: 'ms',
            budget: 1000,
            kind: 'max',
          },
          // Proposing and drawing; then, with the 27 MB record made and parsed three times, verifying.
          { name: 'draw 100k: peak RSS', value: d.drawPeakRssMb, unit: 'MB', budget: 500, kind: 'max' },
          { name: 'draw 100k: verify, peak RSS', value: d.peakRssMb, unit: 'MB', budget: 500, kind: 'max' },
        );
    }
  });
  for (const backend of backends) {
    tag = backend.name;
    const from = rows.length;
    const mongo = backend.storage ? await startFerretDb({ storage: backend.storage }) : null;
    const uri = process.env.MONGODB_URI ?? mongo!.uri;
    /**
     * The bot benchmarks each get an embedded server of their own (unless MONGODB_URI is set): after the
     * 100k import and draw, the shared FerretDB stopped answering new connections in time for the steps
     * that followed (handshake timeouts), which measured FerretDB's backlog, not the bot.
     */
    const onItsOwnServer = async (run: (uri: string) => Promise<string>): Promise<string> => {
      if (!backend.storage) return run(uri);
      const own = await startFerretDb({ storage: backend.storage });
      try {
        return await run(own.uri);
      } finally {
        await own.stop();
      }
    };
    try {
      await section('import', async () => void rows.push(...(await benchImport(uri, 100_000))));
      await section('import 200k', async () => void rows.push(...(await benchImport(uri, 200_000))));
      await section('stored draw', async () => {
        const persisted = lastJson(
          await step('draw-persist', ['100000'], { ...process.env, MONGODB_URI: uri }),
        );
        say(
          `  stored draw of 100k targets: snapshot built once ${(persisted.snapshotBuildMs / 1000).toFixed(1)} s (the first ` +
            `proposal after the pool changed pays it), propose ${persisted.proposeMs.toFixed(0)} ms (snapshot chunks read, inputs ` +
            `checked and hashed, recusal commitments), approve ${persisted.approveMs.toFixed(0)} ms (the decision), dispatch job ` +
            `${(persisted.dispatchMs / 1000).toFixed(1)} s (selection, ${persisted.tasks.toLocaleString('en-US')} tasks); ` +
            `the month's summary ${(persisted.summaryMs / 1000).toFixed(1)} s, the year's 考评 ${(persisted.evaluationMs / 1000).toFixed(1)} s; ` +
            `the public page's first visit ${persisted.publicFirstMs.toFixed(0)} ms, then ${persisted.publicVisitMs.toFixed(1)} ms a visit`,
        );
        say(`  stored draw, database time by command, propose: ${persisted.commands.propose.join(', ')}`);
        say(
          `  stored draw, database time by command, approve → tasks: ${persisted.commands.approveToTasks.join(', ')}`,
        );
        // Budgets (issue 19): propose from a current snapshot ≤ 1 s; approval to every task created ≤ 3 s.
        rows.push(
          {
            name: 'stored draw 100k: propose',
            value: persisted.proposeMs / 1000,
            unit: 's',
            budget: 1,
            kind: 'max',
          },
          {
            name: 'stored draw 100k: approve → tasks',
            value: (persisted.approveMs + persisted.dispatchMs) / 1000,
            unit: 's',
            budget: 3,
            kind: 'max',
          },
          // Read through the period's marks by `_id`: linear in the month's (the year's) tasks, whatever the history.
          {
            name: 'monthly summary: per task of the month',
            value: persisted.summaryMs / persisted.tasks,
            unit: 'ms',
            budget: 1,
            kind: 'max',
          },
          {
            name: '考评: per task of the year',
            value: persisted.evaluationMs / persisted.tasks,
            unit: 'ms',
            budget: 1,
            kind: 'max',
          },
          // The year read once per change of what it shows (here one draw of 10,000 targets), then kept.
          {
            name: 'public page: first visit after a change',
            value: persisted.publicFirstMs,
            unit: 'ms',
            budget: 1000,
            kind: 'max',
          },
          {
            name: 'public page: a visit, nothing changed',
            value: persisted.publicVisitMs,
            unit: 'ms',
            budget: 20,
            kind: 'max',
          },
          {
            name: 'draw 100k persisted: peak RSS',
            value: persisted.peakRssMb,
            unit: 'MB',
            budget: 500,
            kind: 'max',
          },
        );
      });
      await section('chat', async () => {
        const chat = lastJson(
          await onItsOwnServer((u) => step('chat', [], { ...process.env, MONGODB_URI: u })),
        );
        say(
          `  chat: ${chat.cards} task cards dispatched ${chat.dispatchSeconds.toFixed(1)} s after 批准, sent in ${chat.sendSeconds.toFixed(1)} s ` +
            `first to last (the 50/s limit allows ${chat.minimumSeconds.toFixed(1)} s), ` +
            `${chat.delivered} delivered, ${chat.duplicated} duplicated; ${chat.callbacks} callbacks at ${chat.callbackRate.toFixed(0)}/s, ` +
            `${chat.callbackFailures} failed, p50 ${chat.p50.toFixed(0)} ms, p99 ${chat.p99.toFixed(0)} ms`,
        );
        if (chat.delivered !== chat.cards || chat.duplicated !== 0)
          throw new Error(`dispatch lost or doubled cards: ${JSON.stringify(chat)}`);
        rows.push(
          // Budgets from issue 6: p99 under 50 ms (Feishu allows 3 s); sends at ≥ 95 % of the rate limit.
          { name: 'card callback p99 (200/s)', value: chat.p99, unit: 'ms', budget: 50, kind: 'max' },
          {
            name: 'card callback p99 / Feishu 3 s',
            value: chat.p99 / 3000,
            unit: '',
            budget: 1,
            kind: 'max',
          },
          {
            name: 'dispatch 500 cards: rate / limit',
            value: chat.minimumSeconds / chat.sendSeconds,
            unit: '',
            budget: 0.95,
            kind: 'min',
          },
        );
      });
      await section('callbacks with a 100k pool', async () => {
        const large = lastJson(
          await onItsOwnServer((u) => step('callbacks-large', [], { ...process.env, MONGODB_URI: u })),
        );
        const line = (
          what: string,
          s: { callbacks: number; callbackFailures: number; p50: number; p99: number },
        ) =>
          `${what} ${s.callbacks} clicks, ${s.callbackFailures} failed or over 3 s, p50 ${s.p50.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms`;
        say(
          `  callbacks, ${large.pool.toLocaleString('en-US')} targets: ${line('发起抽取', large.propose)}; ` +
            `${line('批准', large.approve)}; ${large.tasks.toLocaleString('en-US')} tasks dispatched in the background`,
        );
        // Budget from issue 18: the heavy actions answer like the light ones (p99 under 50 ms at 200/s).
        rows.push(
          {
            name: '发起抽取 p99, 100k pool (200/s)',
            value: large.propose.p99,
            unit: 'ms',
            budget: 50,
            kind: 'max',
          },
          {
            name: '批准 p99, 100k pool (200/s)',
            value: large.approve.p99,
            unit: 'ms',
            budget: 50,
            kind: 'max',
          },
        );
      });
      await section('simulated year', async () => {
        const year = lastJson(
          await onItsOwnServer((u) => step('schedule-year', [], { ...process.env, MONGODB_URI: u })),
        );
        say(
          `  simulated year: ${year.days} days, ${year.sends} schedule sends, ${year.draws} draws, ${year.tasks} tasks ` +
            `(${year.filed} filed) in ${year.seconds.toFixed(1)} s; peak ${year.peakJobs} jobs in Redis ` +
            `(${JSON.stringify(year.peakCounts)}), ${year.errors} errors`,
        );
        if (year.errors !== 0) throw new Error(`the simulated year reported errors: ${JSON.stringify(year)}`);
        rows.push(
          // Budgets: the year stays a CI test of two minutes (~1 min today); completed jobs are kept a day of
          // wall time, so a compressed year holds every job it ran: half the 10,000 cap of JOB_DEFAULTS.
          { name: 'simulated year: wall time', value: year.seconds, unit: 's', budget: 120, kind: 'max' },
          {
            name: 'simulated year: peak jobs in Redis',
            value: year.peakJobs,
            unit: 'jobs',
            budget: 5000,
            kind: 'max',
          },
        );
      });
      await section('fan-out', async () => {
        const fan = lastJson(
          await onItsOwnServer((u) => step('schedule-fanout', [], { ...process.env, MONGODB_URI: u })),
        );
        say(
          `  reminder fan-out: ${fan.tasks.toLocaleString('en-US')} open tasks / ${fan.inspectors.toLocaleString('en-US')} ` +
            `inspectors planned in ${fan.planSeconds.toFixed(1)} s → ${fan.planned} digests; ${fan.digests} sent to ` +
            `${fan.recipients} people in ${fan.sendSeconds.toFixed(1)} s = ${fan.rate.toFixed(1)}/s ` +
            `(${fan.complete ? 'all' : `stopped after the window, ${fan.remaining} left: all would take ~${Math.round(fan.projectedSeconds)} s`}; ` +
            `the limits allow ${fan.minimumSecondsAll.toFixed(0)} s for all); ${fan.receipts} receipts, ` +
            `${fan.responses429} × 429, ${fan.failedJobs} failed jobs`,
        );
        say(`  fan-out, database time by command, planning: ${fan.commands.plan.join(', ')}`);
        say(`  fan-out, database time by command, sending: ${fan.commands.send.join(', ')}`);
        if (fan.digests !== fan.recipients || fan.digests !== fan.receipts || fan.errors !== 0)
          throw new Error(`the fan-out lost or doubled digests: ${JSON.stringify(fan)}`);
        rows.push(
          // Budgets: planning well inside the first minute of the morning; sends at ≥ 95 % of both limits
          // (issue 19; Feishu: 50/s and 1,000/min per app — for 2,000 digests the minute's limit decides).
          { name: 'fan-out 10k tasks: planning', value: fan.planSeconds, unit: 's', budget: 10, kind: 'max' },
          {
            name: 'fan-out: rate / both limits',
            value: fan.minimumSeconds / fan.sendSeconds,
            unit: '',
            budget: 0.95,
            kind: 'min',
          },
        );
      });
      await section('evidence', async () => {
        const ev = lastJson(
          await onItsOwnServer((u) => step('evidence', [], { ...process.env, MONGODB_URI: u })),
        );
        say(
          `  现场材料 with ${ev.files} files (${ev.storedMb.toFixed(0)} MB) stored: a 5 MB photo stored in ` +
            `${ev.storeMs.toFixed(0)} ms, its task's list read in ${ev.listMs.toFixed(1)} ms, read back in ` +
            `${ev.readMs.toFixed(0)} ms (medians of 5)`,
        );
        // Budgets: the job answers the inspector within a second; 查看原件 and every card of the task
        // cost the task's own files, not the bureau's (one GridFS bucket per task, docs/data-model.md).
        rows.push(
          {
            name: '现场材料: store a 5 MB photo',
            value: ev.storeMs / 1000,
            unit: 's',
            budget: 1,
            kind: 'max',
          },
          { name: '现场材料: read it back', value: ev.readMs / 1000, unit: 's', budget: 0.5, kind: 'max' },
          { name: "现场材料: a task's list", value: ev.listMs, unit: 'ms', budget: 20, kind: 'max' },
        );
      });
    } finally {
      await mongo?.stop();
    }
    for (const r of rows.slice(from)) r.backend = backend.name;
  }
  tag = '';
  await section('emulator', async () => {
    const emu = await emulatorThroughput();
    // Budget: 20× Feishu's per-app limit of 50 sends/s, so the emulator never limits a benchmark of the bot.
    rows.push({
      name: 'emulator: card sends served/s',
      value: emu.rps,
      unit: 'req/s',
      budget: 1000,
      kind: 'min',
    });
  });
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  const ratioOf = (r: Row) => (r.kind === 'max' ? r.value / r.budget : r.budget / r.value);
  console.log(
    '\n' +
      [
        'figure'.padEnd(36),
        'database'.padEnd(12),
        'value'.padStart(14),
        'budget'.padStart(16),
        'ratio'.padStart(7),
        '  verdict',
      ].join(''),
  );
  for (const r of rows) {
    // Ratio > 1 always means "over budget": for a minimum it is budget / value.
    const ratio = ratioOf(r);
    console.log(
      r.name.padEnd(36) +
        (r.backend ?? '—').padEnd(12) +
        `${fmt(r.value)} ${r.unit}`.padStart(14) +
        `${r.kind === 'max' ? '≤' : '≥'} ${fmt(r.budget)} ${r.unit}`.padStart(16) +
        ratio.toFixed(2).padStart(7) +
        (ratio <= 1 ? '  within budget' : '  OVER BUDGET'),
    );
  }
  if (process.env.BENCH_REPORT !== '0') {
    const file = join(PROJECT_ROOT, 'docs', 'benchmarks.md');
    writeFileSync(file, report(rows, details, { started, load, backends: backends.map((b) => b.name) }));
    console.log(`\nreport written: ${file}`);
  }
  if (failures.length) process.exitCode = 1;
}

/** One database the figures are measured on. */
interface Backend {
  name: string;
  /** The embedded FerretDB's storage; none: MONGODB_URI's server. */
  storage?: Storage;
}

/**
 * MONGODB_URI's server when set; else the embedded FerretDB on each backend of BENCH_BACKENDS
 * (default `sqlite,postgres`: the two supported stores, side by side; POSTGRES_URL's server).
 */
function backendsToRun(): Backend[] {
  if (process.env.MONGODB_URI) return [{ name: 'MONGODB_URI' }];
  const base = storageFrom(process.env);
  return (process.env.BENCH_BACKENDS ?? 'sqlite,postgres').split(',').map((b) => {
    if (b.trim() === 'postgres') return { name: 'PostgreSQL', storage: { ...base, DB_BACKEND: 'postgres' } };
    if (b.trim() === 'sqlite') return { name: 'SQLite', storage: { ...base, DB_BACKEND: 'sqlite' } };
    throw new Error(`BENCH_BACKENDS: unknown backend "${b}" (sqlite, postgres)`);
  });
}

/**
 * docs/benchmarks.md: the machine, the date, every figure as a ratio to its budget (the database figures
 * side by side, a column pair per backend), and what each step saw.
 */
function report(
  rows: Row[],
  lines: string[],
  run: { started: Date; load: number; backends: string[] },
): string {
  const cpu = cpus();
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  const ratioOf = (r: Row) => (r.kind === 'max' ? r.value / r.budget : r.budget / r.value);
  const budget = (r: Row) => `${r.kind === 'max' ? '≤' : '≥'} ${fmt(r.budget)} ${r.unit}`;
  const ratio = (r: Row) => (ratioOf(r) <= 1 ? ratioOf(r).toFixed(2) : `**${ratioOf(r).toFixed(2)}** over`);
  const pure = rows
    .filter((r) => !r.backend)
    .map((r) => `| ${r.name} | ${fmt(r.value)} ${r.unit} | ${budget(r)} | ${ratio(r)} |`);
  const names = [...new Set(rows.filter((r) => r.backend).map((r) => r.name))];
  const side = names.map((name) => {
    const of = run.backends.map((b) => rows.find((r) => r.name === name && r.backend === b));
    const first = of.find(Boolean)!;
    return `| ${name} | ${budget(first)} | ${of.map((r) => (r ? `${fmt(r.value)} ${r.unit} | ${ratio(r)}` : 'failed | —')).join(' | ')} |`;
  });
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts) from the run below; run it again to replace this file',
    '(`BENCH_REPORT=0` to print only; `BENCH_BACKENDS=sqlite` for one backend). A ratio is value / budget for',
    'a ceiling and budget / value for a floor: above 1 is over budget. The code measured is the compiled',
    'JavaScript (`tsc -p tsconfig.bench.json`, run with `node`), as the production image runs it.',
    '',
    `- run: ${run.started.toISOString()} (${((Date.now() - run.started.getTime()) / 60000).toFixed(1)} min)`,
    `- machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, load ${run.load.toFixed(2)} at the start`,
    `- node ${process.version}; database ${run.backends.map((b) => (b === 'MONGODB_URI' ? b : `FerretDB 1.24.2 on ${b} (embedded)`)).join(', ')}; Redis ${process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'}; the project's Feishu emulator`,
    '',
    '## Without a database',
    '',
    '| figure | value | budget | ratio |',
    '| --- | --- | --- | --- |',
    ...pure,
    '',
    '## On each database',
    '',
    `| figure | budget | ${run.backends.map((b) => `${b} | ratio`).join(' | ')} |`,
    `| --- | --- | ${run.backends.map(() => '--- | ---').join(' | ')} |`,
    ...side,
    '',
    '## What each step saw',
    '',
    ...lines.map((l) => `- ${l}`),
    '',
    ...(failures.length ? ['## Steps that failed', '', ...failures.map((f) => `- ${f}`), ''] : []),
  ].join('\n');
}
void main();
