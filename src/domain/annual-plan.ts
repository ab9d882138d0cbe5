import { daysInMonth, isoDate, type IsoDate } from './calendar';
import {
  findDiscrepancies,
  type Discrepancy,
  type ItemTemplate,
  type PlanTemplate,
  type Ratio,
} from './plan-template';

export interface PlannedRound {
  round: number;
  /** Latest day to draw (抽取日期 "…前"). */
  drawBy: IsoDate;
  /** Latest day to complete the inspections (完成时限). */
  deadline: IsoDate;
}

export interface PlannedItem {
  itemCode: string;
  name: string;
  ratio: Ratio;
  frequencyPerYear: number;
  rounds: PlannedRound[];
}

export interface AnnualPlan {
  year: number;
  bureau: string;
  basedOn: string;
  items: PlannedItem[];
  discrepancies: Discrepancy[];
}

/**
 * The rounds of an item in a year. The template's "每年M月D日前" dates belong to the last round;
 * with n rounds a year, round k's dates lie (n − k) × 12 / n months earlier, the day clamped to the
 * month's length — so 民爆 (1年2次, 12月30日) gets rounds due 06-30 and 12-30. See docs/data-model.md.
 */
export function deriveRounds(item: ItemTemplate, year: number): PlannedRound[] {
  const n = item.frequencyPerYear;
  const shifted = (md: { month: number; day: number }, monthsBack: number): IsoDate => {
    const month = md.month - monthsBack;
    return isoDate(year, month, Math.min(md.day, daysInMonth(year, month)));
  };
  return Array.from({ length: n }, (_, i) => {
    const back = Math.floor(((n - 1 - i) * 12) / n);
    return {
      round: i + 1,
      drawBy: shifted(item.section.drawBy, back),
      deadline: shifted(item.section.deadline, back),
    };
  });
}

/** The plan of any year, derived from the template (its "每年" dates recur every year). */
export function deriveAnnualPlan(template: PlanTemplate, year: number): AnnualPlan {
  return {
    year,
    bureau: template.bureau.name,
    basedOn: template.document.number,
    items: [...template.items]
      .sort((a, b) => a.seq - b.seq)
      .map((item) => ({
        itemCode: item.code,
        name: item.name,
        ratio: item.ratio,
        frequencyPerYear: item.frequencyPerYear,
        rounds: deriveRounds(item, year),
      })),
    discrepancies: findDiscrepancies(template),
  };
}
