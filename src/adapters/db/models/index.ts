import type { Connection } from 'mongoose';
import { annualPlanModel } from './annual-plan';
import { auditEntryModel } from './audit-entry';
import { cardMessageModel } from './card-message';
import { drawModel } from './draw';
import { drawPartModel } from './draw-part';
import { itemModel } from './item';
import { periodMarkModel } from './period-mark';
import { objectionModel } from './objection';
import { openTaskBatchModel, openTaskModel } from './open-task';
import { pendingResultModel } from './pending-result';
import { personModel } from './person';
import { planVersionModel } from './plan-version';
import { poolChunkModel, poolModel } from './pool';
import { publicationModel } from './publication';
import { reassignmentModel } from './reassignment';
import { receiptModel } from './receipt';
import { reportModel } from './report';
import { stampModel } from './stamp';
import { lastInspectionModel, targetChunkModel, targetRegistryModel } from './target';
import { taskModel } from './task';
import { unitModel } from './unit';
import { uploadIntentModel } from './upload-intent';

/** All models bound to one connection, so tests and tools can each use their own database. */
export function createModels(conn: Connection) {
  return {
    Unit: unitModel(conn),
    Person: personModel(conn),
    Item: itemModel(conn),
    TargetRegistry: targetRegistryModel(conn),
    TargetChunk: targetChunkModel(conn),
    LastInspection: lastInspectionModel(conn),
    Pool: poolModel(conn),
    PoolChunk: poolChunkModel(conn),
    AnnualPlan: annualPlanModel(conn),
    PlanVersion: planVersionModel(conn),
    Draw: drawModel(conn),
    DrawPart: drawPartModel(conn),
    Task: taskModel(conn),
    OpenTask: openTaskModel(conn),
    OpenTaskBatch: openTaskBatchModel(conn),
    Report: reportModel(conn),
    PeriodMark: periodMarkModel(conn),
    AuditEntry: auditEntryModel(conn),
    CardMessage: cardMessageModel(conn),
    Receipt: receiptModel(conn),
    Publication: publicationModel(conn),
    PendingResult: pendingResultModel(conn),
    Reassignment: reassignmentModel(conn),
    Objection: objectionModel(conn),
    UploadIntent: uploadIntentModel(conn),
    Stamp: stampModel(conn),
  };
}
export type Models = ReturnType<typeof createModels>;
