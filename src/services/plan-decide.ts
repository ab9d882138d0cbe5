import type { Models } from '../adapters/db/models';
import { claim } from '../adapters/db/claim';
import { asDuplicateError } from '../adapters/db/errors';
import { upsertOne } from '../adapters/db/upsert';
import { shanghaiDate, type IsoDate } from '../domain/calendar';
import { DomainError } from '../domain/errors';
import { planChanges } from '../domain/plan-diff';
import { type PlanTemplate } from '../domain/plan-template';
import { appendAudit } from './audit';
import { Handover, NOTHING, applyTemplate, writePerson, writeYear } from './plan-apply';
import {
  LEAD_ROLES,
  PlanVersion,
  STATUS_TEXT,
  approvedPlan,
  planDigest,
  requireVersion,
  templateOf,
  versionsOf,
} from './plan-store';
import { decide, supersedePending } from './plan-decision';

export interface Submission {
  year: number;
  template: PlanTemplate;
  fileName: string;
  docNumberHint?: string;
  actor: string;
  now: Date;
}

/**
 * Records a submitted plan as the year's pending version (the same plan again is the same version);
 * an older pending version is superseded. Returns the version and what it changes.
 */
export async function submitPlan(
  models: Models,
  s: Submission,
): Promise<{ version: PlanVersion; changes: string[]; superseded: string[]; again: boolean }> {
  const template = { ...s.template, document: { ...s.template.document, year: s.year } };
  const digest = planDigest(template);
  const versions = await versionsOf(models, s.year);
  const current = versions.filter((v) => v.status === 'approved').pop() ?? null;
  const base = current ?? (await approvedPlan(models, s.year - 1));
  const changes = planChanges(base ? templateOf(base) : null, template);
  const same = versions.find((v) => v.digest === digest && v.status === 'pending');
  if (same) return { version: same, changes, superseded: [], again: true };
  if (current?.digest === digest)
    throw new DomainError(
      'PLAN_SAME',
      `与已生效的 ${s.year} 年度计划（${current.docNumber}）完全相同，无需再次审批`,
    );
  await bootstrapLeadership(models, template, s.actor);
  const version = await insertVersion(models, versions, {
    year: s.year,
    status: 'pending',
    template,
    digest,
    fileName: s.fileName,
    submittedBy: s.actor,
    submittedAt: s.now,
    docNumberHint: s.docNumberHint ?? template.document.number,
  });
  const superseded: string[] = [];
  for (const v of versions.filter((x) => x.status === 'pending'))
    if (await supersedePending(models, v, `已被新上传的第 ${version.version} 版取代`, s.actor, s.now))
      superseded.push(v._id);
  await appendAudit(
    models,
    {
      actor: s.actor,
      action: 'plan.submitted',
      subject: `plan:${version._id}`,
      details: {
        year: s.year,
        version: version.version,
        file: s.fileName,
        digest,
        items: template.items.length,
        changes,
      },
      key: `plan.submitted:${version._id}`,
    },
    s.now,
  );
  return { version, changes, superseded, again: false };
}

type NewVersion = Pick<
  PlanVersion,
  'year' | 'status' | 'template' | 'digest' | 'fileName' | 'submittedBy' | 'submittedAt' | 'docNumberHint'
> &
  Partial<Pick<PlanVersion, 'docNumber' | 'effectiveOn' | 'decidedBy' | 'decidedAt'>>;

/** Inserts the year's next version number (a racing writer takes it: the next one is tried). */
async function insertVersion(
  models: Models,
  versions: PlanVersion[],
  fields: NewVersion,
): Promise<PlanVersion> {
  for (let n = (versions[versions.length - 1]?.version ?? 0) + 1; ; n++) {
    try {
      const _id = `${fields.year}-${n}`;
      await models.PlanVersion.create({
        ...fields,
        _id,
        version: n,
        createdBy: fields.submittedBy,
        updatedBy: fields.submittedBy,
      });
      return requireVersion(models, _id);
    } catch (err) {
      if (!asDuplicateError(err, 'plan_versions')) throw err;
    }
  }
}

/**
 * On a first start nobody can approve: the plan's 组长 and office (with their contacts) are registered
 * when it is submitted, so the approval card can reach them and they can act. Never once a 组长 exists.
 */
async function bootstrapLeadership(models: Models, t: PlanTemplate, actor: string): Promise<void> {
  if (await models.Person.exists({ roles: 'group_leader' })) return;
  for (const p of t.people.filter((x) => x.roles.some((r) => LEAD_ROLES.includes(r))))
    await writePerson(models, p, actor);
  for (const u of t.units.filter((x) =>
    t.people.some((p) => p.unit === x.name && p.roles.some((r) => LEAD_ROLES.includes(r))),
  ))
    await upsertOne(models.Unit, { name: u.name }, { kind: u.kind }, actor);
}

export interface Decision {
  id: string;
  actor: string;
  now: Date;
}

const DOC_NUMBER = /^\S.{1,38}\S$/;

/**
 * 批准: the version becomes the year's plan with its 文号, from `effectiveOn` (today or later, and
 * within the plan's year or the December before). Approving the approved version again is a no-op.
 */
export async function approvePlan(
  models: Models,
  d: Decision & { docNumber: string; effectiveOn: IsoDate },
): Promise<{ version: PlanVersion; applied: boolean; again: boolean; handover: Handover }> {
  const docNumber = d.docNumber.trim();
  const today = shanghaiDate(d.now);
  const v = await requireVersion(models, d.id);
  if (v.status === 'approved')
    return { version: v, applied: v.appliedAt !== null, again: true, handover: NOTHING };
  if (v.status !== 'pending')
    throw new DomainError('PLAN_DECIDED', `该计划版本${STATUS_TEXT[v.status]}，不能再批准`);
  if (!DOC_NUMBER.test(docNumber))
    throw new DomainError('PLAN_DOC_NUMBER', '请填写计划的文号（3–40 字），例如 ××公通〔2027〕3号');
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d.effectiveOn)) throw new DomainError('PLAN_EFFECTIVE', '请选择生效日期');
  if (d.effectiveOn < today) throw new DomainError('PLAN_EFFECTIVE', `生效日期不能早于今天（${today}）`);
  if (d.effectiveOn > `${v.year}-12-31` || d.effectiveOn < `${v.year - 1}-12-01`)
    throw new DomainError(
      'PLAN_EFFECTIVE',
      `${v.year} 年度计划的生效日期应在 ${v.year - 1}-12-01 至 ${v.year}-12-31 之间`,
    );
  const handover = await decide(
    models,
    v,
    { kind: 'approve', docNumber, effectiveOn: d.effectiveOn, actor: d.actor },
    d.now,
  );
  const after = await requireVersion(models, v._id);
  if (after.status !== 'approved')
    throw new DomainError('PLAN_DECIDED', `该计划版本${STATUS_TEXT[after.status]}，不能再批准`);
  return { version: after, applied: after.appliedAt !== null, again: false, handover };
}

/** 退回 with a reason: the office uploads a corrected file. */
export async function rejectPlan(models: Models, d: Decision & { reason: string }): Promise<PlanVersion> {
  const reason = d.reason.trim();
  if (!reason) throw new DomainError('PLAN_REASON', '请填写退回理由');
  if (reason.length > 500) throw new DomainError('PLAN_REASON', '退回理由最多 500 字');
  const v = await requireVersion(models, d.id);
  if (v.status === 'rejected') return v;
  if (v.status !== 'pending')
    throw new DomainError('PLAN_DECIDED', `该计划版本${STATUS_TEXT[v.status]}，不能退回`);
  await decide(models, v, { kind: 'reject', reason, actor: d.actor }, d.now);
  const after = await requireVersion(models, v._id);
  if (after.status !== 'rejected')
    throw new DomainError('PLAN_DECIDED', `该计划版本${STATUS_TEXT[after.status]}，不能退回`);
  return after;
}

/**
 * A plan already decided elsewhere (the demo's, a test's fixture): recorded as approved with its own
 * 文号, in force from today, its year written and applied. Recording the same plan again writes the
 * same documents and logs nothing new.
 */
export async function recordDecidedPlan(
  models: Models,
  template: PlanTemplate,
  year: number,
  actor: string,
  now: Date,
): Promise<PlanTemplate> {
  const t = { ...template, document: { ...template.document, year } };
  const digest = planDigest(t);
  const versions = await versionsOf(models, year);
  const current = versions.filter((v) => v.status === 'approved').pop() ?? null;
  if (
    current?.digest !== digest &&
    (await claim(models, `plan.recorded:${year}:${digest}`, 'plan.recorded', now))
  ) {
    const v = await insertVersion(models, versions, {
      year,
      status: 'approved',
      template: t,
      digest,
      fileName: `${actor}.json`,
      submittedBy: actor,
      submittedAt: now,
      docNumberHint: t.document.number,
      docNumber: t.document.number,
      effectiveOn: shanghaiDate(now),
      decidedBy: actor,
      decidedAt: now,
    });
    if (current)
      await models.PlanVersion.updateOne(
        { _id: current._id },
        { $set: { status: 'superseded', reason: `已被第 ${v.version} 版取代`, updatedBy: actor } },
      );
    await appendAudit(
      models,
      {
        actor,
        action: 'plan.recorded',
        subject: `plan:${v._id}`,
        details: { year, version: v.version, docNumber: t.document.number, digest },
        key: `plan.recorded:${year}:${digest}`,
      },
      now,
    );
  }
  await writeYear(models, t, year, actor, now);
  await applyTemplate(models, t, actor);
  const latest = await approvedPlan(models, year);
  if (latest && !latest.appliedAt)
    await models.PlanVersion.updateOne({ _id: latest._id }, { $set: { appliedAt: now, updatedBy: actor } });
  return t;
}
