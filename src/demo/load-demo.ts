import { join } from 'node:path';
import type { Models } from '../adapters/db/models';
import { readPlanTemplate } from '../adapters/plan-file';
import type { AnnualPlan } from '../domain/annual-plan';
import { shanghaiDate } from '../domain/calendar';
import type { PlanTemplate } from '../domain/plan-template';
import { importPool, type ImportReport } from '../services/import-pool';
import { seedPlan } from '../services/seed-plan';
import { demoPlanMobile, generateOfficers, generateTargets } from './demo-pools';
import { writeOfficersXlsx, writeTargetsXlsx } from './write-pool-files';

export interface DemoData {
  template: PlanTemplate;
  plan: AnnualPlan;
  targets: ImportReport;
  officers: ImportReport;
  files: { targets: string; officers: string };
}

/**
 * The demo's world: the reference plan for `year`, and deterministic demo pools written as xlsx into
 * `dir` and loaded through the real importer — what the demo runs on and what service tests start from.
 */
export async function loadDemoData(models: Models, dir: string, year: number, now: Date): Promise<DemoData> {
  // The reference plan names people without contacts; the demo gives them its demo Feishu accounts' mobiles.
  const reference = readPlanTemplate();
  const template = {
    ...reference,
    people: reference.people.map((p, i) => ({ ...p, mobile: demoPlanMobile(i) })),
  };
  const [plan] = await seedPlan(models, template, [year], 'system:demo', now);
  const items = await models.Item.find({}, { code: 1, targetType: 1 }).lean();
  const itemName = (code: string) => items.find((i) => i.code === code)?.targetType ?? code;
  const files = { targets: join(dir, '检查对象名录库.xlsx'), officers: join(dir, '执法检查人员名录库.xlsx') };
  await writeTargetsXlsx(files.targets, generateTargets({ seed: 'yanshi-demo', counts: {} }), itemName);
  await writeOfficersXlsx(
    files.officers,
    generateOfficers({ seed: 'yanshi-demo', today: shanghaiDate(now) }),
    itemName,
  );
  const targets = await importPool(models, 'targets', files.targets, { actor: 'system:demo', now });
  const officers = await importPool(models, 'officers', files.officers, { actor: 'system:demo', now });
  return { template, plan: plan!, targets, officers, files };
}
