import { z } from 'zod';
import { DomainError } from '../../src/domain/errors';
import { appendAudit } from '../../src/services/audit';
import type { ActionHandler } from '../context';
import { currentOpsCard, requireOffice } from './shared';

const jobIdOf = (value: Record<string, unknown>): string => {
  const id = z.string().min(1).max(500).safeParse(value.jobId);
  if (!id.success) throw new DomainError('BAD_JOB_ID', '这张卡片的按钮已失效，请重新发送 /运维');
  return id.data;
};

/** 重试 on one failed job: back in the queue under its own id (audited); the card shows the queue now. */
export const opsRetry: ActionHandler = async (ctx) => {
  const actor = await requireOffice(ctx, 'ops.retry');
  const job = await ctx.deps.ops.retry(jobIdOf(ctx.value));
  await appendAudit(
    ctx.deps.models,
    {
      actor: actor.key,
      action: 'ops.job-retried',
      subject: `job:${job.id}`,
      details: { name: job.name },
      key: `ops-retry:${ctx.token}`,
    },
    ctx.deps.now(),
  );
  return {
    toast: { type: 'success', content: `已重新排队：${job.id}` },
    card: await currentOpsCard(ctx),
  };
};

/** 全部重试: every failed job back in the queue (audited). */
export const opsRetryAll: ActionHandler = async (ctx) => {
  const actor = await requireOffice(ctx, 'ops.retry-all');
  const count = await ctx.deps.ops.retryAll();
  await appendAudit(
    ctx.deps.models,
    {
      actor: actor.key,
      action: 'ops.jobs-retried',
      subject: 'jobs:failed',
      details: { count },
      key: `ops-retry:${ctx.token}`,
    },
    ctx.deps.now(),
  );
  return {
    toast: { type: 'success', content: `已重新排队 ${count} 个失败的任务` },
    card: await currentOpsCard(ctx),
  };
};
