import { fileReport } from '../../../src/services/reports';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { demoDraw, REPORT_FORM } from '../../helpers/publications';
import { DEMO_NOW } from '../../helpers/demo-bot';

/** `review.accept` / `review.return` (handlers/review/decide.ts): 通过 or 退回 on the review card. */
describe('review.accept and review.return', () => {
  const h = useHandlerDeps();
  let tasks: { taskNo: string; targetName: string }[];

  beforeAll(async () => {
    const { models } = h.db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const all = await models.Task.find({ drawNo }).sort({ taskNo: 1 }).limit(2).lean();
    for (const t of all)
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, REPORT_FORM as never, DEMO_NOW);
    tasks = all.map((t) => ({ taskNo: t.taskNo, targetName: t.targetName }));
  });
  afterEach(() => expect(h.errors).toEqual([]));
  const status = async (taskNo: string) => (await h.db().models.Task.findOne({ _id: taskNo }).lean())!.status;

  it('refuses a reviewer who is not the item’s 责任人, and changes nothing', async () => {
    const answer = await h.click('陶向东', { action: 'review.accept', taskNo: tasks[0]!.taskNo });
    expect(answer.toast?.type).toBe('error');
    expect(await status(tasks[0]!.taskNo)).toBe('reported');
  });

  it('accepts: says by when to publish, answers with the decided card, refreshes the copies', async () => {
    const answer = await h.click('彭世杰', { action: 'review.accept', taskNo: tasks[0]!.taskNo });
    expect(answer.toast).toEqual({
      type: 'success',
      content: expect.stringMatching(/^已审核通过，请于 \d{4}-\d\d-\d\d 前公示（发送 \/公示）$/),
    });
    expect(answer.card.header.title.content).toBe(`已通过：${tasks[0]!.targetName}`);
    expect(await status(tasks[0]!.taskNo)).toBe('accepted');
    expect((await h.jobs()).map((j) => [j.name, j.data.taskNo])).toEqual([
      ['refresh-task', tasks[0]!.taskNo],
    ]);
  });

  it('returns only with a reason', async () => {
    const bare = await h.click(
      '彭世杰',
      { action: 'review.return', taskNo: tasks[1]!.taskNo },
      { reason: ' ' },
    );
    expect(bare.toast).toEqual({ type: 'error', content: '请填写退回原因' });
    expect(await status(tasks[1]!.taskNo)).toBe('reported');
    const answer = await h.click(
      '彭世杰',
      { action: 'review.return', taskNo: tasks[1]!.taskNo },
      { reason: '照片不清楚，请补拍' },
    );
    expect(answer.toast).toEqual({ type: 'success', content: '已退回，检查人员会看到退回原因' });
    expect(await status(tasks[1]!.taskNo)).toBe('returned');
  });
});
