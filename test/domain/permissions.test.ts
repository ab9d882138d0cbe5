import { readPlanTemplate } from '../../src/adapters/plan-file';
import {
  mayApprove,
  mayEvaluate,
  mayExportInternal,
  mayPublish,
  mayOperate,
  mayDecideObjection,
  mayReassign,
  mayRecordObjection,
  mayReport,
  mayReview,
  mayViewRoster,
  mayStartDraw,
  type Actor,
} from '../../src/domain/permissions';

const plan = readPlanTemplate();
const person = (name: string): Actor => {
  const p = plan.people.find((x) => x.name === name)!;
  return { key: `name:${name}`, name, unitName: p.unit, roles: p.roles };
};
const officer: Actor = {
  key: 'badge:4103801001',
  name: '王警官',
  unitName: '治安大队',
  roles: ['inspector'],
};
const item = (code: string) => plan.items.find((i) => i.code === code)!;
const task = {
  taskNo: 'CC2026-04-R1-01-0001',
  unitName: '治安大队',
  inspectorKeys: ['badge:4103801001', 'badge:x'],
};

describe('who may do what, from the plan’s people', () => {
  it('lets the item’s 责任人, its unit’s heads and the office start a draw, nobody else', () => {
    const allowed = plan.people.filter((p) => mayStartDraw(person(p.name), item('entertainment')).ok);
    expect(allowed.map((p) => p.name).sort()).toEqual(['彭世杰', '陶向东'].sort());
    expect(mayStartDraw(person('郭继涛'), item('precursor-chemicals')).ok).toBe(true);
    expect(mayStartDraw(person('郭继涛'), item('entertainment'))).toEqual({
      ok: false,
      reason: '只有“娱乐场所”的责任人（彭世杰）、治安大队负责人或领导小组办公室可以发起抽取',
    });
    expect(mayStartDraw({ ...officer, roles: ['inspector', 'unit_head'] }, item('hotels')).ok).toBe(true);
    expect(mayStartDraw(officer, item('hotels')).ok).toBe(false);
  });

  it('lets the item’s 责任局领导 or the 组长 approve', () => {
    expect(
      plan.people.filter((p) => mayApprove(person(p.name), item('hotels')).ok).map((p) => p.name),
    ).toEqual(['李良', '赵晓辉']);
    expect(mayApprove(person('赵晓辉'), item('precursor-chemicals'))).toEqual({
      ok: false,
      reason: '只有“对易制毒化学品从业单位的检查”的责任局领导（焦柳扬）或领导小组组长可以审批',
    });
  });

  it('lets a task’s inspectors report and its unit’s 责任人 review', () => {
    expect(mayReport(officer, task)).toEqual({ ok: true });
    expect(mayReport({ ...officer, key: 'badge:other' }, task)).toEqual({
      ok: false,
      reason: '任务 CC2026-04-R1-01-0001 不是派给您的，只有该任务的检查人员可以填报',
    });
    expect(mayReview(person('彭世杰'), task)).toEqual({ ok: true });
    expect(mayReview(person('郭继涛'), task).ok).toBe(false);
    expect(mayReview(officer, task).ok).toBe(false);
  });

  it('lets a unit’s head or 责任人 reassign its tasks and see its roster; the office every unit’s roster', () => {
    const head: Actor = { ...officer, key: 'badge:4103801000', roles: ['unit_head', 'inspector'] };
    expect(mayReassign(head, task)).toEqual({ ok: true });
    expect(mayReassign(person('彭世杰'), task)).toEqual({ ok: true });
    expect(mayReassign(person('郭继涛'), task)).toEqual({
      ok: false,
      reason: '只有治安大队的负责人或责任人可以改派任务 CC2026-04-R1-01-0001 的检查人员',
    });
    expect(mayReassign(officer, task).ok).toBe(false);
    expect(mayViewRoster(head)).toEqual({ ok: true, unit: '治安大队' });
    expect(mayViewRoster(person('陶向东'))).toEqual({ ok: true, unit: null });
    expect(mayViewRoster(person('赵晓辉')).ok).toBe(false);
    expect(mayViewRoster(officer).ok).toBe(false);
  });

  it('lets the office record an objection, and the item’s 责任局领导 or the 组长 decide it', () => {
    expect(plan.people.filter((p) => mayRecordObjection(person(p.name)).ok).map((p) => p.name)).toEqual([
      '陶向东',
    ]);
    expect(
      plan.people.filter((p) => mayDecideObjection(person(p.name), item('hotels')).ok).map((p) => p.name),
    ).toEqual(['李良', '赵晓辉']);
    expect(mayDecideObjection(person('焦柳扬'), item('hotels'))).toEqual({
      ok: false,
      reason: '只有“旅馆业”的责任局领导（赵晓辉）或领导小组组长可以决定异议',
    });
  });

  it('lets only the office operate the queue (/运维)', () => {
    expect(plan.people.filter((p) => mayOperate(person(p.name)).ok).map((p) => p.name)).toEqual(
      plan.people.filter((p) => p.roles.includes('office')).map((p) => p.name),
    );
    expect(mayOperate(person('彭世杰'))).toEqual({
      ok: false,
      reason: '只有领导小组办公室可以查看和重试后台任务（/运维）',
    });
    expect(mayOperate({ ...officer, roles: ['inspector', 'unit_head'] }).ok).toBe(false);
  });

  it('lets the bureau’s leaders and the office see the 考评 (/考评), nobody else', () => {
    expect(plan.people.filter((p) => mayEvaluate(person(p.name)).ok).map((p) => p.name)).toEqual([
      '李良',
      '史永生',
      '陶向东',
      '赵晓辉',
      '焦柳扬',
    ]);
    expect(mayEvaluate(person('彭世杰'))).toEqual({
      ok: false,
      reason: '只有局领导（领导小组组长、副组长、责任局领导）和领导小组办公室可以查看考评（/考评）',
    });
    expect(mayEvaluate({ ...officer, roles: ['inspector', 'unit_head'] }).ok).toBe(false);
  });

  it('lets a unit’s 责任人 or head publish its results (谁检查、谁公开), and the office any', () => {
    expect(mayPublish(person('彭世杰'), '治安大队').ok).toBe(true);
    expect(mayPublish(person('陶向东'), '治安大队').ok).toBe(true);
    expect(mayPublish({ ...officer, roles: ['inspector', 'unit_head'] }, '治安大队').ok).toBe(true);
    expect(mayPublish({ ...officer, roles: ['inspector', 'unit_head'] }, '刑侦大队').ok).toBe(false);
    expect(mayPublish(officer, '治安大队')).toEqual({
      ok: false,
      reason: '只有治安大队的责任人、负责人或领导小组办公室可以公示检查结果',
    });
  });

  it('keeps the 抽取结果 export (it names inspectors) to leaders, the office and the units’ heads and 责任人', () => {
    expect(mayExportInternal(person('彭世杰')).ok).toBe(true);
    expect(mayExportInternal(person('赵晓辉')).ok).toBe(true);
    expect(mayExportInternal(person('陶向东')).ok).toBe(true);
    expect(mayExportInternal(officer).ok).toBe(false);
  });
});
