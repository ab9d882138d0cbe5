import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/paths';
import { parsePlanTemplate, type PlanTemplate } from '../domain/plan-template';

/** The reference plan: 偃公通〔2023〕40号, transcribed exactly. */
export const REFERENCE_PLAN_FILE = join(PROJECT_ROOT, 'data', 'plans', 'yanshi-2023.json');

/** Reads and validates a plan template file (the reference plan by default). */
export function readPlanTemplate(file = REFERENCE_PLAN_FILE): PlanTemplate {
  return parsePlanTemplate(JSON.parse(readFileSync(file, 'utf8')), file);
}
