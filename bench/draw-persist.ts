import { randomBytes } from 'node:crypto';
import { connectDb } from '../src/adapters/db/connect';
import { commandTimes } from './command-times';
import { readPlanTemplate } from '../src/adapters/plan-file';
import { decideApproval, finishApproval, proposeDraw, submitDraw } from '../src/services/draws';
import { seedPlan } from '../src/services/seed-plan';
import { currentPool } from '../src/services/pool-snapshots';
import { insertPool } from './pool';
import { monthlySummary } from '../src/services/monthly-summary';
import { cachedPublicView } from '../src/services/public-view';
import { evaluateYear } from '../src/services/evaluation';

/**
 * One benchmark step in its own process: a stored draw of N targets with 500 officers (旅馆业 at a
 * 10–50 % range, stratified, as bench/draw.ts) on MONGODB_URI — the pool's snapshot built (what the
 * first proposal after a change to the pool pays), then propose (the snapshot's chunks read, inputs
 * checked and hashed, officers written), approve (the decision, as the 批准 click makes it) and the
 * `dispatch` job's work (the selection, the tasks written); then the month's summary and the year's 考评,
 * each over every one of those tasks. The pools are inserted directly (not timed).
 */
async function main(): Promise<void> {
  const n = Number(process.argv[2]);
  const db = await connectDb(process.env.MONGODB_URI!, `bench_${randomBytes(4).toString('hex')}`, {
    monitorCommands: true,
  });
  const { models } = db;
  const commands = commandTimes(db.conn);
  const now = new Date('2026-11-26T02:00:00Z');
  try {
    await seedPlan(models, readPlanTemplate(), [2026], 'bench', now);
    await models.Item.updateOne(
      { code: 'hotels' },
      { $set: { ratio: { kind: 'range', minPercent: 10, maxPercent: 50 } } },
    );
    await insertPool(models, 'hotels', n);
    await models.Person.collection.insertMany(
      Array.from({ length: 500 }, (_, i) => ({
        key: `badge:${41038010000 + i}`,
        name: `民警${i}`,
        badgeNo: String(41038010000 + i),
        unitName: '治安大队',
        roles: ['inspector'],
        areas: [],
        conflicts: [],
        active: true,
      })),
    );

    const tb = process.hrtime.bigint();
    await currentPool(models, 'hotels');
    commands.reset();
    const t0 = process.hrtime.bigint();
    const proposed = await proposeDraw(models, {
      year: 2026,
      itemCode: 'hotels',
      round: 1,
      actor: 'bench',
      now,
    });
    if (!proposed.ok) throw new Error(proposed.reason);
    const t1 = process.hrtime.bigint();
    const proposeCommands = commands.top(5);
    commands.reset();
    await submitDraw(models, proposed.draw.drawNo, 'bench', now);
    // As production: the 批准 click decides, the `dispatch` job makes the selection and the tasks.
    await decideApproval(models, proposed.draw.drawNo, 'bench', now, `随机码-${proposed.draw.drawNo}`);
    const t2 = process.hrtime.bigint();
    const out = await finishApproval(models, proposed.draw.drawNo, now);
    if (!out) throw new Error('the approved draw was not dispatched');
    const t3 = process.hrtime.bigint();
    const approveToTasks = commands.top(5);
    // The month's summary and the year's 考评 over those tasks, read through the period's marks by `_id`.
    const summary = await monthlySummary(models, '2026-11', '2026-12-01');
    const t4 = process.hrtime.bigint();
    const evaluation = await evaluateYear(models, 2026, '2026-12-01');
    const t5 = process.hrtime.bigint();
    const assigned = evaluation.units.reduce((n, u) => n + u.assigned, 0);
    if (summary.details.length !== out.tasks || assigned !== out.tasks)
      throw new Error(`summary ${summary.details.length}, 考评 ${assigned} tasks of ${out.tasks}`);
    // The public page: the first visit after the draw's publication reads the year; the next, the stamp.
    const publicView = cachedPublicView(models);
    const q = { year: 2026, query: '', page: 1, pageSize: 100, targetsPerDraw: 300 };
    const first = await publicView(q);
    const t6 = process.hrtime.bigint();
    const visits = 20;
    for (let i = 0; i < visits; i++) await publicView({ ...q, query: `旅馆${i}` });
    const t7 = process.hrtime.bigint();
    const shown = first.draws.find((d) => d.content.drawNo === proposed.draw.drawNo);
    if (shown?.content.targets.length !== out.tasks)
      throw new Error(
        `the public page shows ${shown?.content.targets.length ?? 'no'} targets of ${out.tasks}`,
      );
    const ms = (a: bigint, b: bigint) => Number(b - a) / 1e6;
    console.log(
      JSON.stringify({
        n,
        tasks: out.tasks,
        snapshotBuildMs: ms(tb, t0),
        proposeMs: ms(t0, t1),
        approveMs: ms(t1, t2),
        dispatchMs: ms(t2, t3),
        totalMs: ms(t0, t3),
        peakRssMb: process.resourceUsage().maxRSS / 1024,
        summaryMs: ms(t3, t4),
        evaluationMs: ms(t4, t5),
        publicFirstMs: ms(t5, t6),
        publicVisitMs: ms(t6, t7) / visits,
        commands: { propose: proposeCommands, approveToTasks },
      }),
    );
  } finally {
    await db.conn.dropDatabase();
    await db.close();
  }
}
void main();
