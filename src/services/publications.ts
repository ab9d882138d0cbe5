import { claim, migrateOnce, receiptOf } from '../adapters/db/claim';
import { findTask } from './task-records';
import { asDuplicateError } from '../adapters/db/errors';
import type { Models } from '../adapters/db/models';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import {
  DEFAULT_PUBLICATION,
  publicPlan,
  publicResult,
  publicationDueBy,
  searchTextOf,
  type PublicationConfig,
} from '../domain/publication';
import { appendAudit } from './audit';
import { touchStamp } from '../adapters/db/stamps';
import type { PlanTemplate } from '../domain/plan-template';

/**
 * 一公开: the plan is published when it is loaded, a draw when it is dispatched (its seed is revealed
 * then), a result when its review is accepted it becomes due and is published by the unit within the
 * configured working days. Every write is one document keyed by `_id`, so each is atomic and repeatable.
 */

/**
 * The year's plan, published (again, with the same date, when the plan is re-loaded): the rounds of
 * its AnnualPlan, the columns of `template`'s items (the plan approved for that year).
 */
export async function publishPlan(
  models: Models,
  year: number,
  actor: string,
  now: Date,
  template: { items: PlanTemplate['items'] },
  /** Earlier approved versions of the year this plan amends (shown beside its 文号). */
  amends: { docNumber: string; effectiveOn: string }[] = [],
): Promise<void> {
  const plan = await models.AnnualPlan.findOne({ year }).lean();
  if (!plan) throw new DomainError('NO_PLAN', `没有 ${year} 年度计划`);
  const items = template.items;
  const content = publicPlan({
    year,
    bureau: plan.bureau,
    basedOn: plan.basedOn,
    amends,
    items: plan.items.flatMap((p) => {
      const i = items.find((x) => x.code === p.itemCode);
      return i
        ? [
            {
              seq: i.seq,
              name: i.name,
              basis: i.basis,
              inspectingBody: i.inspectingBody,
              category: i.category,
              targetType: i.targetType,
              ratioText: i.ratioText,
              frequencyText: i.frequencyText,
              methods: i.methods,
              unit: i.section.unit,
              rounds: p.rounds,
            },
          ]
        : [];
    }),
  });
  await publishNow(
    models,
    planId(year),
    { content },
    { kind: 'plan', year, subject: String(year) },
    actor,
    now,
  );
}

/**
 * Publishes by `_id` at once: `fields` (its content) written every time, `identity` and the publication
 * date only the first time, so a re-publication keeps its date. Writers at once (replicas seeding, an
 * attempt's steps) race on the insert: the loser's insert fails and its update then applies.
 */
export async function publishNow(
  models: Models,
  id: string,
  fields: Record<string, unknown>,
  identity: { kind: string; year: number; subject: string } & Record<string, unknown>,
  actor: string,
  now: Date,
): Promise<void> {
  const today = shanghaiDate(now);
  const update = {
    $set: { ...fields, updatedBy: actor },
    $setOnInsert: {
      ...identity,
      status: 'published',
      readyOn: today,
      publishedOn: today,
      publishedAt: now,
      publishedBy: actor,
      createdBy: actor,
    },
  };
  const write = () => models.Publication.updateOne({ _id: id }, update, { upsert: true });
  try {
    await write();
  } catch (err) {
    if (!asDuplicateError(err, 'publications')) throw err;
    await write();
  }
  await publicationsChanged(models, now);
}

/** The change stamp of what the public page shows (src/services/public-view.ts). */
export const PUBLIC_PAGE_STAMP = 'public-page';

/** Says a published publication was written: every such write calls it after writing. */
export const publicationsChanged = (models: Models, now: Date) => touchStamp(models, PUBLIC_PAGE_STAMP, now);

/**
 * A result whose review was accepted becomes due for 公示: pending, with its deadline, its public view
 * frozen from the accepted report. Nothing is published before the review (a returned report never is).
 */
export async function openResultPublication(
  models: Models,
  taskNo: string,
  actor: string,
  now: Date,
  config: PublicationConfig = DEFAULT_PUBLICATION,
): Promise<void> {
  const [task, report] = await Promise.all([
    findTask(models, taskNo),
    models.Report.findOne({ _id: taskNo }).lean(),
  ]);
  if (!task || !report || task.status !== 'accepted' || report.review?.status !== 'accepted')
    throw new DomainError('NOT_REVIEWED', `任务 ${taskNo} 的检查结果尚未审核通过，不能公示`);
  const [item, plan, people] = await Promise.all([
    models.Item.findOne({ code: task.itemCode }, { basis: 1 }).lean(),
    models.AnnualPlan.findOne({ year: task.year }, { bureau: 1 }).lean(),
    models.Person.find({ key: { $in: task.inspectorKeys } }, { key: 1, name: 1, badgeNo: 1 }).lean(),
  ]);
  const inspectors = task.inspectorKeys.map((k) => {
    const p = people.find((x) => x.key === k);
    return { name: p?.name ?? k.replace(/^\w+:/, ''), badgeNo: p?.badgeNo ?? null };
  });
  const content = publicResult(
    { task, report, item: { basis: item?.basis ?? '' }, authority: plan?.bureau ?? '', inspectors },
    config,
  );
  const readyOn = shanghaiDate(now);
  const pending = {
    itemCode: task.itemCode,
    itemName: task.itemName,
    unitName: task.unitName,
    subject: taskNo,
    readyOn,
    dueBy: publicationDueBy(readyOn, config),
    content,
  };
  try {
    await models.Publication.create({
      _id: resultId(taskNo),
      kind: 'result',
      year: task.year,
      status: 'pending',
      ...pending,
      searchText: searchTextOf([taskNo, task.targetName, task.targetCreditCode]),
      createdBy: actor,
      updatedBy: actor,
    });
  } catch (err) {
    if (!asDuplicateError(err, 'publications')) throw err;
    // Opened already: by this move's retry (then the list below may still lack it), or published since.
    const p = await models.Publication.findOne({ _id: resultId(taskNo) }, { status: 1 }).lean();
    if (p?.status !== 'pending') return;
  }
  await listPending(models, pending);
}

/** Puts a result waiting for 公示 on the list `/公示` and the schedule read (once: a repeat changes nothing). */
async function listPending(
  models: Models,
  p: {
    subject: string;
    itemCode?: string | null;
    itemName?: string | null;
    unitName?: string | null;
    readyOn: string;
    dueBy?: string | null;
    content: unknown;
  },
): Promise<void> {
  const content = p.content as { targetName: string; resultCategory: string };
  const entry = {
    itemCode: p.itemCode ?? '',
    itemName: p.itemName ?? '',
    unitName: p.unitName ?? '',
    targetName: content.targetName,
    resultCategory: content.resultCategory,
    readyOn: p.readyOn,
    dueBy: p.dueBy!,
  };
  await models.PendingResult.updateOne({ _id: p.subject }, { $setOnInsert: entry }, { upsert: true });
}

export interface PendingResult {
  taskNo: string;
  itemCode: string;
  itemName: string;
  unitName: string;
  targetName: string;
  resultCategory: string;
  readyOn: string;
  dueBy: string;
}

/** The publication of a task's result (one per task, keyed by `_id`). */
export const resultId = (taskNo: string) => `result-${taskNo}`;

/** The publication of a year's plan. */
export const planId = (year: number) => `plan-${year}`;

/** The publication of a draw, any attempt. */
export const drawId = (drawNo: string) => `draw-${drawNo}`;

/** A waived round's subject (`<year>-<item code>-<round>`), and its publication. */
export const waiverSubject = (year: number, itemCode: string, round: number) =>
  `${year}-${itemCode}-${round}`;
export const waiverId = (year: number, itemCode: string, round: number) =>
  `waiver-${waiverSubject(year, itemCode, round)}`;

/** The result publication of each task (null where there is none yet): whose unit it is, whether published, by when. */
export const resultPublications = (models: Models, taskNos: string[]) =>
  Promise.all(
    taskNos.map((n) =>
      models.Publication.findOne({ _id: resultId(n) }, { unitName: 1, status: 1, dueBy: 1 }).lean(),
    ),
  );

/** Results waiting for 公示, oldest deadline first; of one unit when given. Their own list, read whole. */
export async function pendingResults(models: Models, unitName?: string): Promise<PendingResult[]> {
  const rows = await models.PendingResult.find({}).lean();
  return rows
    .filter((r) => !unitName || r.unitName === unitName)
    .map(({ _id, ...r }) => ({ ...r, taskNo: _id }))
    .sort((a, b) => (a.dueBy === b.dueBy ? (a.taskNo < b.taskNo ? -1 : 1) : a.dueBy < b.dueBy ? -1 : 1));
}

/**
 * Publishes pending results, each once, audited. Returns the numbers published now; ones already published
 * (a second click, another person) are left as they were. Whoever claims a result's publication first is
 * its publisher: FerretDB writes a document whole as it read it, so a status filter is no compare-and-set,
 * and two people publishing at once were both told they had. Anyone finding the claim held finishes the
 * write as claimed (its publisher, its time), so a publication claimed by a process that stopped short is
 * not left pending.
 */
export async function publishResults(
  models: Models,
  taskNos: string[],
  actor: string,
  now: Date,
): Promise<string[]> {
  const done: string[] = [];
  let published = false;
  for (const taskNo of taskNos) {
    const id = resultId(taskNo);
    const current = await models.Publication.findOne({ _id: id }, { status: 1 }).lean();
    if (current?.status === 'pending') {
      const key = `publish:${id}`;
      const mine = { actor, at: now.toISOString() };
      const claimed = (await claim(models, key, 'publication', now, mine))
        ? mine
        : ((await receiptOf(models, key))?.result as typeof mine | null);
      if (claimed) {
        const at = new Date(claimed.at);
        await models.Publication.updateOne(
          { _id: id, status: 'pending' },
          {
            $set: {
              status: 'published',
              publishedOn: shanghaiDate(at),
              publishedAt: at,
              publishedBy: claimed.actor,
              updatedBy: claimed.actor,
            },
          },
        );
        // Published now: by this caller, or its own claim finished (a retry of a publication cut short).
        if (claimed.actor === actor) done.push(taskNo);
      }
    } else if (current?.status !== 'published') continue;
    // Audited after the fact, and again harmlessly (keyed) should a crash have come in between.
    const p = await models.Publication.findOne(
      { _id: id },
      { status: 1, publishedOn: 1, publishedAt: 1, publishedBy: 1 },
    ).lean();
    if (p?.status === 'published') {
      published = true;
      await models.PendingResult.deleteOne({ _id: taskNo });
      await appendAudit(
        models,
        {
          actor: p.publishedBy!,
          action: 'publication.published',
          subject: taskNo,
          details: { kind: 'result', publishedOn: p.publishedOn },
          key: `publication:${id}`,
        },
        p.publishedAt ?? now,
      );
    }
  }
  // Also when a retry finds them published already: the try before may have stopped short of this.
  if (published) await publicationsChanged(models, now);
  return done;
}

const LISTED = 'migration:pending-results';

/** Lists the results a database written before `pending_results` has waiting for 公示: once (a receipt says so). */
export async function migratePendingResults(models: Models, now = new Date()): Promise<number> {
  const done = await migrateOnce(models, LISTED, now, async () => {
    const rows = await models.Publication.find({ kind: 'result', status: 'pending' }).lean();
    for (const r of rows) await listPending(models, r);
    return { results: rows.length };
  });
  return done?.results ?? 0;
}
