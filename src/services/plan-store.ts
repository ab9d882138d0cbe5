import type { Models } from '../adapters/db/models';
import { exclusively } from '../adapters/db/claim';
import type { PlanVersionDoc } from '../adapters/db/models/plan-version';
import { payloadDigest } from '../domain/audit-chain';
import { DomainError } from '../domain/errors';
import { planTemplateSchema, type PlanTemplate, type Role } from '../domain/plan-template';
import type { PlanContext } from '../importer/plan-workbook';

export type PlanVersion = PlanVersionDoc & { _id: string };

export const LEAD_ROLES: Role[] = ['group_leader', 'group_deputy', 'office'];

/** A plan's content, as versions are told apart: the 文号 comes with the decision, not the content. */
export const planDigest = (t: PlanTemplate) =>
  payloadDigest({ ...t, document: { ...t.document, number: '' } });

/** The versions of a year, oldest first (a handful: one read). */
export const versionsOf = async (models: Models, year: number): Promise<PlanVersion[]> =>
  (await models.PlanVersion.find({ year }).lean<PlanVersion[]>()).sort((a, b) => a.version - b.version);

/** The plan in force for a year: its newest approved version, or null. */
export async function approvedPlan(models: Models, year: number): Promise<PlanVersion | null> {
  const approved = (await versionsOf(models, year)).filter((v) => v.status === 'approved');
  return approved[approved.length - 1] ?? null;
}

export const templateOf = (v: PlanVersion): PlanTemplate => planTemplateSchema.parse(v.template);

export async function requireVersion(models: Models, id: string): Promise<PlanVersion> {
  const v = await models.PlanVersion.findById(id).lean<PlanVersion>();
  if (!v) throw new DomainError('NO_PLAN_VERSION', `没有编号为 ${id} 的计划版本`);
  return v;
}

/** What a plan file may leave out, as the bureau knows it now (the plan in force, people, units, items). */
export async function planContext(models: Models, year: number): Promise<PlanContext> {
  const [current, items, people, units, poolUnits] = await Promise.all([
    approvedPlan(models, year).then(async (v) => v ?? approvedPlan(models, year - 1)),
    models.Item.find({}, { code: 1, name: 1, aliases: 1 }).lean(),
    // Everyone (a plan may name any officer as 责任人); a rare read, a few thousand people at most.
    models.Person.find({ active: true }, { name: 1, unitName: 1, title: 1, roles: 1 }).lean(),
    models.Unit.find({}, { name: 1 }).lean(),
    models.Person.distinct('unitName'),
  ]);
  return {
    year,
    bureau: current ? templateOf(current).bureau.name : null,
    items: items.map((i) => ({ code: i.code, name: i.name, aliases: i.aliases })),
    people: people.map((p) => ({ name: p.name, unitName: p.unitName, title: p.title, roles: p.roles })),
    units: [...new Set([...units.map((u) => u.name), ...poolUnits.map(String)])],
  };
}

export const STATUS_TEXT: Record<string, string> = {
  pending: '待组长审批',
  approved: '已批准',
  rejected: '已退回',
  superseded: '已被取代',
  withdrawn: '已撤回',
};

/**
 * Runs `work` as the only writer of the year's plan versions: an approval (the version approved, the one
 * before superseded) and the schedule applying a due version each write versions of the year, and FerretDB
 * writes a document whole as it read it, so an old version's `appliedAt` written during an approval put it
 * back to approved, its template applied after the new one.
 */
export const asYearsPlanWriter = <T>(models: Models, year: number, work: () => Promise<T>): Promise<T> =>
  exclusively(
    models,
    `plan-versions:${year}`,
    work,
    () => new DomainError('PLAN_BUSY', `${year} 年度计划正在更新，请稍后再试`),
  );
