import { pendingPublicationsCard } from '../../cards/publication-cards';
import { overdueCard } from '../../cards/schedule-cards';
import { validateCard } from '../../emulator/card-validator';

const p = (i: number, workdaysLeft: number) => ({
  taskNo: `CC2026-03-R1-01-${String(i).padStart(4, '0')}`,
  itemName: '旅馆业',
  unitName: '治安大队',
  targetName: `偃师区客栈${i}`,
  resultCategory: '未发现问题',
  dueBy: '2026-12-29',
  workdaysLeft,
});

describe('the 公示 cards', () => {
  const variants = {
    empty: pendingPublicationsCard({ title: '待公示的检查结果（0）', intro: '-', items: [] }),
    one: pendingPublicationsCard({ title: '待公示的检查结果（1）', intro: '请公示：', items: [p(1, 3)] }),
    mixed: pendingPublicationsCard({
      title: '检查结果公示提醒（3）',
      intro: '请公示：',
      items: [p(1, -2), p(2, 0), p(3, 5)],
      done: '已公示 1 项',
    }),
    long: pendingPublicationsCard({
      title: '待公示的检查结果（23）',
      intro: '请公示：',
      items: Array.from({ length: 23 }, (_, i) => p(i, 10)),
    }),
    overdue: overdueCard({
      kind: 'publications',
      step: 2,
      role: '责任局领导',
      workdaysOverdue: 3,
      items: [
        {
          title: '偃师区客栈1（旅馆业）',
          detail: 'CC2026-03-R1-01-0001｜治安大队｜检查结果应于 2026-12-29 前公示',
        },
      ],
    }),
  };

  it.each(Object.entries(variants))('%s is a valid card', (_name, card) => {
    expect(validateCard(card)).toEqual([]);
    expect(card).toMatchSnapshot();
  });

  it('offers 公示 for each result and 全部公示 for those shown, and says when there is none', () => {
    const mixed = JSON.stringify(variants.mixed);
    expect(mixed.match(/"action":"publication.publish"/g)).toHaveLength(3);
    expect(mixed).toContain(
      '"action":"publication.publishAll","taskNos":["CC2026-03-R1-01-0001","CC2026-03-R1-01-0002","CC2026-03-R1-01-0003"]',
    );
    expect(mixed).toContain('已逾期 2 个工作日');
    expect(JSON.stringify(variants.one)).not.toContain('publishAll');
    expect(JSON.stringify(variants.empty)).toContain('没有待公示的检查结果');
    expect(JSON.stringify(variants.long)).toContain('另有 3 项未列出');
    expect(JSON.stringify(variants.long)).toContain('全部公示（20 项）');
    expect(JSON.stringify(variants.overdue)).toContain('结果公示逾期督办（第 2 级）：1 项未按期公示');
  });
});
