import { objectionCard, objectionFormCard, type ObjectionView } from '../../cards/objection-cards';

const result = {
  taskNo: 'CC2026-03-R1-01-0001',
  itemName: '旅馆业',
  unitName: '治安大队',
  targetName: '偃师区迎宾旅馆',
  publishedOn: '2026-11-26',
  resultCategory: '发现问题已责令改正',
  followUp: '责令改正',
  rectification: '',
};
const open: ObjectionView = {
  id: 'CC2026-03-R1-01-0001#1',
  result,
  objector: '偃师区迎宾旅馆',
  receivedOn: '2026-12-02',
  content: '检查当日消防通道并未堵塞',
  status: 'open',
};

describe('the 异议 cards', () => {
  it('give the office a form and the leader two decisions, every field name unique', () => {
    const form = objectionFormCard({ ...result, today: '2026-12-03', deadline: '2026-12-17' });
    const decide = objectionCard(open);
    expect(form).toMatchSnapshot();
    expect(decide).toMatchSnapshot();
    const names = JSON.stringify(decide).match(/"name":"[^"]+"/g)!;
    expect(new Set(names).size).toBe(names.length);
  });

  it('show the decision once made, and the corrected fields', () => {
    const done = objectionCard({
      ...open,
      status: 'corrected',
      decided: {
        by: '赵晓辉',
        on: '2026-12-03',
        reason: '调取监控后确认',
        correction: { resultCategory: '未发现问题', followUp: '无需后续处置', rectification: '' },
      },
    });
    expect(done.header.title.content).toBe('已更正：偃师区迎宾旅馆');
    expect(JSON.stringify(done)).toContain('更正后：未发现问题｜后续处置：无需后续处置');
    expect(JSON.stringify(done)).not.toContain('objection.correct');
  });
});
