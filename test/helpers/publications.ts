import { randomBytes } from 'node:crypto';
import type { Models } from '../../src/adapters/db/models';
import { shanghaiDate } from '../../src/domain/calendar';
import { approveDraw, dispatchDraw, proposeDraw, submitDraw } from '../../src/services/draws';

/** Round 1 of a demo item drawn by its 责任人, and (by default) approved and dispatched: its number. */
export async function demoDraw(
  models: Models,
  itemCode: string,
  now: Date,
  opts: { dispatch?: boolean } = {},
): Promise<string> {
  const out = await proposeDraw(models, {
    year: Number(shanghaiDate(now).slice(0, 4)),
    itemCode,
    round: 1,
    actor: 'name:彭世杰',
    now,
    randomBytes,
    idempotencyKey: `demo-draw-${itemCode}`,
  });
  if (!out.ok) throw new Error(out.reason);
  if (opts.dispatch !== false) {
    await submitDraw(models, out.draw.drawNo, 'name:彭世杰', now);
    await approveDraw(models, out.draw.drawNo, 'name:赵晓辉', now, `随机码-${out.draw.drawNo}`);
    await dispatchDraw(models, out.draw.drawNo, 'name:赵晓辉', now);
  }
  return out.draw.drawNo;
}

/**
 * The name of an inspector on `task` who holds no other role. The draw may pick the unit's 大队长 (a unit
 * head, allowed to publish and export), so a test that expects an inspector to be refused must not take
 * `inspectorKeys[0]` blindly. A task's inspectors are distinct and a unit has one head, so one always fits.
 */
/** One of the task's inspectors who holds no other role (so no reviewer's rights), the same on every call. */
export async function plainInspector(
  models: Models,
  task: { inspectorKeys: string[] },
): Promise<{ key: string; name: string }> {
  // In key order: PostgreSQL returns a scan in no fixed order.
  const people = await models.Person.find({ key: { $in: task.inspectorKeys } }, { key: 1, name: 1, roles: 1 })
    .sort({ key: 1 })
    .lean();
  const plain = people.find((p) => p.roles.every((r) => r === 'inspector'));
  if (!plain) throw new Error(`no inspector without other roles among ${task.inspectorKeys.join(', ')}`);
  return { key: plain.key, name: plain.name };
}

export const plainInspectorOf = async (models: Models, task: { inspectorKeys: string[] }) =>
  (await plainInspector(models, task)).name;

/** A report with nothing found, as the report form submits it. */
export const REPORT_FORM = {
  inspectedOn: '2026-11-26',
  method: '现场检查',
  result: '未发现问题',
  findings: '',
  followUp: '无需后续处置',
  rectification: '',
} as const;

/** A completion report as an inspector files it, with `findings` to recognise. */
export const demoReport = (findings: string) =>
  ({
    inspectedOn: '2026-12-01',
    method: '现场检查',
    result: '发现问题已责令改正',
    findings,
    followUp: '责令改正',
    rectification: '已补登记',
  }) as const;
