import { opsCard } from '../../cards/ops-card';
import { validateCard } from '../../emulator/card-validator';
import type { FailedJob, OpsView } from '../../src/services/ops';
import { buttons } from '../helpers/chat';

const depths = { waiting: 3, active: 1, delayed: 2, failed: 0, completed: 120 };
const failed = (i: number): FailedJob => ({
  id: `reminder-2026-11-26-name_王伟${i}`,
  name: i % 2 ? 'schedule-send' : 'send',
  label: i % 2 ? '发送提醒或督办卡片' : '发送任务卡片',
  attemptsMade: i % 2 ? 1 : 6,
  reason: i % 2 ? '无法通过飞书联系 name:王伟：名录中没有其手机号或飞书账号' : 'Feishu 500: internal error',
  failedAt: '2026-11-26 09:01',
});
const view = (v: Partial<OpsView>): OpsView => ({
  depths,
  failed: [],
  failedTotal: 0,
  schedule: null,
  lookbackDays: 7,
  ...v,
});

describe('the /运维 card', () => {
  const variants = {
    quiet: opsCard(view({})),
    withFailures: opsCard(
      view({
        depths: { ...depths, failed: 2 },
        failed: [failed(1), failed(2)],
        failedTotal: 2,
        schedule: {
          jobId: 'schedule-2026-11-26',
          day: '2026-11-26',
          state: 'completed',
          at: '2026-11-26 09:00',
          attemptsMade: 0,
          sends: 14,
          problems: ['名录中没有“王伟”（治安大队）'],
          warning: '节假日数据不含 2027 年：节假日按法定节日推算，调休未知；请更新 chinese-days',
        },
      }),
    ),
    manyFailures: opsCard(
      view({
        depths: { ...depths, failed: 45 },
        failed: Array.from({ length: 20 }, (_, i) => failed(i)),
        failedTotal: 45,
        schedule: {
          jobId: 'schedule-2026-11-26',
          day: '2026-11-26',
          state: 'failed',
          at: '2026-11-26 09:02',
          attemptsMade: 6,
          reason: 'connection closed',
        },
      }),
    ),
    scheduleWaiting: opsCard(
      view({
        schedule: {
          jobId: 'schedule-2026-11-26',
          day: '2026-11-26',
          state: 'waiting',
          at: '2026-11-26 09:00',
          attemptsMade: 0,
        },
      }),
    ),
  };

  it.each(Object.entries(variants))('%s is a valid card', (_name, card) => {
    expect(validateCard(card)).toEqual([]);
    expect(card).toMatchSnapshot();
  });

  it('says when nothing failed and no schedule run is kept, and offers only 刷新', () => {
    const text = JSON.stringify(variants.quiet);
    expect(text).toContain('**失败的任务**：没有。');
    expect(text).toContain('最近 8 天没有保留的运行记录');
    expect(text).toContain('等待 3｜执行中 1｜等待重试 2｜失败 **0**｜已完成 120');
    expect(buttons(variants.quiet)).toEqual([{ text: '刷新', value: { action: 'ops.refresh' } }]);
    expect(variants.quiet.header.template).toBe('blue');
  });

  it('lists each failed job with its reason and a 重试 carrying its id, then 全部重试', () => {
    const card = variants.withFailures;
    expect(card.header.template).toBe('orange');
    expect(buttons(card)).toEqual([
      { text: '重试', value: { action: 'ops.retry', jobId: 'reminder-2026-11-26-name_王伟1' } },
      { text: '重试', value: { action: 'ops.retry', jobId: 'reminder-2026-11-26-name_王伟2' } },
      { text: '全部重试（2）', value: { action: 'ops.retryAll' } },
      { text: '刷新', value: { action: 'ops.refresh' } },
    ]);
    const text = JSON.stringify(card);
    expect(text).toContain('**1. 发送提醒或督办卡片**｜2026-11-26 09:01 失败，已尝试 1 次');
    expect(text).toContain('无法通过飞书联系 name:王伟：名录中没有其手机号或飞书账号');
    expect(text).toContain('2026-11-26 的计划于 2026-11-26 09:00 完成，安排发送 **14** 张卡片，**1** 个问题');
    expect(text).toContain('名录中没有“王伟”（治安大队）');
  });

  it('says how many failed jobs it leaves out, and points a failed schedule run at the list', () => {
    const text = JSON.stringify(variants.manyFailures);
    expect(text).toContain('共 45 个，列出最新的 20 个');
    expect(text).toContain('**失败**（已尝试 6 次），可在下方失败列表中重试');
    expect(buttons(variants.manyFailures).filter((b) => b.text === '重试')).toHaveLength(20);
    expect(JSON.stringify(variants.scheduleWaiting)).toContain('2026-11-26 的计划已于 2026-11-26 09:00 排队');
  });
});
