import type { ImportReport } from '../src/domain/import-report';
import { card, md, text } from './parts';

const SHOWN = 20;
const KIND = { targets: '检查对象名录库', officers: '执法检查人员名录库' } as const;

/**
 * The result of a pool file sent in chat: what changed, or every bad row (and that nothing was
 * written), with the notes (skipped footer rows, formulas read by their result). Pure.
 */
export function importResultCard(v: { fileName: string; report: ImportReport }) {
  const r = v.report;
  if (r.problems.length > 0) {
    const shown = r.problems.slice(0, SHOWN);
    return card({
      title: `未导入：${v.fileName}`,
      template: 'red',
      elements: [
        md(
          `按${KIND[r.kind]}读取，共 ${r.dataRows} 行数据，其中 **${r.problems.length}** 处有问题，**未写入任何数据**。请改正后重新发送：`,
        ),
        text(shown.map((p) => `第 ${p.row} 行「${p.column}」：${p.reason}`).join('\n')),
        ...(r.problems.length > SHOWN ? [md(`另有 ${r.problems.length - SHOWN} 处问题未列出。`)] : []),
        ...(r.notes.length ? [text(r.notes.join('\n'))] : []),
      ],
    });
  }
  return card({
    title: `已导入：${v.fileName}`,
    template: 'green',
    elements: [
      md(
        `${KIND[r.kind]}：共 ${r.dataRows} 行，新增 **${r.created}**，更新 **${r.updated}**，未变 ${r.unchanged}。` +
          (r.ignoredColumns.length ? `\n未使用的列：${r.ignoredColumns.join('、')}` : ''),
      ),
      ...(r.notes.length ? [text(r.notes.join('\n'))] : []),
    ],
  });
}
