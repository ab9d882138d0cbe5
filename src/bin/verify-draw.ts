import { readFileSync } from 'node:fs';
import { verifyRecord, type DrawRecord } from '../domain/draw/record';

/**
 * `npm run verify-draw -- FILE`: re-checks a published draw record with no database and no network.
 * Prints 一致 (exit 0) or 不一致 with the first difference (exit 1); 2 for an unreadable file.
 */
function main(): number {
  const file = process.argv[2];
  if (!file) {
    console.error('用法：npm run verify-draw -- 抽取记录.json');
    return 2;
  }
  let record: DrawRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as DrawRecord;
  } catch (err) {
    console.error(`无法读取抽取记录 ${file}：${(err as Error).message}`);
    return 2;
  }
  const verdict = verifyRecord(record);
  if (verdict.consistent) {
    console.log(
      `一致：抽取 ${record.inputs.drawNo} 的结果可由公开的输入与随机种子完全重现（${record.inputs.algorithm}）。`,
    );
    return 0;
  }
  console.log(`不一致：${verdict.difference}`);
  return 1;
}
process.exitCode = main();
