import type { Models } from '../adapters/db/models';
import type { DrawCardView } from '../../cards/draw-card';
import { shanghaiDateTime } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { drawDecision, drawSelections, findDraw, revealedSeed } from './draws';
import { namesOf } from './names';

const SAMPLE = 10;

/** Everything the draw cards show, read from the stored draw (the seed only once it is public). */
export async function drawCardView(models: Models, drawNo: string): Promise<DrawCardView> {
  const draw = await findDraw(models, drawNo);
  if (!draw) throw new DomainError('NO_DRAW', `没有编号为 ${drawNo} 的抽取`);
  const [item, plan, all, seed, decision] = await Promise.all([
    models.Item.findOne({ code: draw.itemCode }).lean(),
    models.AnnualPlan.findOne({ year: draw.year }).lean(),
    drawSelections(models, drawNo),
    revealedSeed(models, drawNo),
    drawDecision(models, drawNo),
  ]);
  if (!item) throw new DomainError('NO_ITEM', `抽取 ${drawNo} 的事项已不在清单中`);
  const selections = all.slice(0, SAMPLE);
  const keys = [
    ...new Set([...selections.flatMap((s) => s.inspectorKeys), draw.proposedBy, decision?.actor ?? '']),
  ];
  const names = await namesOf(models, keys);
  const tasks = draw.status === 'dispatched' ? await models.Task.countDocuments({ drawNo }) : undefined;
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
    poolSize: draw.poolSize,
    count: draw.count,
    strata: draw.strata,
    notes: draw.notes,
    seedCommitment: draw.seedCommitment,
    status: draw.status,
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
    ...(seed ? { seed } : {}),
    ...(tasks !== undefined ? { tasks } : {}),
  };
}
