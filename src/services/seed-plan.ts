import type { Models } from '../adapters/db/models';
import { upsertOne } from '../adapters/db/upsert';
import { deriveAnnualPlan, type AnnualPlan } from '../domain/annual-plan';
import type { PlanTemplate } from '../domain/plan-template';
import { payloadDigest } from '../domain/audit-chain';
import { publishPlan } from './publications';
import { appendAudit } from './audit';

/**
 * Loads a plan template (the reference: data/plans/yanshi-2023.json) into the database: units,
 * the people it names, the item list, and the derived plan of each requested year. Safe to re-run
 * and to run from several replicas at once. People keep badge numbers and Feishu ids added later.
 */
export async function seedPlan(
  models: Models,
  template: PlanTemplate,
  years: number[],
  actor: string,
  now: Date,
): Promise<AnnualPlan[]> {
  for (const unit of template.units)
    await upsertOne(models.Unit, { name: unit.name }, { kind: unit.kind }, actor);
  for (const p of template.people) {
    const existing = await models.Person.findOne({ name: p.name, unitName: p.unit }).lean();
    if (existing) {
      const roles = [...new Set([...existing.roles, ...p.roles])];
      await models.Person.updateOne(
        { _id: existing._id },
        { $set: { roles, title: p.title || existing.title, updatedBy: actor } },
      );
    } else {
      await upsertOne(
        models.Person,
        { key: `name:${p.name}` },
        { name: p.name, unitName: p.unit, title: p.title, roles: p.roles },
        actor,
      );
    }
  }
  for (const item of template.items)
    await upsertOne(models.Item, { code: item.code }, { ...item, active: true }, actor);
  const plans = years.map((year) => deriveAnnualPlan(template, year));
  const digest = payloadDigest(template);
  for (const plan of plans) {
    await upsertOne(models.AnnualPlan, { year: plan.year }, { ...plan }, actor);
    // 一公开: the plan as the public sees it (the list's columns, the rounds' dates; no people).
    await publishPlan(models, plan.year, actor, now);
    // One entry per year and template content: re-seeding the same plan (every demo start) logs nothing new.
    await appendAudit(
      models,
      {
        actor,
        action: 'plan.loaded',
        subject: `plan:${plan.year}`,
        details: { year: plan.year, basedOn: plan.basedOn, items: plan.items.length, templateDigest: digest },
        key: `plan:${plan.year}:${digest}`,
      },
      now,
    );
  }
  return plans;
}
