/** Rows and cells as the table readers (csv, xlsx) hand them to the importer. */

/**
 * A cell as text, or why it cannot be read (an Excel error, a mangled number, a formula without a
 * cached result). `formula`: the text is the cached result of a formula.
 */
export type Cell = { text: string; formula?: boolean } | { problem: string };

export interface RawRow {
  /** 1-based row number as the spreadsheet shows it. */
  rowNumber: number;
  cells: Cell[];
}
