import { readPlanTemplate } from '../adapters/plan-file';
import { seedPlan } from '../services/seed-plan';
import { runCli } from './cli';
import { shanghaiDate } from '../domain/calendar';

/** Loads the reference plan into the database (this year and next); safe to re-run. */
void runCli(async ({ db }) => {
  const year = Number(shanghaiDate(new Date()).slice(0, 4));
  const plans = await seedPlan(db.models, readPlanTemplate(), [year, year + 1], 'system:seed', new Date());
  console.log(`已载入计划：${plans.map((p) => `${p.year} 年 ${p.items.length} 个事项`).join('，')}`);
});
