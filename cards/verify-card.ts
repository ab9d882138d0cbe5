import { card, md } from './parts';

export interface VerifyView {
  drawNo: string;
  itemName: string;
  algorithm: string;
  seedCommitment: string;
  seed: string | null;
  poolHash: string;
  poolSize: number;
  count: number;
  verdict: { consistent: true } | { consistent: false; difference: string };
}

/** `/验证 <抽取编号>`: the verifier's verdict with the public data anyone can check it against. Pure. */
export function verifyCard(v: VerifyView) {
  const waiting = !v.seed;
  const ok = v.verdict.consistent;
  return card({
    title: `${waiting ? '暂无法验证' : ok ? '验证一致' : '验证不一致'}：${v.drawNo}`,
    template: waiting ? 'grey' : ok ? 'green' : 'red',
    elements: [
      md(
        [
          `**事项**：${v.itemName}\u3000**算法**：${v.algorithm}`,
          `**名录库**：${v.poolSize} 户，哈希 ${v.poolHash}`,
          `**种子承诺**：${v.seedCommitment}`,
          `**随机种子**：${v.seed ?? '尚未公开（审批决定后公开）'}`,
          `**抽取结果**：${v.count} 户`,
        ].join('\n'),
      ),
      md(
        waiting
          ? '随机种子公开后即可验证：届时任何人都能用公开的名录、人员和种子重算出同样的结果。'
          : ok
            ? '✅ 用公开的输入和随机种子重新计算，结果与公布的完全一致；种子与审批前公示的承诺相符。'
            : `❌ ${(v.verdict as { difference: string }).difference}`,
      ),
      md('离线核验：下载抽取记录后运行 `npm run verify-draw -- 记录.json`（无需数据库或网络）。'),
    ],
  });
}
