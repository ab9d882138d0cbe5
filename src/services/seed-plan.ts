import type { Models } from '../adapters/db/models';
import { deriveAnnualPlan, type AnnualPlan } from '../domain/annual-plan';
import type { PlanTemplate } from '../domain/plan-template';
import { recordDecidedPlan } from './plans';

/**
 * Records a plan already decided (the demo's, a test's fixture) as the approved plan of each year:
 * units, the people it names, the items, each year's rounds, published. Safe to re-run and to run
 * from several replicas at once. People keep badge numbers and Feishu ids added later. A bureau's own
 * plans go through the office and the 组长 instead (services/plans.ts).
 */
export async function seedPlan(
  models: Models,
  template: PlanTemplate,
  years: number[],
  actor: string,
  now: Date,
): Promise<AnnualPlan[]> {
  const plans: AnnualPlan[] = [];
  for (const year of years)
    plans.push(deriveAnnualPlan(await recordDecidedPlan(models, template, year, actor, now), year));
  return plans;
}
