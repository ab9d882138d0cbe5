import { useHandlerDeps } from '../../helpers/handler-deps';

/** `report.open` (handlers/report/open.ts): 填报检查结果 on a task card opens the form, or says why not. */
describe('report.open', () => {
  const h = useHandlerDeps();
  let task: { taskNo: string; targetName: string; inspector: string };

  beforeAll(async () => {
    task = await h.dispatchedTask('hotels');
  });
  afterEach(() => expect(h.errors).toEqual([]));

  it('answers the inspector with the form, dated today, with the item’s methods', async () => {
    const answer = await h.click(task.inspector, { action: 'report.open', taskNo: task.taskNo });
    expect(answer.toast).toBeUndefined();
    expect(answer.card.header.title.content).toBe(`填报检查结果：${task.targetName}`);
    const text = JSON.stringify(answer.card);
    expect(text).toContain('2026-11-26');
    expect(text).toContain('现场检查');
    expect(await h.jobs()).toEqual([]);
  });

  it('refuses someone who is not one of the task’s inspectors, naming why', async () => {
    const answer = await h.click('赵晓辉', { action: 'report.open', taskNo: task.taskNo });
    expect(answer.toast).toEqual({ type: 'error', content: expect.stringContaining('检查人员') });
    expect(answer.card).toBeUndefined();
  });

  it('refuses a task number that does not exist', async () => {
    const answer = await h.click(task.inspector, { action: 'report.open', taskNo: 'CC2026-03-R1-01-9999' });
    expect(answer.toast).toEqual({ type: 'error', content: '这张卡片对应的检查任务不存在' });
  });

  it('refuses a task already filed', async () => {
    await h.db().models.Task.updateOne({ _id: task.taskNo }, { $set: { status: 'reported' } });
    const answer = await h.click(task.inspector, { action: 'report.open', taskNo: task.taskNo });
    expect(answer.toast).toEqual({ type: 'error', content: `任务 ${task.taskNo} 已填报，不能重复填报` });
  });
});
