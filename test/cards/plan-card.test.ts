import {
  planApprovalCard,
  planProblemsCard,
  planRolloverCard,
  planSubmittedCard,
  type PlanCardView,
} from '../../cards/plan-card';
import { validateCard } from '../../emulator/card-validator';
import { buttons, textOf } from '../helpers/chat';

const view: PlanCardView = {
  id: '2027-2',
  year: 2027,
  version: 2,
  status: 'pending',
  bureau: '河川县公安局',
  fileName: '2027年计划.xlsx',
  submittedBy: '孙丽',
  submittedAt: '2026-12-03 09:30',
  items: [
    {
      seq: 1,
      name: '典当业治安管理检查',
      ratioText: '100%',
      frequencyText: '1年1次',
      drawBy: '12月10日',
      deadline: '12月30日',
      leader: '钱伟',
      unit: '城关派出所',
      responsible: '王磊',
    },
  ],
  changes: ['典当业治安管理检查：责任人 冯涛 → 王磊'],
  unreachable: [],
  docNumber: '',
  docNumberHint: '河公通〔2027〕1号',
  effectiveOn: null,
  defaultEffectiveOn: '2027-01-01',
  decidedBy: null,
  decidedAt: null,
  reason: '',
};

describe('plan cards', () => {
  it('gives the 组长 批准 (文号, date) and 退回 while pending, and the outcome after', () => {
    const pending = planApprovalCard(view);
    const unreachable = planApprovalCard({
      ...view,
      unreachable: ['王磊（城关派出所）：没有手机号或飞书账号'],
    });
    const approved = planApprovalCard({
      ...view,
      status: 'approved',
      docNumber: '河公通〔2027〕1号',
      effectiveOn: '2027-01-01',
      decidedBy: '周建国',
      decidedAt: '2026-12-04 10:00',
    });
    const rejected = planSubmittedCard({
      ...view,
      status: 'rejected',
      decidedBy: '周建国',
      decidedAt: '2026-12-04 10:00',
      reason: '责任人请与派出所核对',
    });
    for (const c of [pending, unreachable, approved, rejected]) expect(validateCard(c)).toEqual([]);
    expect([pending, unreachable, approved, rejected]).toMatchSnapshot();
    expect(buttons(pending).map((b) => b.text)).toEqual(['批准', '退回']);
    expect(textOf(pending)).toContain('河公通〔2027〕1号');
    // Nobody approves a plan the bot cannot carry out: no 批准 while anyone is unreachable.
    expect(buttons(unreachable).map((b) => b.text)).toEqual(['退回']);
    expect(buttons(approved)).toEqual([]);
    expect(textOf(rejected)).toContain('责任人请与派出所核对');
  });

  it('lists a refused file’s problems (at most 30) and says nothing changed', () => {
    const problems = Array.from({ length: 33 }, (_, i) => `工作表“责任分工”第 ${i + 3} 行 责任人：…`);
    const card = planProblemsCard({ fileName: '计划.xlsx', year: 2027, problems });
    expect(validateCard(card)).toEqual([]);
    expect(textOf(card)).toContain('计划未作任何改动');
    expect(textOf(card)).toContain('另有 3 处问题未列出');
    expect(textOf(card)).not.toContain('第 35 行');
  });

  it('asks the office for next year’s plan: carry this one over, or send a file', () => {
    const december = planRolloverCard({
      year: 2027,
      started: false,
      current: { docNumber: '河公通〔2026〕7号', items: 3 },
    });
    const january = planRolloverCard({ year: 2027, started: true, current: null });
    for (const c of [december, january]) expect(validateCard(c)).toEqual([]);
    expect([december, january]).toMatchSnapshot();
    expect(buttons(december)).toEqual([
      { text: '沿用 2026 年计划（日期顺延）', value: { action: 'plan.carryOver', year: 2027 } },
    ]);
    expect(buttons(january)).toEqual([]);
    expect(textOf(january)).toContain('2027 年已开始');
  });
});
