import { useHandlerDeps } from '../../helpers/handler-deps';
import { REPORT_FORM } from '../../helpers/publications';
import { openTasks } from '../../../src/services/open-tasks';

/** `report.submit` (handlers/report/submit.ts): the form checked field by field, filed, sent for review. */
describe('report.submit', () => {
  const h = useHandlerDeps();
  let task: { taskNo: string; targetName: string; inspector: string };

  beforeAll(async () => {
    task = await h.dispatchedTask('hotels');
  });
  afterEach(() => expect(h.errors).toEqual([]));
  const submit = (name: string, form: Record<string, unknown>) =>
    h.click(name, { action: 'report.submit', taskNo: task.taskNo }, form);
  const stored = () => h.db().models.Task.findOne({ _id: task.taskNo }).lean();

  it('refuses a form with a problem, naming the field by its label, and saves nothing', async () => {
    const answer = await submit(task.inspector, { ...REPORT_FORM, inspectedOn: undefined });
    expect(answer.toast).toEqual({ type: 'error', content: '请填写检查日期' });
    const finding = await submit(task.inspector, { ...REPORT_FORM, result: '发现问题已责令改正' });
    expect(finding.toast).toEqual({
      type: 'error',
      content: '检查结果为“发现问题已责令改正”时必须填写问题描述',
    });
    expect(await stored()).toMatchObject({ status: 'open' });
    expect(await h.jobs()).toEqual([]);
  });

  it('refuses someone who is not one of the task’s inspectors', async () => {
    const answer = await submit('彭世杰', REPORT_FORM);
    expect(answer.toast?.type).toBe('error');
    expect(await stored()).toMatchObject({ status: 'open' });
  });

  it('files the report, answers with the filed task card, and queues the review card and the copies', async () => {
    const answer = await submit(task.inspector, REPORT_FORM);
    expect(answer.toast).toEqual({ type: 'success', content: '已提交，等待彭世杰审核' });
    expect(answer.card.header.title.content).toBe(`检查任务 · 已填报：${task.targetName}`);
    expect(await stored()).toMatchObject({ status: 'reported' });
    expect((await h.jobs()).map((j) => [j.name, j.data.taskNo])).toEqual([
      ['send-review', task.taskNo],
      ['refresh-task', task.taskNo],
    ]);
  });

  it('answers a repeat of the same click as before, and refuses filing again', async () => {
    const repeat = await submit(task.inspector, REPORT_FORM);
    expect(repeat.toast).toEqual({ type: 'success', content: '已提交，等待彭世杰审核' });
    const changed = await submit(task.inspector, { ...REPORT_FORM, method: '书面检查' });
    expect(changed.toast).toEqual({ type: 'error', content: `任务 ${task.taskNo} 已填报，不能重复填报` });
    expect((await h.jobs()).length).toBe(2);
  });
});

describe('report.submit after the review', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('refuses the same form sent again from another copy once accepted: the task stays accepted', async () => {
    const { models } = h.db();
    const t = await h.dispatchedTask('hotels');
    const submit = (messageId: string) =>
      h.click(t.inspector, { action: 'report.submit', taskNo: t.taskNo }, REPORT_FORM, messageId);
    expect((await submit('om_form_1')).toast?.type).toBe('success');
    const accepted = await h.click('彭世杰', { action: 'review.accept', taskNo: t.taskNo });
    expect(accepted.toast?.type).toBe('success');

    const stale = await submit('om_form_2');
    expect(stale.toast).toEqual({ type: 'error', content: `任务 ${t.taskNo} 已填报，不能重复填报` });
    expect((await models.Task.findOne({ _id: t.taskNo }).lean())!.status).toBe('accepted');
    expect((await models.Report.findOne({ _id: t.taskNo }).lean())!.review?.status).toBe('accepted');
    expect((await openTasks(models)).map((o) => o.taskNo)).not.toContain(t.taskNo);
  });
});
