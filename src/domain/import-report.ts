/** What a pool import reports, to the CLI and in chat (cards/import-result-card.ts). */

/** One reason a row cannot be imported, addressed as the user sees the sheet. */
export interface RowProblem {
  row: number;
  column: string;
  reason: string;
}

export type PoolKind = 'targets' | 'officers';

export interface ImportReport {
  kind: PoolKind;
  file: string;
  headerRow: number;
  dataRows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Every problem of every row; when non-empty nothing was written. */
  problems: RowProblem[];
  /** Footer and total rows below the data (填表人：…, 合计), skipped. */
  skippedRows: number[];
  /** What the user should know of an import that went ahead: skipped footer rows, formulas read by their result. */
  notes: string[];
  ignoredColumns: string[];
  written: boolean;
  /** Seconds spent reading and validating, and writing (for operators and the benchmark). */
  seconds: { read: number; write: number };
}
