import { writeFileSync } from 'node:fs';
import { parseDrawNumber } from '../domain/draw/policy';
import { DomainError } from '../domain/errors';
import { drawRecord } from '../services/draws';
import { runCli } from './cli';

/**
 * `npm run draw-record -- CC2026-04-R1-01 [FILE]`: writes a draw's published record (stdout without FILE),
 * the input of `npm run verify-draw`. The seed is in it once the draw is dispatched, rejected or cancelled.
 */
void runCli(async ({ db }) => {
  const [text, file] = process.argv.slice(2);
  const drawNo = text ? parseDrawNumber(text) : null;
  if (!drawNo)
    throw new DomainError('USAGE', '用法：npm run draw-record -- <抽取编号，如 CC2026-04-R1-01> [输出文件]');
  const json = `${JSON.stringify(await drawRecord(db.models, drawNo), null, 2)}\n`;
  if (file) {
    writeFileSync(file, json);
    console.error(`已写出 ${drawNo} 的抽取记录：${file}（npm run verify-draw -- ${file} 可验证）`);
  } else process.stdout.write(json);
});
