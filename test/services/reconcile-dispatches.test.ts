import { randomBytes } from 'node:crypto';
import { decideApproval, proposeDraw, submitDraw } from '../../src/services/draws';
import { reconcileDispatches } from '../../src/services/reconcile-dispatches';
import { untilDispatched } from '../helpers/chat';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';

describe('reconciling dispatches from MongoDB (a lost queue)', () => {
  const { db, bot, errors } = useDemoBot();

  it('dispatches an approval whose job was lost, however old, and leaves a finished dispatch alone', async () => {
    const { models } = db();
    const out = await proposeDraw(models, {
      year: 2026,
      itemCode: 'seal-engraving',
      round: 1,
      actor: 'name:彭世杰',
      now: DEMO_NOW,
      randomBytes,
    });
    const { drawNo, count } = out.draw;
    await submitDraw(models, drawNo, 'name:彭世杰', DEMO_NOW);
    // 批准 decided, then the process died before its `dispatch` job was queued; a month passes.
    await decideApproval(models, drawNo, 'name:赵晓辉', DEMO_NOW, '对账 测试 随机码');
    const later = new Date(DEMO_NOW.getTime() + 30 * 86_400_000);
    expect(await reconcileDispatches(models, bot().deps.jobs, later)).toEqual([drawNo]);
    expect(await untilDispatched(models)).toEqual([drawNo]);
    expect(await models.Task.countDocuments({ drawNo })).toBe(count);
    await bot().queue.idle(60_000);
    // Every card sent: nothing to re-queue.
    expect(await reconcileDispatches(models, bot().deps.jobs, DEMO_NOW)).toEqual([]);
    expect(errors).toEqual([]);
  }, 90_000);
});
