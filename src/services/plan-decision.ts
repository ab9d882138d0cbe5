/** One decision on a plan version (approve or send back), claimed once and completed by whoever clicks after a crash. */
import type { Models } from '../adapters/db/models';
import { claim, receiptOf } from '../adapters/db/claim';
import { shanghaiDate, type IsoDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { appendAudit } from './audit';
import { Handover, NOTHING, applyDuePlans, writeYear } from './plan-apply';
import { PlanVersion, asYearsPlanWriter, requireVersion, templateOf, versionsOf } from './plan-store';

type PlanDecision =
  | { kind: 'approve'; docNumber: string; effectiveOn: IsoDate; actor: string }
  | { kind: 'reject'; reason: string; actor: string }
  /** A newer version uploaded before anyone decided this one. */
  | { kind: 'supersede'; reason: string; actor: string };

/** A decision left unfinished this long (its process died) is finished by the next one to ask. */
const TAKEOVER_MS = 2 * 60_000;

/**
 * One decision per version: its receipt (the write FerretDB serialises; a compare-and-set update is
 * not) holds the decision, so whoever finds it unfinished after a crash finishes it as it was made.
 */
export async function decide(
  models: Models,
  v: PlanVersion,
  decision: PlanDecision,
  now: Date,
): Promise<Handover> {
  const key = `plan.decision:${v._id}`;
  let made = decision;
  if (!(await claim(models, key, 'plan.decision', now, decision))) {
    const [receipt, current] = await Promise.all([receiptOf(models, key), requireVersion(models, v._id)]);
    if (current.status !== 'pending') return NOTHING;
    if (!receipt || now.getTime() - receipt.at.getTime() < TAKEOVER_MS)
      throw new DomainError('PLAN_BUSY', '该计划正在审批中（另一次操作尚未完成），请稍后刷新卡片查看');
    made = receipt.result as PlanDecision;
  }
  return carryOut(models, v, made, now);
}

/** Writes a claimed decision (again, for one a crash cut short: each write repeats harmlessly). */
async function carryOut(models: Models, v: PlanVersion, made: PlanDecision, now: Date): Promise<Handover> {
  if (made.kind === 'supersede') {
    await models.PlanVersion.updateOne(
      { _id: v._id },
      { $set: { status: 'superseded', reason: made.reason, updatedBy: made.actor } },
    );
    return NOTHING;
  }
  if (made.kind === 'reject') {
    await models.PlanVersion.updateOne(
      { _id: v._id },
      {
        $set: {
          status: 'rejected',
          reason: made.reason,
          decidedBy: made.actor,
          decidedAt: now,
          updatedBy: made.actor,
        },
      },
    );
    await appendAudit(
      models,
      {
        actor: made.actor,
        action: 'plan.rejected',
        subject: `plan:${v._id}`,
        details: { year: v.year, version: v.version, reason: made.reason },
        key: `plan.rejected:${v._id}`,
      },
      now,
    );
    return NOTHING;
  }
  const template = templateOf(v);
  template.document.number = made.docNumber;
  await asYearsPlanWriter(models, v.year, async () => {
    await models.PlanVersion.updateOne(
      { _id: v._id },
      {
        $set: {
          status: 'approved',
          template,
          docNumber: made.docNumber,
          effectiveOn: made.effectiveOn,
          decidedBy: made.actor,
          decidedAt: now,
          updatedBy: made.actor,
        },
      },
    );
    for (const old of await versionsOf(models, v.year))
      if (old.status === 'approved' && old._id !== v._id)
        await models.PlanVersion.updateOne(
          { _id: old._id },
          {
            $set: {
              status: 'superseded',
              reason: `已被第 ${v.version} 版（${made.docNumber}）取代`,
              updatedBy: made.actor,
            },
          },
        );
  });
  await writeYear(models, template, v.year, made.actor, now);
  await appendAudit(
    models,
    {
      actor: made.actor,
      action: 'plan.approved',
      subject: `plan:${v._id}`,
      details: {
        year: v.year,
        version: v.version,
        docNumber: made.docNumber,
        effectiveOn: made.effectiveOn,
        digest: v.digest,
      },
      key: `plan.approved:${v._id}`,
    },
    now,
  );
  if (made.effectiveOn > shanghaiDate(now)) return NOTHING;
  const { reviews, approvals } = await applyDuePlans(models, now, made.actor);
  return { reviews, approvals };
}

/**
 * A pending version replaced by a newer upload: superseded unless someone is deciding it or has (the same
 * claim as a decision, so an approval and an upload at once do not both take effect). True if it was.
 */
export async function supersedePending(
  models: Models,
  v: PlanVersion,
  reason: string,
  actor: string,
  now: Date,
): Promise<boolean> {
  if (v.status !== 'pending') return false;
  const made: PlanDecision = { kind: 'supersede', reason, actor };
  if (!(await claim(models, `plan.decision:${v._id}`, 'plan.decision', now, made))) return false;
  await carryOut(models, v, made, now);
  return true;
}
