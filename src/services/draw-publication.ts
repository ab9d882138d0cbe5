import type { Models } from '../adapters/db/models';
import { exclusively } from '../adapters/db/claim';
import { DomainError } from '../domain/errors';
import { shanghaiDate } from '../domain/calendar';
import { reassignProblem, type ReassignInputs, type ReassignRecord } from '../domain/draw/reassign';
import { packPublicDraw, publicDraw, type PublicReassignment } from '../domain/publication-draw';
import { requireDraw, revealedFrom, summaryOf, transitions } from './draw-store';
import { selectionsOf } from './draw-parts';
import { namesOf } from './names';
import { drawId, publishNow } from './publications';

/**
 * 一公开 of every attempt: the publication `draw-<drawNo>` is written when the attempt is proposed and
 * rewritten at each step (submitted, decided, dispatched) from the stored draw — its commitments at
 * once, its secret when it ends, its targets once dispatched. One document per attempt, keyed by
 * `_id`: each write is atomic and repeatable.
 */
export function publishAttempt(models: Models, drawNo: string, actor: string, now: Date): Promise<void> {
  // One writer at a time, each from the state as it then is: the publication is rebuilt whole from the
  // draw and its 改派, and k proposals of one draw's 改派 run at once (one job each); a writer that read
  // before another's change must not write last.
  return exclusively(
    models,
    `publication:${drawId(drawNo)}`,
    () => writeAttempt(models, drawNo, actor, now),
    () => new DomainError('BUSY', `抽取 ${drawNo} 的公示正在更新，请稍后再试`),
  );
}

async function writeAttempt(models: Models, drawNo: string, actor: string, now: Date): Promise<void> {
  // The draw and its transitions are read once; what is shown and what is revealed both follow from them.
  const [draw, t] = await Promise.all([requireDraw(models, drawNo, true), transitions(models, drawNo)]);
  const { status, decide } = t;
  const summary = summaryOf(draw, t);
  const revealed = revealedFrom(draw, t);
  const targets =
    status === 'dispatched'
      ? (await selectionsOf(models, draw)).map((s) => ({ name: s.name, creditCode: s.creditCode }))
      : [];
  // Looked for only once one exists: a filter on drawNo is a scan on FerretDB (small, but not per click).
  const replaced = draw.reassigned
    ? await models.Reassignment.find({ drawNo }).select('+secret').sort({ _id: 1 }).lean()
    : [];
  const names = await namesOf(models, [
    draw.proposedBy,
    decide?.actor ?? '',
    ...replaced.map((r) => r.decidedBy ?? ''),
  ]);
  const content = publicDraw({
    drawNo,
    year: draw.year,
    itemName: draw.itemName,
    round: draw.round,
    attempt: draw.attempt,
    status,
    proposedBy: names(draw.proposedBy),
    drawnOn: (draw.inputs as { drawDate: string }).drawDate,
    late: summary.late,
    unit: (draw.inputs as { unit: string }).unit,
    poolSize: draw.poolSize,
    count: summary.count,
    algorithmVersion: draw.algorithmVersion,
    seedCommitment: draw.seedCommitment,
    commitment: summary.commitment,
    hashes: summary.hashes,
    notes: summary.notes,
    decision: decide
      ? {
          status: decide.to,
          by: names(decide.actor),
          on: shanghaiDate(new Date(decide.at)),
          reason: decide.reason ?? '',
        }
      : null,
    secret: revealed.secret,
    phrase: revealed.phrase,
    seed: revealed.seed,
    targets,
    reassignments: replaced.map((r) => ({
      taskNo: r.taskNo,
      targetName: r.targetName,
      names: r.names as Record<string, string>,
      inputs: r.inputs as PublicReassignment['inputs'],
      secretCommitment: r.secretCommitment,
      commitment: r.commitment,
      secret: r.secret,
      phrase: r.phrase ?? null,
      seed: r.seed ?? null,
      picked: r.picked ?? null,
      decidedBy: r.decidedBy ? names(r.decidedBy) : null,
      decidedOn: r.decidedAt ? shanghaiDate(r.decidedAt) : null,
    })),
  });
  await publishNow(
    models,
    drawId(drawNo),
    // No search text: the public page matches a draw on its content (its targets are there already).
    { content: packPublicDraw(content) },
    {
      kind: 'draw',
      year: draw.year,
      subject: drawNo,
      itemCode: draw.itemCode,
      itemName: draw.itemName,
      unitName: (draw.inputs as { unit: string }).unit,
    },
    actor,
    now,
  );
}

/**
 * The draw's decided 改派 as its publication shows them, each in the shape its check takes
 * (`reassignProblem`): what `/验证` re-checks and what the draw's record carries for `npm run verify-draw`.
 */
export async function publishedReassignments(
  models: Models,
  drawNo: string,
): Promise<(ReassignRecord & { taskNo: string; names: Record<string, string> })[]> {
  const p = await models.Publication.findOne({ _id: drawId(drawNo) }, { content: 1 }).lean();
  const list = ((p?.content ?? {}) as { reassignments?: PublicReassignment[] }).reassignments ?? [];
  return list.flatMap((r) =>
    r.picked && r.secret && r.phrase && r.seed
      ? [
          {
            taskNo: r.taskNo,
            names: r.names,
            inputs: r.inputs as ReassignInputs,
            secretCommitment: r.secretCommitment,
            commitment: r.commitment,
            secret: r.secret,
            phrase: r.phrase,
            seed: r.seed,
            picked: r.picked,
          },
        ]
      : [],
  );
}

/**
 * The decided reassignments of a draw as the public page shows them, each re-checked from those values
 * alone (`reassignProblem`): what `/验证` reports beside the draw's own verdict.
 */
export async function checkedReassignments(models: Models, drawNo: string) {
  return (await publishedReassignments(models, drawNo)).map(({ names, ...r }) => ({
    taskNo: r.taskNo,
    replaced: names[r.inputs.replaced] ?? r.inputs.replaced,
    picked: names[r.picked] ?? r.picked,
    problem: reassignProblem(r),
  }));
}
