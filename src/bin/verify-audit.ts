import { parseHead } from '../domain/audit-chain';
import { DomainError } from '../domain/errors';
import { verifyAudit } from '../services/audit-read';
import { verifyEvidence } from '../services/evidence-archive';
import { sizeText } from '../domain/evidence';
import { runCli } from './cli';

const USAGE =
  '用法：npm run verify-audit [-- --head 条数:哈希 …]；条数与哈希取自公示页面或月度汇总上的“审计日志截至第 N 条，哈希 …”（哈希至少 16 位）';

/** `--head N:HASH` (or `--head=N:HASH`), any number of times; anything else is a usage error. */
function publishedHeads(args: string[]): { seq: number; hash: string }[] {
  const heads: { seq: number; hash: string }[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const text = a === '--head' ? args[++i] : a.startsWith('--head=') ? a.slice('--head='.length) : undefined;
    const head = text === undefined ? null : parseHead(text);
    if (!head) throw new DomainError('USAGE', `无法识别参数“${text ?? a}”。${USAGE}`);
    heads.push(head);
  }
  return heads;
}

/**
 * `npm run verify-audit [-- --head N:HASH …]`: checks the whole audit chain, its end against the head
 * noted in the database, and against each head published outside it (public page, monthly summary);
 * then every stored 现场材料 file against the SHA-256 the chain recorded when it was attached;
 * exit 0 一致, 3 with every problem named, 1 on a bad argument.
 */
void runCli(async ({ db }) => {
  const published = publishedHeads(process.argv.slice(2));
  const { count, problems } = await verifyAudit(db.models, published);
  const evidence = await verifyEvidence(db.models);
  if (problems.length === 0) {
    const also = published.length
      ? `，与公示的审计头（${published.map((h) => `第 ${h.seq} 条`).join('、')}）一致`
      : '';
    console.log(`审计日志一致：共 ${count} 条记录，哈希链完整，末尾与审计头记录相符${also}。`);
  } else {
    console.error(`审计日志不一致：共 ${count} 条记录，发现 ${problems.length} 处问题：`);
    for (const p of problems) console.error(`  ${p.problem}`);
  }
  if (evidence.problems.length === 0 && evidence.files > 0)
    console.log(
      `现场材料一致：共 ${evidence.files} 件（${sizeText(evidence.bytes)}），内容与审计日志记录的 SHA-256 相符。`,
    );
  else if (evidence.problems.length > 0) {
    console.error(`现场材料不一致：发现 ${evidence.problems.length} 处问题：`);
    for (const p of evidence.problems) console.error(`  ${p}`);
  }
  return problems.length === 0 && evidence.problems.length === 0 ? 0 : 3;
});
