import { card, md } from './parts';

export interface VerifyView {
  drawNo: string;
  itemName: string;
  algorithm: string;
  /** DRAW-2: the proposal's commitment; DRAW-1: the seed's. */
  commitment: string;
  poolHash: string;
  poolSize: number;
  count: number;
  /** What the verifier found: consistent (and how far the record goes), or the first problem. */
  verdict:
    { consistent: true; stage: 'proposed' | 'ended' | 'drawn' } | { consistent: false; difference: string };
  /** The verdict as one line (the CLI's wording). */
  verdictText: string;
  /** 改派 after dispatch, each re-checked from its published values: null when consistent. */
  reassignments?: { taskNo: string; replaced: string; picked: string; problem: string | null }[];
}

/** `/验证 <抽取编号>`: the verifier's verdict with the public data anyone can check it against. Pure. */
export function verifyCard(v: VerifyView) {
  const ok = v.verdict.consistent;
  const stage = v.verdict.consistent ? v.verdict.stage : null;
  const title = !ok
    ? '验证不一致'
    : stage === 'drawn'
      ? '验证一致'
      : stage === 'ended'
        ? '验证一致（无结果）'
        : '验证一致（待批准）';
  return card({
    title: `${title}：${v.drawNo}`,
    template: !ok ? 'red' : stage === 'drawn' ? 'green' : 'grey',
    elements: [
      md(
        [
          `**事项**：${v.itemName}\u3000**算法**：${v.algorithm}`,
          `**名录库**：${v.poolSize} 户，哈希 ${v.poolHash}`,
          `**承诺值**：${v.commitment}`,
          `**抽取户数**：${v.count} 户`,
        ].join('\n'),
      ),
      md(`${ok ? '✅' : '❌'} ${v.verdictText}`),
      ...(v.reassignments?.length
        ? [
            md(
              v.reassignments
                .map(
                  (r) =>
                    `${r.problem ? '❌' : '✅'} 改派 ${r.taskNo}：${r.replaced} → ${r.picked}，${r.problem ? `不一致（${r.problem}）` : '可复核，一致'}`,
                )
                .join('\n'),
            ),
          ]
        : []),
      md(
        '离线核验：在公示网页下载抽取记录后运行 `npm run verify-draw -- 记录.json`（无需数据库或网络），或在公示网页上点“在线核验”。',
      ),
    ],
  });
}
