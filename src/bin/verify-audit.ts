import { verifyAudit } from '../services/audit';
import { runCli } from './cli';

/** `npm run verify-audit`: checks the whole audit chain; exit 0 一致, 3 with every problem named. */
void runCli(async ({ db }) => {
  const { count, problems } = await verifyAudit(db.models);
  if (problems.length === 0) {
    console.log(`审计日志一致：共 ${count} 条记录，哈希链完整。`);
    return 0;
  }
  console.error(`审计日志不一致：共 ${count} 条记录，发现 ${problems.length} 处问题：`);
  for (const p of problems) console.error(`  ${p.problem}`);
  return 3;
});
