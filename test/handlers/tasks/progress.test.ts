import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { demoDraw } from '../../helpers/publications';
import { DEMO_NOW } from '../../helpers/demo-bot';

/** `/进度 [事项]` (handlers/tasks/progress.ts): the year's progress, of every item or of those named. */
describe('/进度', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('shows every item’s progress, then only the item named (a loose name too)', async () => {
    const { models } = h.db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const tasks = await models.Task.countDocuments({ drawNo });

    const [all] = await h.say('彭世杰', '/进度');
    expect(all!.card.header.title.content).toBe('2026 年抽查进度（截至 2026-11-26）');
    expect(textOf(all!.card)).toContain(`任务 ${tasks} 个：已完成 0（0%），待审核 0，未完成 ${tasks}`);
    expect(textOf(all!.card)).toContain('娱乐场所');

    const [one] = await h.say('彭世杰', '/进度 旅馆');
    expect(textOf(one!.card)).toContain('旅馆业');
    expect(textOf(one!.card)).not.toContain('娱乐场所');
  });
});
