import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planTemplateSchema, type PlanTemplate } from './plan-template';

export const REFERENCE_PLAN_FILE = join(__dirname, '..', '..', 'data', 'plans', 'yanshi-2023.json');

/** Parses and validates a plan template; every problem is listed with its path. */
export function parsePlanTemplate(json: unknown, source = '计划模板'): PlanTemplate {
  const parsed = planTemplateSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  - ${i.path.join('.') || '(根)'}：${i.message}`);
    throw new Error(`${source} 无效：\n${lines.join('\n')}`);
  }
  return parsed.data;
}

export function readPlanTemplate(file = REFERENCE_PLAN_FILE): PlanTemplate {
  return parsePlanTemplate(JSON.parse(readFileSync(file, 'utf8')), file);
}
