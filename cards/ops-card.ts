import { ACTIONS } from './actions';
import { button, buttonRow, card, hr, md, text } from './parts';

/** Jobs in each state of the one queue. `waiting` counts prioritized jobs too. */
export interface QueueDepths {
  waiting: number;
  active: number;
  /** Waiting for their next attempt (backoff) or the rate limiter. */
  delayed: number;
  /** The dead-letter list: failed after every attempt, or at once when retrying cannot help. */
  failed: number;
  /** Kept a day. */
  completed: number;
}

export interface FailedJob {
  id: string;
  name: string;
  /** What the job does, in words (the catalog's label). */
  label: string;
  attemptsMade: number;
  reason: string;
  /** `YYYY-MM-DD HH:mm`, Beijing time. */
  failedAt: string | null;
}

export type RunState = 'completed' | 'failed' | 'active' | 'waiting' | 'delayed';

/** The most recent kept run of the daily schedule trigger (`schedule-<day>`, jobs/schedule-trigger.ts). */
export interface ScheduleRun {
  jobId: string;
  /** The Beijing day it plans. */
  day: string;
  state: RunState;
  /** When it finished (completed, failed), started (active) or was enqueued (waiting, delayed). */
  at: string | null;
  attemptsMade: number;
  /** Of a completed run: the cards it planned to send, what it could not plan, a calendar warning. */
  sends?: number;
  problems?: string[];
  warning?: string;
  /** Of a failed run. */
  reason?: string;
}

/** What `/运维` shows. Times are already Beijing strings: the card has no clock. */
export interface OpsView {
  depths: QueueDepths;
  failed: FailedJob[];
  failedTotal: number;
  /** null: no run of the last `lookbackDays` days (and today) is kept. */
  schedule: ScheduleRun | null;
  /** How far back the schedule's runs are looked for (failed jobs are kept that long). */
  lookbackDays: number;
}

/** What each job does, in the office's words (jobs/work-worker.ts); an unknown name is shown as it is. */
const PROBLEMS_SHOWN = 5;
const REASON_MAX = 300;
const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max)}…` : s);

function scheduleLines(run: ScheduleRun | null, lookbackDays: number): unknown[] {
  const label = '**每日计划**（提醒、督办、月度汇总）';
  if (!run)
    return [
      md(`${label}：最近 ${lookbackDays + 1} 天没有保留的运行记录（完成的记录保留 1 天，失败的保留 7 天）。`),
    ];
  const head = `${label}：${run.day} 的计划`;
  switch (run.state) {
    case 'completed': {
      const problems = run.problems ?? [];
      return [
        md(
          `${head}于 ${run.at ?? '—'} 完成，安排发送 **${run.sends ?? 0}** 张卡片${problems.length ? `，**${problems.length}** 个问题` : '，没有问题'}。`,
        ),
        ...(problems.length
          ? [
              text(
                [
                  ...problems.slice(0, PROBLEMS_SHOWN).map((p) => `· ${clip(p, REASON_MAX)}`),
                  ...(problems.length > PROBLEMS_SHOWN
                    ? [`另有 ${problems.length - PROBLEMS_SHOWN} 个问题未列出`]
                    : []),
                ].join('\n'),
              ),
            ]
          : []),
        ...(run.warning ? [text(`提示：${run.warning}`)] : []),
      ];
    }
    case 'failed':
      return [
        md(`${head}于 ${run.at ?? '—'} **失败**（已尝试 ${run.attemptsMade} 次），可在下方失败列表中重试。`),
        text(`原因：${clip(run.reason ?? '', REASON_MAX)}`),
      ];
    case 'active':
      return [md(`${head}于 ${run.at ?? '—'} 开始运行，尚未完成。`)];
    case 'delayed':
      return [md(`${head}出错后正在等待下一次尝试（已尝试 ${run.attemptsMade} 次）。`)];
    default:
      return [md(`${head}已于 ${run.at ?? '—'} 排队，等待运行。`)];
  }
}

/**
 * `/运维` for the office: the queue's depths, the last run of the daily schedule, and the failed jobs
 * (the dead-letter list), newest first, each with 重试; 全部重试 and 刷新 below. Pure.
 */
export function opsCard(v: OpsView) {
  const d = v.depths;
  const more = v.failedTotal - v.failed.length;
  return card({
    title: '运维：后台任务',
    template: v.failedTotal > 0 ? 'orange' : 'blue',
    elements: [
      md(
        `**队列**：等待 ${d.waiting}｜执行中 ${d.active}｜等待重试 ${d.delayed}｜失败 **${d.failed}**｜已完成 ${d.completed}（保留 1 天）`,
      ),
      hr(),
      ...scheduleLines(v.schedule, v.lookbackDays),
      hr(),
      ...(v.failed.length === 0
        ? [md('**失败的任务**：没有。')]
        : [
            md(
              `**失败的任务**：共 ${v.failedTotal} 个${more > 0 ? `，列出最新的 ${v.failed.length} 个` : ''}（多次重试仍失败或无法重试的任务，保留 7 天）`,
            ),
            ...v.failed.flatMap((j, i) => [
              md(`**${i + 1}. ${j.label}**｜${j.failedAt ?? '—'} 失败，已尝试 ${j.attemptsMade} 次`),
              text(`${j.id}\n原因：${clip(j.reason, REASON_MAX)}`),
              button('重试', { action: ACTIONS.opsRetry, jobId: j.id }),
            ]),
          ]),
      buttonRow([
        ...(v.failedTotal > 0
          ? [button(`全部重试（${v.failedTotal}）`, { action: ACTIONS.opsRetryAll }, 'primary')]
          : []),
        button('刷新', { action: ACTIONS.opsRefresh }),
      ]),
    ],
  });
}
