import { checkReport } from '../../src/domain/report';

const rules = { today: '2026-11-26', dispatchedOn: '2026-11-20', methods: ['现场检查', '书面检查'] };
const good = {
  inspectedOn: '2026-11-25',
  method: '现场检查',
  result: '未发现问题',
  followUp: '无需后续处置',
};

describe('completion report rules', () => {
  it('accepts a plain report and trims text; a date-time from the picker keeps its date', () => {
    expect(checkReport(rules, { ...good, inspectedOn: '2026-11-25 +0800', rectification: '  无 ' })).toEqual({
      ok: true,
      report: { ...good, findings: '', rectification: '无' },
    });
  });

  it('names the field of every problem', () => {
    const bad = (over: Record<string, unknown>) => checkReport(rules, { ...good, ...over });
    expect(bad({ inspectedOn: '2026-11-27' })).toEqual({ ok: false, message: '检查日期不能晚于今天' });
    expect(bad({ inspectedOn: '2026-11-19' })).toEqual({
      ok: false,
      message: '检查日期不能早于任务派发日（2026-11-20）',
    });
    expect(bad({ inspectedOn: '昨天' })).toEqual({ ok: false, message: '检查日期格式不对，应为 年-月-日' });
    expect(bad({ method: '网络检查' })).toEqual({
      ok: false,
      message: '检查方式应为 现场检查、书面检查 之一',
    });
    expect(bad({ result: '挺好' })).toEqual({ ok: false, message: '请选择检查结果' });
    expect(bad({ result: '发现问题已责令改正', followUp: '责令改正' })).toEqual({
      ok: false,
      message: '检查结果为“发现问题已责令改正”时必须填写问题描述',
    });
    expect(bad({ followUp: '行政处罚' })).toEqual({
      ok: false,
      message: '未发现问题时后续处置应为“无需后续处置”',
    });
    expect(bad({ rectification: '字'.repeat(1001) })).toEqual({ ok: false, message: '整改情况最多 1000 字' });
    expect(checkReport(rules, {})).toEqual({ ok: false, message: '请填写检查日期' });
  });

  it('takes a problem with its description and follow-up', () => {
    const r = checkReport(rules, {
      ...good,
      result: '发现问题待后续处理',
      findings: '消防通道堵塞',
      followUp: '抄告相关部门',
    });
    expect(r).toMatchObject({ ok: true, report: { findings: '消防通道堵塞', followUp: '抄告相关部门' } });
  });
});
