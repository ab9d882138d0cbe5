import type { IsoDate } from './calendar';
import { addWorkdays, workdayOnOrBefore } from './workdays';

/**
 * 异议: an inspected business objects to its published result. The office records it within the
 * configured working days of 公示; the item's 责任局领导 decides — 维持 (the result stands) or 更正 (a new
 * version of the result is published, the old one kept and marked 已更正). One open objection per result.
 */
export const OBJECTION_STATUSES = ['open', 'upheld', 'corrected'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

export const OBJECTION_STATUS_TEXT: Record<ObjectionStatus, string> = {
  open: '有异议，处理中',
  upheld: '异议已处理，维持原结果',
  corrected: '异议已处理，结果已更正',
};

/** The last day an objection to a result published on `publishedOn` may be received. */
export const objectionDeadline = (publishedOn: IsoDate, workdays: number): IsoDate =>
  addWorkdays(workdayOnOrBefore(publishedOn), workdays);

/** The day the 责任局领导 should have decided an objection recorded on `recordedOn`. */
export const objectionDecisionDue = (recordedOn: IsoDate, workdays: number): IsoDate =>
  addWorkdays(workdayOnOrBefore(recordedOn), workdays);

/** Why an objection received on `receivedOn` cannot be recorded today, or null. */
export function objectionProblem(o: {
  publishedOn: IsoDate;
  receivedOn: IsoDate;
  today: IsoDate;
  workdays: number;
}): string | null {
  if (o.receivedOn > o.today) return `收到日期（${o.receivedOn}）晚于今天（${o.today}），请核对`;
  if (o.receivedOn < o.publishedOn)
    return `收到日期（${o.receivedOn}）早于该结果的公示日期（${o.publishedOn}），请核对`;
  const last = objectionDeadline(o.publishedOn, o.workdays);
  if (o.receivedOn > last)
    return `已超过异议期限：该结果于 ${o.publishedOn} 公示，异议应在 ${o.workdays} 个工作日内（${last} 前）提出`;
  return null;
}

/** A published result's fields a correction may change (检查日期, 方式 and 检查人员 stay: they happened). */
export interface CorrectedFields {
  resultCategory: string;
  followUp: string;
  rectification: string;
}

/** How the public page and the 结果公示表 state an objection: `有异议，处理中（2026-12-02 收到异议）`. */
export const objectionLine = (o: {
  status: ObjectionStatus;
  receivedOn: IsoDate;
  decidedOn: IsoDate | null;
}) =>
  `${OBJECTION_STATUS_TEXT[o.status]}（${o.receivedOn} 收到异议${o.decidedOn ? `，${o.decidedOn} 处理` : ''}）`;

/** An earlier version of a corrected result, marked 已更正. */
export const correctedLine = (h: {
  version: number;
  correctedOn: IsoDate;
  resultCategory: string;
  followUp: string;
  rectification: string;
}) =>
  `第 ${h.version} 版（${h.correctedOn} 已更正）：${h.resultCategory}；${h.followUp}；${h.rectification || '—'}`;
