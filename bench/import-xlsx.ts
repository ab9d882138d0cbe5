import { randomBytes } from 'node:crypto';
import { connectDb } from '../src/adapters/db/connect';
import { commandTimes } from './command-times';
import { readPlanTemplate } from '../src/adapters/plan-file';
import { generateTargets } from '../src/demo/demo-pools';
import { writeTargetsXlsx } from '../src/demo/write-pool-files';
import { importPool } from '../src/services/import-pool';
import { seedPlan } from '../src/services/seed-plan';
import { targetCount } from '../src/services/targets';

/**
 * One benchmark step, run in its own process by bench/run.ts so its peak RSS is its own:
 *   make FILE ROWS   — write a ROWS-row target sheet (not timed)
 *   import FILE      — import it into a fresh database on MONGODB_URI; prints a JSON result line
 */
async function main(): Promise<void> {
  const [mode, file, rows] = process.argv.slice(2);
  const template = readPlanTemplate();
  if (mode === 'make') {
    const n = Number(rows);
    const per = Math.ceil(n / template.items.length);
    const counts = Object.fromEntries(template.items.map((i) => [i.code, per]));
    const targets = generateTargets({ seed: 'bench', counts }).slice(0, n);
    await writeTargetsXlsx(file!, targets, (code) => template.items.find((i) => i.code === code)!.targetType);
    return;
  }
  const db = await connectDb(process.env.MONGODB_URI!, `bench_${randomBytes(4).toString('hex')}`, {
    monitorCommands: true,
  });
  const commands = commandTimes(db.conn);
  try {
    await seedPlan(db.models, template, [2026], 'bench', new Date());
    commands.reset();
    const started = process.hrtime.bigint();
    const report = await importPool(db.models, 'targets', file!, {
      actor: 'bench',
      now: new Date(),
      limits: { maxBytes: 200 << 20, maxRows: 1_000_000 },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (!report.written) throw new Error(`import refused: ${JSON.stringify(report.problems.slice(0, 3))}`);
    const importCommands = commands.top(5);
    const stored = await targetCount(db.models);
    console.log(
      JSON.stringify({
        readSeconds: report.seconds.read,
        writeSeconds: report.seconds.write,
        rows: report.dataRows,
        created: report.created,
        stored,
        seconds,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        commands: importCommands,
      }),
    );
  } finally {
    await db.conn.dropDatabase();
    await db.close();
  }
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
