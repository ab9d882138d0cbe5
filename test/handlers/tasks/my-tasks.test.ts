import { useHandlerDeps } from '../../helpers/handler-deps';
import { demoDraw } from '../../helpers/publications';
import { DEMO_NOW } from '../../helpers/demo-bot';

/** `/我的任务` (handlers/tasks/my-tasks.ts): the caller's unfinished tasks, with the days left. */
describe('/我的任务', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('lists an inspector’s open tasks with their deadlines, and none for someone without any', async () => {
    const { models } = h.db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const t = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
    const inspector = (await models.Person.findOne({ key: t.inspectorKeys[0] }).lean())!;
    const mine = await models.Task.countDocuments({ drawNo, inspectorKeys: inspector.key });

    const [card] = await h.say(inspector.name, '/我的任务');
    expect(card!.card.header.title.content).toBe(`我的检查任务（${mine}）`);
    expect(JSON.stringify(card!.card)).toContain(t.targetName);

    const [none] = await h.say('陶向东', '/我的任务');
    expect(none!.card.header.title.content).toBe('我的检查任务');
  });
});
