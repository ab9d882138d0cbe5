import { reassignCard, type ReassignView } from '../../cards/reassign-card';

const view: ReassignView = {
  taskNo: 'CC2026-03-R1-01-0007',
  itemName: '旅馆业',
  targetName: '偃师区迎宾旅馆',
  deadline: '2026-12-30',
  replaced: '张伟',
  reason: '检查期间不在岗',
  id: 'CC2026-03-R1-01-0007|badge:41038010004',
  candidates: ['李娜', '王强', '赵敏'],
  commitment: 'c0'.repeat(32),
};

describe('the 改派 card', () => {
  it('asks the unit head for a phrase, names the candidates and the published commitment', () => {
    const card = reassignCard(view);
    expect(card).toMatchSnapshot();
    expect(JSON.stringify(card)).toContain(
      '"action":"task.reassign","id":"CC2026-03-R1-01-0007|badge:41038010004"',
    );
  });

  it('shows the decision, and says when nobody can take the place', () => {
    const done = reassignCard({ ...view, decided: { picked: '王强', by: '刘大队', phrase: '冬日暖阳' } });
    expect(done.header.title.content).toBe('已改派：偃师区迎宾旅馆');
    expect(JSON.stringify(done)).toContain(
      '已由 刘大队 输入随机码“冬日暖阳”改派为 **王强**（从 3 名候选人员中随机匹配）',
    );
    expect(JSON.stringify(done)).not.toContain('task.reassign');
    const none = reassignCard({ ...view, id: null, candidates: [], commitment: null });
    expect(none.header).toMatchObject({ title: { content: '无法改派：偃师区迎宾旅馆' }, template: 'red' });
    expect(JSON.stringify(none)).not.toContain('task.reassign');
  });
});
