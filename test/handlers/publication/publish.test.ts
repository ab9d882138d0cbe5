import { ACTIONS } from '../../../cards/actions';
import { fileReport, reviewReport } from '../../../src/services/reports';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { demoDraw, plainInspectorOf, REPORT_FORM } from '../../helpers/publications';
import { DEMO_NOW } from '../../helpers/demo-bot';

/**
 * `/公示` (handlers/publication/command.ts) and its buttons 公示 / 全部公示 (publish.ts): the accepted
 * results a unit's 责任人 (or the office) may publish, each checked against who clicked.
 */
describe('/公示, 公示 and 全部公示', () => {
  const h = useHandlerDeps();
  let accepted: string[];

  beforeAll(async () => {
    const { models } = h.db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.find({ drawNo }).sort({ taskNo: 1 }).limit(3).lean();
    for (const t of tasks) {
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, REPORT_FORM as never, DEMO_NOW);
      await reviewReport(models, t.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    }
    accepted = tasks.map((t) => t.taskNo);
  });
  afterEach(() => expect(h.errors).toEqual([]));
  const published = async () =>
    (await h.db().models.Publication.find({ kind: 'result', status: 'published' }).lean()).length;

  it('lists the unit’s accepted results for its 责任人', async () => {
    const [card] = await h.say('彭世杰', '/公示');
    expect(card!.card.header.title.content).toBe(`待公示的检查结果（${accepted.length}）`);
    for (const taskNo of accepted) expect(JSON.stringify(card!.card)).toContain(taskNo);
  });

  it('refuses an inspector, and a result that is not due for 公示', async () => {
    const task = (await h.db().models.Task.findOne({ _id: accepted[0] }).lean())!;
    // Not the unit's 大队长, whom the draw may pick and who may publish.
    const inspector = await plainInspectorOf(h.db().models, task);
    const [refusal] = await h.say(inspector, '/公示');
    expect(refusal!.card.header.title.content).toBe('无法完成');
    const none = await h.click('彭世杰', {
      action: ACTIONS.publicationPublish,
      taskNo: 'CC2026-03-R1-01-0999',
    });
    expect(none.toast).toEqual({
      type: 'error',
      content: '没有待公示的检查结果 CC2026-03-R1-01-0999（可能尚未审核通过）',
    });
    expect(await published()).toBe(0);
  });

  it('publishes one, then the rest; a card clicked again says they are published already', async () => {
    const one = await h.click('彭世杰', { action: ACTIONS.publicationPublish, taskNo: accepted[0] });
    expect(one.toast).toEqual({ type: 'success', content: '已公示 1 项' });
    expect(one.card.header.title.content).toBe(`待公示的检查结果（${accepted.length - 1}）`);
    const all = await h.click('彭世杰', { action: ACTIONS.publicationPublishAll, taskNos: accepted });
    expect(all.toast).toEqual({
      type: 'success',
      content: `已公示 ${accepted.length - 1} 项，另 1 项此前已公示`,
    });
    const again = await h.click('彭世杰', { action: ACTIONS.publicationPublishAll, taskNos: accepted });
    expect(again.toast).toEqual({ type: 'info', content: '这些检查结果已经公示过了' });
    expect(await published()).toBe(accepted.length);
  });

  it('refuses a 全部公示 card whose list is not a list', async () => {
    const bad = await h.click('彭世杰', { action: ACTIONS.publicationPublishAll, taskNos: 'x' });
    expect(bad.toast).toEqual({ type: 'error', content: '这张卡片的公示清单无效，请重新发送 /公示' });
  });
});
