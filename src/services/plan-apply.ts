import { deriveAnnualPlan } from '../domain/annual-plan';
import type { Models } from '../adapters/db/models';
import { asPeopleWriter } from './people-writes';
import { upsertOne } from '../adapters/db/upsert';
import { shanghaiDate } from '../domain/calendar';
import { type PlanTemplate } from '../domain/plan-template';
import { appendAudit } from './audit';
import { publishPlan } from './publications';
import { PlanVersion, asYearsPlanWriter, requireVersion, templateOf, versionsOf } from './plan-store';
import { openTasks } from './open-tasks';

export const NOTHING: Handover = { reviews: [], approvals: [] };

/** The year's rounds, published (一公开) with the plan's 文号 and the versions it amends. */
export async function writeYear(models: Models, t: PlanTemplate, year: number, actor: string, now: Date) {
  await upsertOne(models.AnnualPlan, { year }, { ...deriveAnnualPlan(t, year) }, actor);
  const amends = (await versionsOf(models, year))
    .filter(
      (v) => v.status === 'superseded' && v.decidedAt && v.docNumber && v.docNumber !== t.document.number,
    )
    .map((v) => ({ docNumber: v.docNumber, effectiveOn: v.effectiveOn ?? '' }));
  await publishPlan(models, year, actor, now, t, amends);
}

/**
 * Writes the units, people and item responsibilities of every approved version whose day has come
 * and that is not yet applied, oldest effective day first. Returns the versions applied and the open
 * reviews (reports awaiting review) of items whose 责任人 or 责任单位 changed: their review cards go to
 * the new holder (the caller enqueues them). Repeatable.
 */
export async function applyDuePlans(
  models: Models,
  now: Date,
  actor = 'system:plan',
): Promise<{ applied: string[] } & Handover> {
  const today = shanghaiDate(now);
  const due = (await models.PlanVersion.find({ status: 'approved', appliedAt: null }).lean<PlanVersion[]>())
    .filter((v) => v.effectiveOn != null && v.effectiveOn <= today)
    .sort((a, b) => a.effectiveOn!.localeCompare(b.effectiveOn!) || a.year - b.year);
  const handedOver = new Set<string>();
  const newLeader = new Set<string>();
  const applyVersion = async (v: PlanVersion) => {
    const t = templateOf(v);
    const before = new Map(
      (
        await models.Item.find({ code: { $in: t.items.map((i) => i.code) } }, { code: 1, section: 1 }).lean()
      ).map((i) => [i.code, i.section] as const),
    );
    for (const i of t.items) {
      const was = before.get(i.code);
      if (was && (was.responsiblePerson !== i.section.responsiblePerson || was.unit !== i.section.unit))
        handedOver.add(i.code);
      if (was && was.leader !== i.section.leader) newLeader.add(i.code);
    }
    await applyTemplate(models, t, actor);
    await models.PlanVersion.updateOne({ _id: v._id }, { $set: { appliedAt: now, updatedBy: actor } });
    await appendAudit(
      models,
      {
        actor,
        action: 'plan.applied',
        subject: `plan:${v._id}`,
        details: { year: v.year, version: v.version, docNumber: v.docNumber, effectiveOn: v.effectiveOn },
        key: `plan.applied:${v._id}`,
      },
      now,
    );
  };
  for (const listed of due)
    // As the version is now, alone: one superseded meanwhile (a newer one approved) is not applied.
    await asYearsPlanWriter(models, listed.year, async () => {
      const v = await requireVersion(models, listed._id);
      if (v.status === 'approved' && !v.appliedAt) await applyVersion(v);
    });
  const reviews = handedOver.size
    ? (await openTasks(models))
        .filter((t) => t.status === 'reported' && handedOver.has(t.itemCode))
        .map((t) => t.taskNo)
    : [];
  const approvals = newLeader.size
    ? (
        await models.Draw.find(
          { itemCode: { $in: [...newLeader] }, status: 'submitted' },
          { drawNo: 1 },
        ).lean()
      ).map((d) => d.drawNo)
    : [];
  return { applied: due.map((v) => v._id), reviews, approvals };
}

/** What changes hands when a plan takes effect: reports awaiting review, draws awaiting approval. */
export interface Handover {
  /** Tasks whose report awaits review, of items with a new 责任人 (or 责任单位). */
  reviews: string[];
  /** Draws awaiting approval, of items with a new 责任局领导. */
  approvals: string[];
}

/** Units, the people the plan names (keeping badge numbers and links added later), and its items. */
export async function applyTemplate(models: Models, t: PlanTemplate, actor: string): Promise<void> {
  for (const unit of t.units) await upsertOne(models.Unit, { name: unit.name }, { kind: unit.kind }, actor);
  await asPeopleWriter(models, async () => {
    for (const p of t.people) await writePerson(models, p, actor);
  });
  for (const item of t.items)
    // A plan without the 现场材料 column requires none: last year's requirement is not kept by silence.
    await upsertOne(
      models.Item,
      { code: item.code },
      { ...item, evidenceRequired: item.evidenceRequired ?? false, active: true },
      actor,
    );
}

export async function writePerson(models: Models, p: PlanTemplate['people'][number], actor: string) {
  const contacts = {
    ...(p.mobile && { mobile: p.mobile }),
    ...(p.email && { email: p.email }),
    ...(p.openId && { feishuOpenId: p.openId }),
  };
  const existing = await models.Person.findOne({ name: p.name, unitName: p.unit }).lean();
  if (existing) {
    const roles = [...new Set([...existing.roles, ...p.roles])];
    await models.Person.updateOne(
      { _id: existing._id },
      { $set: { roles, title: p.title || existing.title, ...contacts, updatedBy: actor } },
    );
  } else {
    await upsertOne(
      models.Person,
      { key: `name:${p.name}` },
      { name: p.name, unitName: p.unit, title: p.title, roles: p.roles, ...contacts },
      actor,
    );
  }
}
