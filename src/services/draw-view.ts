import type { Models } from '../adapters/db/models';
import type { DrawCardView } from '../../cards/draw-card';
import { shanghaiDateTime } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { requireDraw, revealedFrom, selectionsOf, summaryOf, transitions } from './draw-store';
import { namesOf } from './names';

const SAMPLE = 10;

/** The planned draw-by date of the draw's round. */
const drawByOf = (
  plan: { items: { itemCode: string; rounds: { round: number; drawBy: string }[] }[] } | null,
  draw: { itemCode: string; round: number },
) =>
  plan?.items.find((i) => i.itemCode === draw.itemCode)?.rounds.find((r) => r.round === draw.round)?.drawBy ??
  '';

/** Everything the draw cards show, read from the stored attempt (secrets only once revealed, targets only once approved). */
export async function drawCardView(models: Models, drawNo: string): Promise<DrawCardView> {
  // The draw and its transitions are read once: its summary, what is revealed and the decision follow.
  const [stored, t] = await Promise.all([requireDraw(models, drawNo, true), transitions(models, drawNo)]);
  const draw = summaryOf(stored, t);
  const revealed = revealedFrom(stored, t);
  const decision = t.decide ?? null;
  const approved = draw.status === 'approved' || draw.status === 'dispatched';
  const [item, plan] = await Promise.all([
    models.Item.findOne({ code: draw.itemCode }).lean(),
    models.AnnualPlan.findOne({ year: draw.year }).lean(),
  ]);
  if (!item) throw new DomainError('NO_ITEM', `抽取 ${drawNo} 的事项已不在清单中`);
  const selections = approved ? (await selectionsOf(models, stored)).slice(0, SAMPLE) : [];
  const keys = [
    ...new Set([...selections.flatMap((s) => s.inspectorKeys), draw.proposedBy, decision?.actor ?? '']),
  ];
  const names = await namesOf(models, keys);
  const tasks = draw.status === 'dispatched' ? await models.Task.countDocuments({ drawNo }) : undefined;
  const inputs = stored.inputs as {
    excludeWithinDays: number;
    inspectorsPerTask: number;
    allowOtherUnits: boolean;
  };
  return {
    drawNo,
    itemName: item.name,
    basis: item.basis,
    year: draw.year,
    round: draw.round,
    rounds: plan?.items.find((i) => i.itemCode === draw.itemCode)?.rounds.length ?? item.frequencyPerYear,
    attempt: draw.attempt,
    unit: item.section.unit,
    leader: item.section.leader,
    proposer: names(draw.proposedBy),
    ratioText: item.ratioText,
    methods: item.methods,
    deadline: draw.deadline,
    algorithm: draw.algorithm,
    poolSize: draw.poolSize,
    count: draw.count,
    strata: draw.strata,
    notes: draw.notes,
    rule: {
      excludeWithinDays: inputs.excludeWithinDays,
      inspectorsPerTask: inputs.inspectorsPerTask,
      allowOtherUnits: inputs.allowOtherUnits,
    },
    hashes: { pool: draw.hashes.pool, officers: draw.hashes.officers },
    seedCommitment: draw.seedCommitment,
    commitment: draw.commitment,
    status: draw.status,
    failure: draw.failure,
    sample: selections.map((s) => ({ name: s.name, inspectors: s.inspectorKeys.map(names) })),
    ...(decision
      ? {
          decision: {
            by: names(decision.actor),
            at: shanghaiDateTime(new Date(decision.at)),
            ...(decision.reason ? { reason: decision.reason } : {}),
          },
        }
      : {}),
    ...(revealed.secret ? { secret: revealed.secret } : {}),
    ...(revealed.phrase ? { phrase: revealed.phrase } : {}),
    ...(revealed.seed ? { seed: revealed.seed } : {}),
    ...(tasks !== undefined ? { tasks } : {}),
    ...(draw.late ? { lateSince: drawByOf(plan, draw) } : {}),
  };
}
