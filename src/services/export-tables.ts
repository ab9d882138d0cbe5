/** The tables of `/导出` whose rows come from draws, results and the 考评 (exports.ts picks and writes them). */
import type { Models } from '../adapters/db/models';
import { drawsOfYear, tasksOfYear } from './period-marks';
import { everFiled } from './task-records';
import { drawId, resultId } from './publications';
import { byIds } from '../adapters/db/numbered';
import { addSheet, newWorkbook, workbookFile } from '../adapters/xlsx-workbook';
import { correctedLine, objectionLine } from '../domain/objection';
import { DomainError } from '../domain/errors';
import { describeFormula, type Evaluation } from '../domain/evaluation';
import { type PublicResult } from '../domain/publication';
import { storedPublicDraw, type PublicDraw } from '../domain/publication-draw';
import type { IsoDate } from '../domain/calendar';

export const bureauOf = async (models: Models, year: number) => {
  const plan = await models.AnnualPlan.findOne({ year }, { bureau: 1 }).lean();
  if (!plan) throw new DomainError('NO_PLAN', `没有 ${year} 年度计划，请确认年份`);
  return plan.bureau;
};

const ATTEMPT_STATUS: Record<string, string> = {
  proposed: '待提交审批',
  submitted: '待审批',
  approved: '已批准',
  dispatched: '已派发',
  rejected: '已驳回',
  cancelled: '已取消',
  failed: '无法抽取',
};

/**
 * 抽取结果: every dispatched task of the year — the drawn target and the matched inspectors — and, on a
 * second sheet, every attempt of every round as published (cancelled, rejected and failed ones too,
 * with who ended them, why, and their revealed secret), so repeated attempts show in the archive.
 */
export async function drawResults(models: Models, year: number, asOf: IsoDate) {
  const bureau = await bureauOf(models, year);
  const tasks = await tasksOfYear(models, year, {
    taskNo: 1,
    targetName: 1,
    targetCreditCode: 1,
    inspectorKeys: 1,
  });
  tasks.sort((a, b) => (a.taskNo < b.taskNo ? -1 : 1));
  const people = new Map(
    (await models.Person.find({}, { key: 1, name: 1, badgeNo: 1 }).lean()).map((p) => [p.key, p] as const),
  );
  const who = (k: string) => {
    const p = people.get(k);
    return p ? `${p.name}${p.badgeNo ? `（${p.badgeNo}）` : ''}` : k.replace(/^\w+:/, '');
  };
  const wb = newWorkbook(asOf);
  addSheet(
    wb,
    '抽取结果',
    [
      '序号',
      '抽取编号',
      '抽查事项',
      '轮次',
      '检查对象名称',
      '统一社会信用代码',
      '检查人员（执法证号）',
      '责任单位',
      '派发日期',
      '完成期限',
      '任务编号',
    ],
    tasks.map((t, i) => [
      i + 1,
      t.drawNo,
      t.itemName,
      `第 ${t.round} 轮`,
      t.targetName,
      t.targetCreditCode,
      t.inspectorKeys.map(who).join('、'),
      t.unitName,
      t.dispatchedOn ?? '',
      t.deadline,
      t.taskNo,
    ]),
    { filter: true },
  );
  // Every attempt of the year's draws (tens), its publication read by `_id`.
  const draws = await drawsOfYear(models, year, {});
  const published = await byIds(
    draws.map((d) => drawId(d.drawNo)),
    (id) => models.Publication.findOne({ _id: id }, { content: 1 }).lean(),
  );
  const attempts = [...published.values()]
    .map((p) => storedPublicDraw(p.content as PublicDraw))
    .sort((a, b) => (a.drawNo < b.drawNo ? -1 : 1));
  addSheet(
    wb,
    '抽取记录',
    [
      '抽取编号',
      '抽查事项',
      '轮次',
      '第几次发起',
      '状态',
      '发起人',
      '发起日期',
      '决定人',
      '决定日期',
      '理由',
      '计划（抽取）户数',
      '算法',
      '发起承诺值',
      '系统密钥承诺',
      '系统密钥',
      '审批随机码',
      '随机种子',
    ],
    attempts.map((d) => [
      d.drawNo,
      d.itemName,
      `第 ${d.round} 轮`,
      d.attempt,
      ATTEMPT_STATUS[d.status] ?? d.status,
      d.proposedBy,
      d.drawnOn,
      d.decision?.by ?? '',
      d.decision?.on ?? '',
      d.decision?.reason ?? '',
      d.count,
      d.algorithmVersion,
      d.commitment ?? '',
      d.seedCommitment,
      d.secret ?? '',
      d.phrase ?? '',
      d.seed ?? '',
    ]),
    { filter: true },
  );
  const file = await workbookFile(wb, `${bureau} ${year} 年双随机抽取结果.xlsx`);
  return { ...file, rows: tasks.length };
}

/** A result's objection and the versions it replaced, as the public page says them; empty when none. */
const objectionText = (r: PublicResult): string =>
  [...(r.objection ? [objectionLine(r.objection)] : []), ...(r.history ?? []).map(correctedLine)].join('\n');

/** 抽查结果公示表: the published results only, with exactly their public fields. */
export async function resultTable(models: Models, year: number, asOf: IsoDate) {
  const bureau = await bureauOf(models, year);
  // The year's filed tasks (`everFiled`: the others have no result), their results read by `_id`.
  const filed = (await tasksOfYear(models, year, { taskNo: 1, status: 1 })).filter(everFiled);
  const stored = await byIds(
    filed.map((t) => resultId(t.taskNo)),
    (id) => models.Publication.findOne({ _id: id }, { content: 1, status: 1, publishedOn: 1 }).lean(),
  );
  const results = [...stored.values()]
    .filter((r) => r.status === 'published')
    .map((r) => ({ ...(r.content as PublicResult), publishedOn: r.publishedOn ?? '' }))
    .sort((a, b) => (a.taskNo < b.taskNo ? -1 : 1));
  const wb = newWorkbook(asOf);
  addSheet(
    wb,
    '抽查结果公示表',
    [
      '序号',
      '抽查事项',
      '抽查依据',
      '检查对象名称',
      '统一社会信用代码',
      '检查日期',
      '检查方式',
      '检查结果',
      '后续处置',
      '整改情况',
      '检查人员',
      '检查机关',
      '责任单位',
      '公示日期',
      '异议与更正',
    ],
    results.map((r, i) => [
      i + 1,
      r.itemName,
      r.basis,
      r.targetName,
      r.creditCode,
      r.inspectedOn,
      r.method,
      r.resultCategory,
      r.followUp,
      r.rectification,
      r.inspectors.join('、'),
      r.authority,
      r.unitName,
      r.publishedOn,
      objectionText(r),
    ]),
    { filter: true },
  );
  const file = await workbookFile(wb, `${bureau} ${year} 年双随机抽查结果公示表.xlsx`);
  return { ...file, rows: results.length };
}

const pct = (x: number | null) => (x === null ? '—' : `${Math.round(x * 1000) / 10}%`);

/** 考评表: each unit's figures and score, best first, with the formula written under the table. */
export async function evaluationTable(e: Evaluation) {
  const wb = newWorkbook(e.asOf);
  const ws = addSheet(
    wb,
    '考评',
    [
      '名次',
      '单位',
      '派发',
      '应完成',
      '完成',
      '按期',
      '逾期',
      '逾期工作日',
      '退回',
      '应公示',
      '按期公示',
      '逾期抽取',
      '未抽取',
      '免于抽查',
      '异议',
      '更正',
      '完成率',
      '按期率',
      '按期公示率',
      '扣分',
      '得分',
    ],
    e.units.map((u, i) => [
      i + 1,
      u.unitName,
      u.assigned,
      u.due,
      u.completed,
      u.onTime,
      u.overdue,
      u.overdueWorkdays,
      u.returned,
      u.publicationsDue,
      u.publicationsOnTime,
      u.drawsLate,
      u.roundsMissed,
      u.roundsWaived,
      u.objections,
      u.corrected,
      pct(u.rates.completion),
      pct(u.rates.onTime),
      pct(u.rates.publication),
      u.penalties.returned + u.penalties.overdue + u.penalties.corrected,
      u.score,
    ]),
  );
  ws.addRow([]);
  ws.addRow([`数据截至 ${e.asOf}。${describeFormula(e.config)}`]);
  const file = await workbookFile(wb, `${e.year} 年双随机抽查考评表.xlsx`);
  return { ...file, rows: e.units.length };
}
