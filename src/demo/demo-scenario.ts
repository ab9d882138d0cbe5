import { createHash } from 'node:crypto';
import { findTask } from '../services/task-records';
import type { Models } from '../adapters/db/models';
import type { PlannedRound } from '../domain/annual-plan';
import type { IsoDate } from '../domain/calendar';
import { stepDay } from '../domain/schedule';
import { approveDraw, dispatchDraw, proposeDraw, submitDraw } from '../services/draws';
import { publishPlan, publishResults } from '../services/publications';
import { fileReport, reviewReport } from '../services/reports';
import { storeEvidence } from '../services/evidence-attach';
import { inspectionRecordPdf } from './demo-evidence';
import { loadDemoData, type DemoData } from './load-demo';

/**
 * Where the demo's year stands on its start day, in working days from it (negative: before). The
 * reference plan's fixed dates (rounds due 12-30) would make the first screen a wall of overdue
 * escalations on most days; the demo lays its year around the day it starts instead.
 */
export const SCENARIO = {
  /** Ready to draw: the draw prompt is due today, the draw-by date a few working days ahead. */
  ready: { itemCode: 'entertainment', drawBy: 4, deadline: 30 },
  /** Drawn and dispatched; tasks due in a few working days, some reports filed (awaiting review). */
  inProgress: { itemCode: 'hotels', drawnOn: -12, drawBy: -10, deadline: 3, reportedOn: -2 },
  /** Done: every report accepted; some results published, the others due for 公示 in a few days. */
  done: {
    itemCode: 'civil-explosives',
    drawnOn: -30,
    drawBy: -28,
    deadline: -6,
    reportedOn: -17,
    acceptedOn: -15,
    publishedOn: -5,
  },
  /** The other rounds: later in the year (draw-by, deadline). */
  later: [
    { itemCode: 'precursor-chemicals', round: 1, drawBy: 15, deadline: 35 },
    { itemCode: 'seal-engraving', round: 1, drawBy: 25, deadline: 45 },
    { itemCode: 'scrap-metal', round: 1, drawBy: 35, deadline: 55 },
    { itemCode: 'civil-explosives', round: 2, drawBy: 60, deadline: 80 },
  ],
  /** The pools and the plan were loaded this long before the start day. */
  loadedOn: -32,
} as const;

const RESPONSIBLE = 'name:彭世杰';
const LEADER = 'name:赵晓辉';
const ACTOR = 'system:demo';

export interface DemoScenario extends DemoData {
  /** The start day, and the plan's year (the start day's). */
  today: IsoDate;
  year: number;
  /** Draw numbers of the drawn rounds. */
  draws: { inProgress: string; done: string };
}

/**
 * The demo's world laid around `today` (a Beijing date): the reference plan's items and people and the
 * demo pools as `loadDemoData` loads them, but the year's rounds dated relative to `today` and the year
 * already under way — one round ready to draw, one round's tasks due in a few working days with some
 * reports filed, one round done with results due for 公示 — each step through the real services, on
 * its own day, in order (the audit log reads as a year that happened). Expects a database without
 * draws (a fresh one). Only `npm run demo` uses it; tests on fixed dates use `loadDemoData`.
 */
export async function loadDemoScenario(models: Models, dir: string, today: IsoDate): Promise<DemoScenario> {
  const year = Number(today.slice(0, 4));
  const day = (n: number) => stepDay(today, n);
  const at = (n: number) => new Date(`${day(n)}T10:00:00+08:00`);
  const loaded = await loadDemoData(models, dir, year, at(SCENARIO.loadedOn));

  // The plan's rounds, dated around today.
  const rounds = new Map<string, PlannedRound[]>();
  const set = (itemCode: string, round: number, drawBy: number, deadline: number) =>
    rounds.set(itemCode, [
      ...(rounds.get(itemCode) ?? []).filter((r) => r.round !== round),
      { round, drawBy: day(drawBy), deadline: day(deadline) },
    ]);
  const { ready, inProgress, done } = SCENARIO;
  set(ready.itemCode, 1, ready.drawBy, ready.deadline);
  set(inProgress.itemCode, 1, inProgress.drawBy, inProgress.deadline);
  set(done.itemCode, 1, done.drawBy, done.deadline);
  for (const r of SCENARIO.later) set(r.itemCode, r.round, r.drawBy, r.deadline);
  const plan = {
    ...loaded.plan,
    items: loaded.plan.items.map((i) => ({
      ...i,
      rounds: i.rounds.map((r) => rounds.get(i.itemCode)?.find((x) => x.round === r.round) ?? r),
    })),
  };
  await models.AnnualPlan.updateOne({ year }, { $set: { items: plan.items, updatedBy: ACTOR } });
  await publishPlan(models, year, ACTOR, at(SCENARIO.loadedOn), loaded.template);

  const random = seededBytes(`demo-scenario-${today}`);
  const methods = new Map(
    (await models.Item.find({}, { code: 1, methods: 1 }).lean()).map((i) => [i.code, i.methods] as const),
  );
  const drawRound = async (itemCode: string, n: number): Promise<string> => {
    const now = at(n);
    const out = await proposeDraw(models, {
      year,
      itemCode,
      round: 1,
      actor: RESPONSIBLE,
      now,
      randomBytes: random,
      idempotencyKey: `demo-scenario-${itemCode}`,
    });
    if (!out.ok) throw new Error(`演示场景：抽取「${itemCode}」失败：${out.reason}`);
    const { drawNo } = out.draw;
    await submitDraw(models, drawNo, RESPONSIBLE, now);
    await approveDraw(models, drawNo, LEADER, now, `演示审批随机码 ${today} ${itemCode}`);
    await dispatchDraw(models, drawNo, LEADER, now);
    return drawNo;
  };
  const report = async (taskNo: string, n: number, i: number) => {
    const task = (await findTask(models, taskNo, { inspectorKeys: 1 }))!;
    // The signed 检查记录表 as the inspector sent it (no picture: the scenario does not reach the platform).
    const stored = await storeEvidence(models, {
      taskNo,
      id: `ev-demo-${taskNo}`,
      fileName: '检查记录表（签字）.pdf',
      data: inspectionRecordPdf(taskNo, day(n)),
      by: task.inspectorKeys[0]!,
      at: at(n),
    });
    if ('refused' in stored) throw new Error(`演示场景：现场材料未保存：${stored.refused}`);
    await fileReport(
      models,
      taskNo,
      task.inspectorKeys[0]!,
      {
        inspectedOn: day(n),
        method: methods.get(task.itemCode)?.[0] ?? '现场检查',
        ...(i % 3 === 2
          ? {
              result: '发现问题已责令改正',
              findings: '从业人员登记不全',
              followUp: '责令改正',
              rectification: '已当场补登记',
            }
          : { result: '未发现问题', findings: '', followUp: '无需后续处置', rectification: '' }),
      } as never,
      at(n),
    );
  };
  const tasksOf = async (drawNo: string) =>
    (await models.Task.find({ drawNo }, { taskNo: 1 }).sort({ taskNo: 1 }).lean()).map((t) => t.taskNo);

  // Done: drawn, every report filed and accepted, the earlier half of the results published.
  const doneDraw = await drawRound(done.itemCode, done.drawnOn);
  const doneTasks = await tasksOf(doneDraw);
  for (const [i, t] of doneTasks.entries()) await report(t, done.reportedOn, i);
  for (const t of doneTasks) await reviewReport(models, t, RESPONSIBLE, 'accept', '', at(done.acceptedOn));
  await publishResults(
    models,
    doneTasks.slice(0, Math.floor(doneTasks.length / 2)),
    RESPONSIBLE,
    at(done.publishedOn),
  );

  // In progress: drawn, dispatched, about a third of the reports filed (awaiting 彭世杰's review).
  const progressDraw = await drawRound(inProgress.itemCode, inProgress.drawnOn);
  const progressTasks = await tasksOf(progressDraw);
  for (const [i, t] of progressTasks.entries()) if (i % 3 === 0) await report(t, inProgress.reportedOn, i);

  return { ...loaded, plan, today, year, draws: { inProgress: progressDraw, done: doneDraw } };
}

/** Reproducible randomness for the scenario's draws (SHA-256 in counter mode): the same day, the same draws. */
function seededBytes(seed: string): (size: number) => Buffer {
  let counter = 0;
  return (size) => {
    const out: Buffer[] = [];
    for (let n = 0; n < size; n += 32) out.push(createHash('sha256').update(`${seed}:${counter++}`).digest());
    return Buffer.concat(out).subarray(0, size);
  };
}
