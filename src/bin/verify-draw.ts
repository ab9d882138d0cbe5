import { readFileSync } from 'node:fs';
import { verdictText, verifyDrawRecord } from '../domain/draw/verify';

/**
 * `npm run verify-draw -- FILE`: re-checks a published draw record (DRAW-2 or DRAW-1) with no database
 * and no network. Prints 一致 (exit 0) or 不一致 with the first problem (exit 1) — a malformed record,
 * or text that is not JSON, included; never a stack trace. 2: no file given, or it cannot be read.
 */
function main(): number {
  const file = process.argv[2];
  if (!file) {
    console.error('用法：npm run verify-draw -- 抽取记录.json');
    return 2;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    console.error(`无法读取文件 ${file}：${(err as Error).message}`);
    return 2;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    console.log(`不一致：记录不是有效的 JSON（${(err as Error).message}）`);
    return 1;
  }
  const verdict = verifyDrawRecord(raw);
  console.log(verdictText(verdict));
  return verdict.consistent ? 0 : 1;
}
process.exitCode = main();
