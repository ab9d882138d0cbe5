import { connectDb } from '../src/adapters/db/connect';
import { commandTimes } from './command-times';
import { readPlanTemplate } from '../src/adapters/plan-file';
import { generateTargets } from '../src/demo/demo-pools';
import { writeTargetsXlsx } from '../src/demo/write-pool-files';
import { importPool } from '../src/services/import-pool';
import { seedPlan } from '../src/services/seed-plan';
import { targetCount } from '../src/services/target-registry';

/**
 * One benchmark step, run in its own process by bench/run.ts so its peak RSS is its own:
 *   make FILE ROWS       — write a ROWS-row target sheet (not timed)
 *   import FILE DB       — import it into the fresh database DB on MONGODB_URI (kept for `reimport`)
 *   reimport FILE DB     — import it again (every row unchanged), then drop DB
 * Each import prints a JSON result line.
 */
async function main(): Promise<void> {
  const [mode, file, arg] = process.argv.slice(2);
  const template = readPlanTemplate();
  if (mode === 'make') {
    const n = Number(arg);
    const per = Math.ceil(n / template.items.length);
    const counts = Object.fromEntries(template.items.map((i) => [i.code, per]));
    const targets = generateTargets({ seed: 'bench', counts }).slice(0, n);
    await writeTargetsXlsx(file!, targets, (code) => template.items.find((i) => i.code === code)!.targetType);
    return;
  }
  if (mode !== 'import' && mode !== 'reimport') throw new Error(`unknown mode ${mode}`);
  const db = await connectDb(process.env.MONGODB_URI!, arg!, { monitorCommands: true });
  const commands = commandTimes(db.conn);
  let keep = false;
  try {
    if (mode === 'import') await seedPlan(db.models, template, [2026], 'bench', new Date());
    commands.reset();
    const started = process.hrtime.bigint();
    const report = await importPool(db.models, 'targets', file!, {
      actor: 'bench',
      now: new Date(),
      limits: { maxBytes: 200 << 20, maxRows: 1_000_000 },
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (!report.written) throw new Error(`import refused: ${JSON.stringify(report.problems.slice(0, 3))}`);
    keep = mode === 'import';
    console.log(
      JSON.stringify({
        readSeconds: report.seconds.read,
        writeSeconds: report.seconds.write,
        rows: report.dataRows,
        created: report.created,
        unchanged: report.unchanged,
        stored: await targetCount(db.models),
        seconds,
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        commands: commands.top(5),
      }),
    );
  } finally {
    if (!keep) await db.conn.dropDatabase();
    await db.close();
  }
}
main().catch((err) => {
  console.error(err);
  process.exit(1);
});
