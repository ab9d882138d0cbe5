import type { Models } from '../adapters/db/models';
import { shanghaiDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import {
  objectionDeadline,
  objectionProblem,
  type CorrectedFields,
  type ObjectionStatus,
} from '../domain/objection';
import { DEFAULT_PUBLICATION, type PublicationConfig } from '../domain/publication';
import type { PendingObjection } from '../domain/schedule';
import { objectionCard, objectionFormCard, type ObjectedResult } from '../../cards/objection-cards';
import { namesOf } from './names';
import { publishedResult } from './objections';

/** 异议 as people see it: the form, the decision card, and the open ones for the schedule. */

const objected = (taskNo: string, r: Awaited<ReturnType<typeof publishedResult>>): ObjectedResult => ({
  taskNo,
  itemName: r.itemName ?? r.content.itemName,
  unitName: r.unitName ?? r.content.unitName,
  targetName: r.content.targetName,
  publishedOn: r.publishedOn,
  resultCategory: r.content.resultCategory,
  followUp: r.content.followUp,
  rectification: r.content.rectification,
});

/** `/异议 任务编号`: the form, for a result that is published and still within its objection period. */
export async function objectionFormOf(
  models: Models,
  taskNo: string,
  now: Date,
  config: PublicationConfig = DEFAULT_PUBLICATION,
) {
  const r = await publishedResult(models, taskNo);
  const today = shanghaiDate(now);
  // Could one received today still be recorded?
  const late = objectionProblem({
    publishedOn: r.publishedOn,
    receivedOn: today,
    today,
    workdays: config.objectionWorkdays,
  });
  if (late) throw new DomainError('OBJECTION_LATE', late);
  const deadline = objectionDeadline(r.publishedOn, config.objectionWorkdays);
  return objectionFormCard({ ...objected(taskNo, r), today, deadline });
}

/** An objection by its id (a card's value). */
export const findObjection = (models: Models, id: string) =>
  id.length <= 80 ? models.Objection.findOne({ _id: id }).lean() : Promise.resolve(null);

/** The objections awaiting a decision, for the schedule (a handful: the collection holds only objections). */
export async function pendingObjections(models: Models): Promise<PendingObjection[]> {
  const open = await models.Objection.find({ status: 'open' }).lean();
  return open.map((o) => ({
    id: o._id,
    taskNo: o.taskNo,
    itemCode: o.itemCode,
    itemName: o.itemName,
    unitName: o.unitName,
    targetName: o.targetName,
    dueBy: o.dueBy,
  }));
}

/** The card of an objection: to decide while open, its decision afterwards; `notice` above (a reminder). */
export async function objectionCardOf(models: Models, id: string, notice?: string) {
  const o = await models.Objection.findOne({ _id: id }).lean();
  if (!o) throw new DomainError('NO_OBJECTION', '这张卡片对应的异议不存在');
  const r = await publishedResult(models, o.taskNo);
  const names = await namesOf(models, [o.decidedBy ?? '']);
  return objectionCard({
    ...(notice ? { notice } : {}),
    id: o._id,
    // The result as it stood when objected to.
    result: { ...objected(o.taskNo, r), ...(o.before as CorrectedFields) },
    objector: o.objector,
    receivedOn: o.receivedOn,
    content: o.content,
    status: o.status as ObjectionStatus,
    ...(o.status !== 'open' && o.decidedAt
      ? {
          decided: {
            by: names(o.decidedBy ?? ''),
            on: shanghaiDate(o.decidedAt),
            reason: o.reason ?? '',
            correction: (o.correction as CorrectedFields | null) ?? null,
          },
        }
      : {}),
  });
}
