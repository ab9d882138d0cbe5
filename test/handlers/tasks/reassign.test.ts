import { proposeReplacing } from '../../helpers/stored-tasks';
import { findTask } from '../../../src/services/task-records';
import { ACTIONS } from '../../../cards/actions';
import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/**
 * 随机改派 (handlers/tasks/reassign.ts): the unit head's phrase picks the replacement from the committed
 * candidates; the task takes them, and the new inspector's card and the task's refresh are queued.
 */
describe('task.reassign', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));
  let task: { taskNo: string; targetName: string; inspector: string };
  let id = '';
  let gone = '';
  let head = '';

  beforeAll(async () => {
    const { models } = h.db();
    task = await h.dispatchedTask('hotels');
    const stored = (await findTask(models, task.taskNo))!;
    gone = stored.inspectorKeys[0]!;
    head = (await models.Person.findOne({ unitName: stored.unitName, roles: 'unit_head' }).lean())!.name;
    id = (await proposeReplacing(models, stored, gone, 'fast-reassign'))._id;
  });

  const press = (name: string, phrase: string, value: Record<string, unknown> = { id }) =>
    h.click(name, { action: ACTIONS.taskReassign, ...value }, { phrase });

  it('refuses anyone but the unit’s head or 责任人, an unknown card and a short phrase, changing nothing', async () => {
    const other = await press('陶向东', '冬日暖阳');
    expect(other.toast).toEqual({
      type: 'error',
      content: `只有治安大队的负责人或责任人可以改派任务 ${task.taskNo} 的检查人员`,
    });
    const unknown = await press(head, '冬日暖阳', { id: `${task.taskNo}|nobody` });
    expect(unknown.toast).toEqual({ type: 'error', content: '这张改派卡片对应的记录不存在' });
    const short = await press(head, '短');
    expect(short.toast).toEqual({ type: 'error', content: '改派随机码至少 4 个字，当前 1 个字' });
    const { models } = h.db();
    expect((await models.Reassignment.findOne({ _id: id }).lean())!.status).not.toBe('decided');
    expect((await models.Task.findOne({ _id: task.taskNo }).lean())!.inspectorKeys).toContain(gone);
    expect(await h.jobs()).toEqual([]);
  });

  it('swaps in the picked candidate, answers with the decided card, and queues the new card and the refresh', async () => {
    const { models } = h.db();
    const answer = await press(head, '冬日暖阳');
    const r = (await models.Reassignment.findOne({ _id: id }).lean())!;
    expect(r).toMatchObject({ status: 'decided', phrase: '冬日暖阳' });
    const picked = r.picked!;
    expect((r.inputs as { candidates: string[] }).candidates).toContain(picked);
    const name = (r.names as Record<string, string>)[picked];
    expect(answer.toast).toEqual({
      type: 'success',
      content: `已改派为 ${name}，新的检查人员会收到任务卡片`,
    });
    expect(textOf(answer.card)).toContain(name);
    const keys = (await models.Task.findOne({ _id: task.taskNo }).lean())!.inspectorKeys;
    expect(keys).toContain(picked);
    expect(keys).not.toContain(gone);
    const jobs = await h.jobs();
    expect(jobs.map((j) => j.name).sort()).toEqual(['refresh-task', 'send']);
    expect(jobs.find((j) => j.name === 'send')!.data).toMatchObject({
      kind: 'task',
      subject: task.taskNo,
      to: { personKey: picked },
    });
    expect(jobs.find((j) => j.name === 'refresh-task')!.data).toEqual({ taskNo: task.taskNo });

    // Pressed again with another phrase: the first decision stands, nothing more is queued.
    const again = await press(head, '再来一次');
    expect(again.toast).toEqual(answer.toast);
    expect((await models.Task.findOne({ _id: task.taskNo }).lean())!.inspectorKeys).toEqual(keys);
    expect(await h.jobs()).toHaveLength(2);
  });
});
