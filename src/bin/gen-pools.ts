import { parseArgs } from 'node:util';
import { readPlanTemplate } from '../adapters/plan-file';
import { generateOfficers, generateTargets } from '../demo/demo-pools';
import { writeOfficersXlsx, writeTargetsXlsx } from '../demo/write-pool-files';

/** Writes deterministic demo pools as xlsx: `npm run gen-pools -- --targets N --out DIR [--seed S]`. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      targets: { type: 'string', default: '' },
      out: { type: 'string', default: '.' },
      seed: { type: 'string', default: 'yanshi-demo' },
    },
  });
  const items = readPlanTemplate().items;
  const itemName = (code: string) => items.find((i) => i.code === code)?.targetType ?? code;
  const total = Number(values.targets || 0);
  // Spread a requested total over the items in the reference proportions.
  const counts =
    total > 0 ? Object.fromEntries(items.map((i) => [i.code, Math.ceil(total / items.length)])) : {};
  const targets = generateTargets({ seed: values.seed, counts }).slice(0, total || undefined);
  await writeTargetsXlsx(`${values.out}/targets.xlsx`, targets, itemName);
  await writeOfficersXlsx(`${values.out}/officers.xlsx`, generateOfficers({ seed: values.seed }), itemName);
  console.log(
    `已生成 ${targets.length} 个检查对象和执法检查人员名录：${values.out}/targets.xlsx、${values.out}/officers.xlsx`,
  );
}
void main();
