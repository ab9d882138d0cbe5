import type { Cell } from './read-table';

/**
 * Words that open the sign-off and total rows offices put below a list: 填表人：…, 审核人：…,
 * 制表：…, 日期：…, 合计, 备注 …. 注 alone is too short to trust without its colon.
 */
const FOOTER =
  /^(?:填表|填报|制表|审核|审批|复核|签发|签字|日期|合计|小计|总计|备注|说明|注\s*[:：]|单位负责人\s*[:：]|负责人\s*[:：])/;

/** The first non-empty cell's text, trimmed ('' when the row is blank or its first cell unreadable). */
export function firstText(cells: Cell[]): string {
  for (const c of cells) {
    if (!('text' in c)) return '';
    const t = c.text.replace(/[\s\u3000]+/g, ' ').trim();
    if (t) return t;
  }
  return '';
}

/**
 * A row that looks like a footer or total: its first non-empty cell starts with one of the footer
 * words. Only rows after the last data row are skipped as such; one in the middle is data (and so
 * an error if it is not valid).
 */
export const isFooterRow = (cells: Cell[]): boolean =>
  FOOTER.test(firstText(cells).normalize('NFKC').replace(/\s/g, ''));
