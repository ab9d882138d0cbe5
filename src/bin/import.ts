import { parseArgs } from 'node:util';
import { DomainError } from '../domain/errors';
import { importPool, type ImportReport } from '../services/import-pool';
import { runCli } from './cli';

const USAGE = `用法：npm run import -- targets|officers 文件.xlsx|文件.csv [--item 事项]…
  targets   导入检查对象名录库（按统一社会信用代码新增或更新）
  officers  导入执法检查人员名录库（按执法证号新增或更新）
  --item    表中没有“抽查事项”列时，为每一行指定事项（可重复，如 --item 娱乐场所）`;

const MAX_SHOWN = 50;

function print(report: ImportReport): void {
  const what = report.kind === 'targets' ? '检查对象' : '执法检查人员';
  if (!report.written) {
    console.error(
      `未导入：${report.file} 有 ${report.problems.length} 处问题，整个文件未写入任何数据。请修改后重新导入：`,
    );
    for (const p of report.problems.slice(0, MAX_SHOWN))
      console.error(`  第 ${p.row} 行【${p.column}】${p.reason}`);
    if (report.problems.length > MAX_SHOWN)
      console.error(`  …… 另有 ${report.problems.length - MAX_SHOWN} 处问题未列出`);
    return;
  }
  console.log(
    `已导入${what}：${report.file}（表头在第 ${report.headerRow} 行，数据 ${report.dataRows} 行）：` +
      `新增 ${report.created}，更新 ${report.updated}，未变 ${report.unchanged}` +
      `（读取校验 ${report.seconds.read.toFixed(1)} 秒，写入 ${report.seconds.write.toFixed(1)} 秒）。`,
  );
  if (report.ignoredColumns.length) console.log(`未使用的列：${report.ignoredColumns.join('、')}`);
  // Footer rows skipped, formula cells taken by their saved results: said on the command line as in chat.
  for (const note of report.notes) console.log(note);
}

void runCli(async ({ db }) => {
  let args;
  try {
    args = parseArgs({ allowPositionals: true, options: { item: { type: 'string', multiple: true } } });
  } catch (err) {
    throw new DomainError('USAGE', `${(err as Error).message}\n${USAGE}`);
  }
  const [kind, file] = args.positionals;
  if ((kind !== 'targets' && kind !== 'officers') || !file || args.positionals.length > 2)
    throw new DomainError('USAGE', USAGE);
  const report = await importPool(db.models, kind, file, {
    actor: `import:${file}`,
    now: new Date(),
    defaultItems: args.values.item ?? [],
  });
  print(report);
  return report.written ? 0 : 2;
});
