import { drawPromptCard, overdueCard, reminderCard } from '../../cards/schedule-cards';
import { summaryCard } from '../../cards/summary-card';
import { validateCard } from '../../emulator/card-validator';

const t = (i: number, workdaysLeft: number) => ({
  taskNo: `CC2026-04-R1-01-${String(i).padStart(4, '0')}`,
  itemName: '娱乐场所',
  targetName: `偃师区歌城${i}`,
  deadline: '2026-12-30',
  workdaysLeft,
});

describe('the cards the schedule sends', () => {
  const variants = {
    prompt: drawPromptCard({
      itemCode: 'explosives',
      itemName: '民用爆炸物品',
      year: 2026,
      round: 2,
      rounds: 2,
      drawBy: '2026-10-15',
      deadline: '2026-11-05',
      workdaysLeft: 5,
    }),
    promptLate: drawPromptCard({
      itemCode: 'entertainment',
      itemName: '娱乐场所',
      year: 2026,
      round: 1,
      rounds: 1,
      drawBy: '2026-10-15',
      deadline: '2026-12-30',
      workdaysLeft: -2,
    }),
    reminder: reminderCard({ name: '王伟', tasks: [t(1, 0), t(2, 3)] }),
    reminderLong: reminderCard({ name: '王伟', tasks: Array.from({ length: 25 }, (_, i) => t(i, 7)) }),
    overdueDraw: overdueCard({
      kind: 'draw',
      step: 1,
      role: '责任人',
      workdaysOverdue: 1,
      items: [{ title: '娱乐场所', detail: '2026 年第 1 轮应于 2026-10-15 前抽取，至今没有经批准的抽取' }],
    }),
    overdue: overdueCard({
      kind: 'tasks',
      step: 3,
      role: '领导小组办公室',
      workdaysOverdue: 5,
      items: [
        {
          title: '偃师区歌城1（娱乐场所）',
          detail: 'CC2026-04-R1-01-0001｜治安管理大队｜应于 2026-12-30 前完成',
        },
      ],
    }),
    summary: summaryCard({
      month: '2026-11',
      asOf: '2026-12-01',
      auditHead: {
        seq: 1234,
        hash: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
        at: '2026-12-01T01:29:58.000Z',
      },
      rows: [
        {
          itemName: '娱乐场所',
          unitName: '治安管理大队',
          dispatched: 12,
          filed: 9,
          onTime: 8,
          overdue: 1,
          problems: 2,
          rectified: 1,
        },
        {
          itemName: '旅馆业',
          unitName: '治安管理大队',
          dispatched: 0,
          filed: 3,
          onTime: 3,
          overdue: 0,
          problems: 0,
          rectified: 0,
        },
      ],
    }),
  };

  it.each(Object.entries(variants))('%s is a valid card', (_name, card) => {
    expect(validateCard(card)).toEqual([]);
    expect(card).toMatchSnapshot();
  });

  it('starts the draw of the prompted item, and reports each reminded task', () => {
    expect(JSON.stringify(variants.prompt)).toContain('"action":"draw.start","item":"explosives"');
    expect(JSON.stringify(variants.reminder).match(/"action":"report.open"/g)).toHaveLength(2);
    expect(JSON.stringify(variants.reminderLong)).toContain('另有 5 项未列出');
    expect(JSON.stringify(variants.summary)).toContain('本月派发 **12** 项，完成 **12** 项（按期 11）');
    expect(JSON.stringify(variants.summary)).toContain(
      '审计日志截至第 1234 条，哈希 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855（2026-12-01 09:29）',
    );
  });
});
