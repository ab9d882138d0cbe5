import { z } from 'zod';
import type { JobQueue } from '../adapters/queue/job-queue';
import type { Notice } from './dispatch-notices';
import type { ProposeRequest } from './draw-start';
import type { EvidenceJob } from './evidence';
import type { UploadJob } from './import-upload';
import type { Handover } from './plans';
import type { Send } from './schedule';

/**
 * Every kind of background job: its name, its payload's schema, how its id is built, and what `/运维`
 * calls it. Ids are deterministic (a second enqueue of the same work is a no-op while the job exists)
 * and built only here; `once` tells apart deliberate repeats of the same work (a refresh per state, a
 * review card per round). The processors live in `jobs/` (one file each, typed against this list).
 */

const key = z.string().min(1).max(128);
const drawNo = z.object({ drawNo: key });
/** A refresh of a card's other copies: `skip` is the copy the click already answered. */
const skip = key.optional();

/** A day's card for one person (or the summary), as planned by `planDay`: checked by kind and id. */
const send = z
  .object({
    id: key,
    kind: z.enum([
      'draw-prompt',
      'draw-auto',
      'draw-overdue',
      'reminder',
      'task-overdue',
      'publication-reminder',
      'publication-overdue',
      'summary',
      'plan-rollover',
      'cert-expiry',
      'task-reassign',
      'objection-due',
    ]),
  })
  .passthrough() as unknown as z.ZodType<Send>;

/** One task card (or a unit's task list) of a dispatch, prepared by `prepareNotices`. */
const notice: z.ZodType<Notice> = z.object({
  id: key,
  kind: z.enum(['unit-tasks', 'task']),
  subject: key,
  to: z.union([z.object({ personKey: key }), z.object({ chatId: key })]),
  openId: key.optional(),
  card: z.unknown().optional(),
});

const propose: z.ZodType<ProposeRequest> = z.object({
  year: z.number().int().min(2000).max(2100),
  itemCode: key,
  round: z.number().int().min(1).max(366),
  attempt: z.number().int().min(1).max(99).optional(),
  actor: key,
  key: z.string().min(1).max(600),
  messageId: key,
  notice: z.string().max(500).optional(),
});

const upload: z.ZodType<UploadJob> = z.object({
  messageId: key,
  fileKey: z.string().min(1).max(512),
  fileName: z.string().min(1).max(255),
  chatId: key,
  openId: key.optional(),
  actor: key,
});

const evidence: z.ZodType<EvidenceJob> = z.object({
  messageId: key,
  key: z.string().min(1).max(512),
  type: z.enum(['file', 'image']),
  fileName: z.string().min(1).max(255).optional(),
  taskNo: key,
  actor: key,
  openId: key,
});

interface Spec<S extends z.ZodTypeAny> {
  label: string;
  data: S;
  id(data: z.infer<S>): string;
}
const spec = <S extends z.ZodTypeAny>(s: Spec<S>) => s;

export const JOBS = {
  'propose-draw': spec({
    label: '生成抽取预览',
    data: propose,
    id: (r) => `propose-${r.key.replace(/:/g, '-')}`,
  }),
  dispatch: spec({ label: '抽取并派发检查任务', data: drawNo, id: (d) => `dispatch-${d.drawNo}` }),
  send: spec({ label: '发送任务卡片', data: notice, id: (n) => n.id }),
  schedule: spec({
    label: '每日计划（提醒、督办、月度汇总）',
    data: z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) }),
    id: (d) => `schedule-${d.day}`,
  }),
  'schedule-send': spec({ label: '发送提醒或督办卡片', data: send, id: (s) => s.id }),
  'import-pool': spec({ label: '导入名录', data: upload, id: (u) => `import-${u.messageId}` }),
  'attach-evidence': spec({
    label: '保存现场材料',
    data: evidence,
    // A second pick of the same file for the same task is the same work; for another task, more work.
    id: (e) => `evidence-${e.messageId}-${e.taskNo}`,
  }),
  'send-evidence': spec({
    label: '发送现场材料原件',
    data: z.object({ taskNo: key, id: key, openId: key }),
    id: (d) => `evidence-copy-${d.taskNo}-${d.id}-${d.openId}`,
  }),
  'refresh-pool': spec({
    label: '更新名录快照',
    data: z.object({ itemCode: key }),
    id: (d) => `refresh-pool-${d.itemCode}`,
  }),
  'send-approval': spec({ label: '发送审批卡片', data: drawNo, id: (d) => `approval-${d.drawNo}` }),
  'send-review': spec({
    label: '发送审核卡片',
    data: z.object({ taskNo: key }),
    id: (d) => `review-${d.taskNo}`,
  }),
  'refresh-draw': spec({
    label: '更新抽取卡片',
    data: z.object({ drawNo: key, skip }),
    id: (d) => `refresh-draw-${d.drawNo}`,
  }),
  'refresh-task': spec({
    label: '更新任务卡片',
    data: z.object({ taskNo: key, skip }),
    id: (d) => `refresh-task-${d.taskNo}`,
  }),
  'send-plan-cards': spec({
    label: '发送计划审批卡片',
    data: z.object({ id: key }),
    id: (d) => `send-plan-cards-${d.id}`,
  }),
  'refresh-plan': spec({
    label: '更新计划卡片',
    data: z.object({ id: key, skip }),
    id: (d) => `refresh-plan-${d.id}`,
  }),
};

export type JobName = keyof typeof JOBS;
export type JobData<N extends JobName> = z.infer<(typeof JOBS)[N]['data']>;
/** One job to add: `once` is appended to its id (a repeat of the same work that must run again). */
export type JobRequest = { [N in JobName]: { name: N; data: JobData<N>; once?: string } }[JobName];

export const isJobName = (name: string): name is JobName => Object.hasOwn(JOBS, name);

/** The job's id; BullMQ refuses `:` in custom ids (it separates key parts). */
export function jobId(req: JobRequest): string {
  const base = (JOBS[req.name].id as (d: unknown) => string)(req.data);
  const id = req.once ? `${base}-${req.once}` : base;
  if (id.includes(':')) throw new Error(`job id with ':' (${id})`);
  return id;
}

/** What `/运维` calls a job, by its name (an unknown name as itself). */
export const jobLabel = (name: string): string => (isJobName(name) ? JOBS[name].label : name);

/** The typed way to add work: the payload checked against its name at compile time, the id built here. */
export interface Jobs {
  enqueue<N extends JobName>(name: N, data: JobData<N>, once?: string): Promise<void>;
  enqueueMany(requests: JobRequest[]): Promise<void>;
}

export function typedJobs(queue: Pick<JobQueue, 'enqueue' | 'enqueueMany'>): Jobs {
  const raw = (r: JobRequest) => ({ name: r.name, data: r.data as object, jobId: jobId(r) });
  return {
    enqueue: (name, data, once) => {
      const r = raw({ name, data, ...(once ? { once } : {}) } as JobRequest);
      return queue.enqueue(r.name, r.data, r.jobId);
    },
    enqueueMany: (requests) => queue.enqueueMany(requests.map(raw)),
  };
}

/** The jobs that send the handed-over cards to their new holders (ids unique to the day). */
export const handoverJobs = (h: Handover, day: string): JobRequest[] => [
  ...h.reviews.map((taskNo): JobRequest => ({
    name: 'send-review',
    data: { taskNo },
    once: `handover-${day}`,
  })),
  ...h.approvals.map((drawNo): JobRequest => ({
    name: 'send-approval',
    data: { drawNo },
    once: `handover-${day}`,
  })),
];
