import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScheduleConfig } from '../config/load-config';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { EXPORT_KINDS, exportChoices, exportXlsx, parseExportRequest } from '../services/exports';
import { runCli } from './cli';

/**
 * `npm run export -- <类型> [年份] [--out 文件或目录]`: the same xlsx files as `/导出` in chat, written to
 * the current directory (or `--out`) under their own names.
 */
void runCli(async ({ config, db }) => {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const out = outAt >= 0 ? args.splice(outAt, 2)[1] : undefined;
  const usage = `用法：npm run export -- <类型> [年份] [--out 文件或目录]；类型为 ${exportChoices().join('、')}`;
  if (outAt >= 0 && !out) throw new DomainError('USAGE', usage);
  const today = shanghaiDate(new Date());
  const { kind, year } = parseExportRequest(args, Number(today.slice(0, 4)), usage);
  const file = await exportXlsx(
    db.models,
    kind,
    year,
    today,
    loadScheduleConfig(config.SCHEDULE_FILE).evaluation,
  );
  const path = out ? (out.endsWith('.xlsx') ? out : join(out, file.name)) : file.name;
  writeFileSync(path, file.data);
  console.log(`已导出${EXPORT_KINDS[kind].label}（${year} 年，${file.rows} 行）：${path}`);
});
