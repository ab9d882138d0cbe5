import { ACTIONS } from '../../../cards/actions';
import { useHandlerDeps } from '../../helpers/handler-deps';

/**
 * `/运维`, 刷新, 重试 and 全部重试 (handlers/ops/command.ts, refresh.ts, retry.ts): the queue as it is, for the
 * office only. (Failed jobs and their retry, end to end: test/handlers/ops.test.ts.)
 */
describe('/运维 and its buttons', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));

  it('shows the office the queue, and refuses anyone else', async () => {
    const [card] = await h.say('陶向东', '/运维');
    expect(card!.card.header.title.content).toBe('运维：后台任务');
    const [refused] = await h.say('彭世杰', '/运维');
    expect(refused!.card.header.title.content).toBe('无法完成');
    expect((await h.click('彭世杰', { action: ACTIONS.opsRefresh })).toast?.type).toBe('error');
  });

  it('refreshes the card; a retry without a job, or with none failed, says why', async () => {
    const refreshed = await h.click('陶向东', { action: ACTIONS.opsRefresh });
    expect(refreshed.card.header.title.content).toBe('运维：后台任务');
    const stale = await h.click('陶向东', { action: ACTIONS.opsRetry });
    expect(stale.toast).toEqual({ type: 'error', content: '这张卡片的按钮已失效，请重新发送 /运维' });
    const none = await h.click('陶向东', { action: ACTIONS.opsRetryAll });
    expect(none.toast).toEqual({ type: 'error', content: '没有失败的后台任务，无需重试' });
  });
});
