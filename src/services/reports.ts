import { namesOf } from './names';
import { listEvidence } from '../adapters/db/evidence-store';
import { findTask } from './task-records';
import type { Models } from '../adapters/db/models';
import { changeTask } from './task-writes';
import type { ReportDoc } from '../adapters/db/models/report';
import { claim, hasReceipt, receiptOf } from '../adapters/db/claim';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import type { ReportInput, ReportRules } from '../domain/report';
import { DEFAULT_PUBLICATION, type PublicationConfig } from '../domain/publication';
import { openResultPublication } from './publications';
import { appendAudit } from './audit';
import { markPoolsChanged } from './pool-snapshots';
import { markPeriod, monthOf } from './period-marks';
import { noteLastInspection } from './targets';

/**
 * Filing and reviewing reports. A task moves open → reported → accepted, or reported → returned →
 * reported again; each move is claimed by a unique receipt numbered by the filing round
 * (`task:<no>:report:<n>`, `task:<no>:review:<n>`), so two inspectors filing at once, or a unit head
 * clicking twice, change it once. The receipts' keys are the audit entries' keys.
 */

interface Move {
  actor: string;
  at: string;
  decision?: 'accept' | 'return';
}

async function requireTask(models: Models, taskNo: string) {
  const task = await findTask(models, taskNo);
  if (!task) throw new DomainError('NO_TASK', `没有编号为 ${taskNo} 的检查任务`);
  return task;
}

/** Claims a move; a retry by the same actor goes on, anyone else is told who did it. */
async function move(models: Models, key: string, m: Move, now: Date, what: string): Promise<Move> {
  if (await claim(models, key, 'task-transition', now, m)) return m;
  const done = (await receiptOf(models, key))!.result as Move;
  if (done.actor !== m.actor || done.decision !== m.decision) {
    const who = (await namesOf(models, [done.actor]))(done.actor);
    throw new DomainError('CONFLICT', `${who} 已${what}，无需重复操作`);
  }
  return done;
}

/** The rules a report of this task must meet (dates, the item's methods). */
export async function reportRules(models: Models, taskNo: string, now: Date): Promise<ReportRules> {
  const task = await requireTask(models, taskNo);
  const item = await models.Item.findOne({ code: task.itemCode }, { methods: 1 }).lean();
  return {
    today: shanghaiDate(now),
    dispatchedOn: task.dispatchedOn ?? shanghaiDate(task.createdAt ?? now),
    methods: item?.methods ?? [],
  };
}

/** Why the task's report cannot be filed yet for want of 现场材料 its item requires, or null. */
export async function missingEvidence(
  models: Models,
  task: { taskNo: string; itemCode: string; itemName: string },
  /** The task's item as the caller has it (a click: the cached items); absent, read here. */
  known?: { evidenceRequired?: boolean | null } | null,
): Promise<string | null> {
  const item =
    known !== undefined
      ? known
      : await models.Item.findOne({ code: task.itemCode }, { evidenceRequired: 1 }).lean();
  if (!item?.evidenceRequired || (await listEvidence(models, task.taskNo)).length > 0) return null;
  return `“${task.itemName}”要求先上传现场材料：请点击任务卡片上的“上传现场材料”，在单聊中发送现场照片或检查记录表，再填报任务 ${task.taskNo} 的检查结果。`;
}

/** Whether a stored report holds what the form says (a retried filing, not a changed one). */
const sameReport = (
  stored: Pick<
    ReportDoc,
    'inspectedOn' | 'method' | 'resultCategory' | 'findings' | 'followUp' | 'rectification'
  >,
  r: ReportInput,
): boolean =>
  stored.inspectedOn === r.inspectedOn &&
  stored.method === r.method &&
  stored.resultCategory === r.result &&
  (stored.findings ?? '') === r.findings &&
  stored.followUp === r.followUp &&
  (stored.rectification ?? '') === r.rectification;

/** An inspector files the report of an open or returned task. */
export async function fileReport(
  models: Models,
  taskNo: string,
  actor: string,
  report: ReportInput,
  now: Date,
): Promise<void> {
  const task = await requireTask(models, taskNo);
  if (!task.inspectorKeys.includes(actor))
    throw new DomainError('FORBIDDEN', `任务 ${taskNo} 不是派给您的，只有该任务的检查人员可以填报`);
  const round = (task.returnCount ?? 0) + 1;
  const key = `task:${taskNo}:report:${round}`;
  const filed = await hasReceipt(models, key);
  // Filed already (reported, reviewed): only this round's filing, cut short after its report was stored,
  // is finished again, and only as it was filed; a second or changed filing never replaces the first,
  // nor brings a reviewed task back.
  const finishing = task.status === 'reported' && filed;
  if (task.status !== 'open' && task.status !== 'returned') {
    const stored = finishing ? await models.Report.findOne({ _id: taskNo }).lean() : null;
    if (!stored || !sameReport(stored, report))
      throw new DomainError('BAD_STATE', `任务 ${taskNo} 已填报，不能重复填报`);
  }
  if (!filed) {
    const missing = await missingEvidence(models, task);
    if (missing) throw new DomainError('EVIDENCE_REQUIRED', missing);
  }
  const done = await move(models, key, { actor, at: now.toISOString() }, now, '填报本任务');
  // The summary of the month inspected in finds the report by this mark (period-marks.ts).
  await markPeriod(models, monthOf(report.inspectedOn), 'filed', [taskNo]);
  const fields = {
    inspectedOn: report.inspectedOn,
    method: report.method,
    resultCategory: report.result,
    findings: report.findings,
    followUp: report.followUp,
    rectification: report.rectification,
    submittedBy: done.actor,
    review: { status: 'pending', by: null, at: null, comment: '' },
    updatedBy: done.actor,
  };
  if (!finishing)
    await models.Report.updateOne(
      { _id: taskNo },
      { $set: fields, $setOnInsert: { taskNo, createdBy: done.actor } },
      { upsert: true },
    );
  await changeTask(models, taskNo, () => ({
    ...(finishing ? {} : { set: { status: 'reported', reportedAt: now, updatedBy: done.actor } }),
    note: 'reported',
  }));
  await appendAudit(
    models,
    { actor: done.actor, action: 'task.reported', subject: taskNo, details: { round, ...report }, key },
    new Date(done.at),
  );
}

/** The unit's 责任人 accepts the report, or returns it with a reason for the inspectors. */
export async function reviewReport(
  models: Models,
  taskNo: string,
  actor: string,
  decision: 'accept' | 'return',
  comment: string,
  now: Date,
  publication: PublicationConfig = DEFAULT_PUBLICATION,
): Promise<void> {
  const reason = comment.trim();
  if (decision === 'return' && !reason) throw new DomainError('REASON_REQUIRED', '请填写退回原因');
  if (reason.length > 500)
    throw new DomainError('REASON_TOO_LONG', `退回原因最多 500 字，当前 ${reason.length} 字`);
  const task = await requireTask(models, taskNo);
  const round = (task.returnCount ?? 0) + (task.status === 'returned' ? 0 : 1);
  const key = `task:${taskNo}:review:${round}`;
  if (task.status !== 'reported' && !(await hasReceipt(models, key)))
    throw new DomainError('BAD_STATE', `任务 ${taskNo} 当前没有待审核的检查结果`);
  const done = await move(
    models,
    key,
    { actor, at: now.toISOString(), decision },
    now,
    decision === 'accept' ? '审核通过' : '退回',
  );
  const report = await models.Report.findOne({ _id: taskNo }).lean();
  await models.Report.updateOne(
    { _id: taskNo },
    {
      $set: {
        review: {
          status: decision === 'accept' ? 'accepted' : 'returned',
          by: done.actor,
          at: new Date(done.at),
          comment: reason,
        },
        updatedBy: done.actor,
      },
    },
  );
  if (decision === 'accept') {
    // The inspectors as they are now (a 改派 may have replaced one since the report was filed).
    const { inspectorKeys } = await changeTask(models, taskNo, () => ({
      set: { status: 'accepted', updatedBy: done.actor },
      note: 'accepted',
    }));
    // The target's last inspection for the item: the next draw's no-repeat window and rotation read it.
    if (report) {
      // The item's pool snapshot goes stale around the write (src/services/pool-snapshots.ts).
      await markPoolsChanged(models, [task.itemCode]);
      await noteLastInspection(models, {
        itemCode: task.itemCode,
        creditCode: task.targetCreditCode,
        date: report.inspectedOn,
        drawNo: task.drawNo,
        inspectorKeys,
      });
      await markPoolsChanged(models, [task.itemCode]);
    }
    // 一公开: the accepted result is now due for 公示 by the unit, within the configured working days.
    await openResultPublication(models, taskNo, done.actor, new Date(done.at), publication);
  } else {
    // Once: a retry finds the count moved on.
    await changeTask(models, taskNo, (t) => ({
      ...((t.returnCount ?? 0) === (task.returnCount ?? 0)
        ? { set: { status: 'returned', returnCount: round, updatedBy: done.actor } }
        : {}),
      note: 'returned',
    }));
  }
  await appendAudit(
    models,
    {
      actor: done.actor,
      action: decision === 'accept' ? 'task.accepted' : 'task.returned',
      subject: taskNo,
      details: { round, ...(reason ? { comment: reason } : {}) },
      key,
    },
    new Date(done.at),
  );
}

/** The report filed for a task (the one being re-filed after 退回), with the fields its form shows, or null. */
export async function filedReport(models: Models, taskNo: string) {
  const r = await models.Report.findOne(
    { _id: taskNo },
    { _id: 0, inspectedOn: 1, method: 1, resultCategory: 1, findings: 1, followUp: 1, rectification: 1 },
  ).lean();
  return r
    ? {
        inspectedOn: r.inspectedOn,
        method: r.method,
        resultCategory: r.resultCategory,
        findings: r.findings ?? '',
        followUp: r.followUp ?? '',
        rectification: r.rectification ?? '',
      }
    : null;
}
