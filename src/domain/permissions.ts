import type { Role } from './plan-template';

/** Who is acting, as the people data knows them (never as a card value claims). */
export interface Actor {
  key: string;
  name: string;
  unitName: string;
  roles: readonly Role[];
}

/** An item's responsibilities, from section 四 of the plan. */
export interface ItemDuty {
  name: string;
  section: { leader: string; unit: string; responsiblePerson: string };
}

export interface TaskDuty {
  taskNo: string;
  unitName: string;
  inspectorKeys: readonly string[];
}

export type Permission = { ok: true } | { ok: false; reason: string };

const yes: Permission = { ok: true };
const no = (reason: string): Permission => ({ ok: false, reason });
const has = (a: Actor, ...roles: Role[]) => roles.some((r) => a.roles.includes(r));

/** 发起抽取: the item's 责任人, the head or 责任人 of its responsible unit, or the leadership group's office. */
export function mayStartDraw(a: Actor, item: ItemDuty): Permission {
  if (a.name === item.section.responsiblePerson) return yes;
  if (a.unitName === item.section.unit && has(a, 'unit_head', 'responsible')) return yes;
  if (has(a, 'office')) return yes;
  return no(
    `只有“${item.name}”的责任人（${item.section.responsiblePerson}）、${item.section.unit}负责人或领导小组办公室可以发起抽取`,
  );
}

/** 审批: the item's 责任局领导, or the leadership group's 组长. */
export function mayApprove(a: Actor, item: ItemDuty): Permission {
  if (a.name === item.section.leader || has(a, 'group_leader')) return yes;
  return no(`只有“${item.name}”的责任局领导（${item.section.leader}）或领导小组组长可以审批`);
}

/** 填报: the task's own inspectors. */
export function mayReport(a: Actor, task: TaskDuty): Permission {
  if (task.inspectorKeys.includes(a.key)) return yes;
  return no(`任务 ${task.taskNo} 不是派给您的，只有该任务的检查人员可以填报`);
}

/** 上传现场材料: the task's own inspectors, as for 填报. */
export function mayUploadEvidence(a: Actor, task: TaskDuty): Permission {
  if (task.inspectorKeys.includes(a.key)) return yes;
  return no(`任务 ${task.taskNo} 不是派给您的，只有该任务的检查人员可以上传现场材料`);
}

/** 查看现场材料 (never published): whoever reviews the task's report. */
export function mayViewEvidence(a: Actor, task: TaskDuty): Permission {
  const review = mayReview(a, task);
  if (review.ok) return yes;
  return no(`现场材料只有${task.unitName}的责任人或负责人（审核人）可以查看`);
}

/** 审核: the 责任人 or head of the task's unit. */
export function mayReview(a: Actor, task: TaskDuty): Permission {
  if (a.unitName === task.unitName && has(a, 'responsible', 'unit_head')) return yes;
  return no(`只有${task.unitName}的责任人或负责人可以审核任务 ${task.taskNo} 的检查结果`);
}

/** 改派: the head or 责任人 of the task's unit — who keeps its roster and its work. */
export function mayReassign(a: Actor, task: { taskNo: string; unitName: string }): Permission {
  if (a.unitName === task.unitName && has(a, 'unit_head', 'responsible')) return yes;
  return no(`只有${task.unitName}的负责人或责任人可以改派任务 ${task.taskNo} 的检查人员`);
}

/** 登记异议 (/异议): the leadership group's office, which receives what businesses send. */
export function mayRecordObjection(a: Actor): Permission {
  if (has(a, 'office')) return yes;
  return no('只有领导小组办公室可以登记异议（/异议）');
}

/** 异议的决定 (维持 / 更正): the item's 责任局领导, or the leadership group's 组长. */
export function mayDecideObjection(a: Actor, item: ItemDuty): Permission {
  if (a.name === item.section.leader || has(a, 'group_leader')) return yes;
  return no(`只有“${item.name}”的责任局领导（${item.section.leader}）或领导小组组长可以决定异议`);
}

/** 导入名录: the leadership group's office, and the heads and 责任人 of the units. */
export function mayImportPool(a: Actor): Permission {
  if (has(a, 'office', 'unit_head', 'responsible')) return yes;
  return no('只有领导小组办公室、各单位负责人或责任人可以导入名录');
}

/**
 * 人员资格 (/人员): the office sees every unit; the heads and 责任人 of a unit see their own — the
 * people who keep the roster's 执法证 dates and absences true.
 */
export function mayViewRoster(a: Actor): Permission & { unit?: string | null } {
  if (has(a, 'office')) return { ok: true, unit: null };
  if (has(a, 'unit_head', 'responsible')) return { ok: true, unit: a.unitName };
  return no('只有各单位负责人、责任人或领导小组办公室可以查看执法人员资格（/人员）');
}

/** 设置工作群: the heads and 责任人 of a unit (for their own unit), and the office. */
export function mayConfigureUnit(a: Actor): Permission {
  if (has(a, 'office', 'unit_head', 'responsible')) return yes;
  return no('只有各单位负责人、责任人或领导小组办公室可以设置工作群');
}

/** 运维 (the queue, failed jobs, retries): the leadership group's office only. */
export function mayOperate(a: Actor): Permission {
  if (has(a, 'office')) return yes;
  return no('只有领导小组办公室可以查看和重试后台任务（/运维）');
}

/** 考评 (/考评): the bureau's leaders (组长, 常务副组长, 责任局领导) and the leadership group's office. */
export function mayEvaluate(a: Actor): Permission {
  if (has(a, 'group_leader', 'group_deputy', 'leader', 'office')) return yes;
  return no('只有局领导（领导小组组长、副组长、责任局领导）和领导小组办公室可以查看考评（/考评）');
}

/** 公示 a result: the 责任人 or head of its unit (谁检查、谁公开), or the office. */
export function mayPublish(a: Actor, unitName: string): Permission {
  if (has(a, 'office')) return yes;
  if (a.unitName === unitName && has(a, 'responsible', 'unit_head')) return yes;
  return no(`只有${unitName || '本单位'}的责任人、负责人或领导小组办公室可以公示检查结果`);
}

/** 导出 the internal tables (抽取结果 names the inspectors): the bureau's leaders, the office, the units' heads and 责任人. */
export function mayExportInternal(a: Actor): Permission {
  if (has(a, 'group_leader', 'group_deputy', 'leader', 'office', 'unit_head', 'responsible')) return yes;
  return no('只有局领导、领导小组办公室和各单位负责人、责任人可以导出抽取结果');
}

/** 上传计划 (a year's plan, or a changed one): the leadership group's office, and the 组长 and 常务副组长. */
export function maySubmitPlan(a: Actor): Permission {
  if (has(a, 'office', 'group_leader', 'group_deputy')) return yes;
  return no('只有领导小组办公室可以上传年度计划');
}

/** 批准计划 (it takes effect on the card's date): the 领导小组组长 only. */
export function mayDecidePlan(a: Actor): Permission {
  if (has(a, 'group_leader')) return yes;
  return no('只有领导小组组长可以批准或退回年度计划');
}

/** 确认绑定 (a Feishu account to a person of the people data): the leadership group's office only. */
export function mayConfirmBinding(a: Actor): Permission {
  if (has(a, 'office')) return yes;
  return no('只有领导小组办公室可以确认身份绑定');
}
