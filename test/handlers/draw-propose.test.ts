import { patchTarget, poolTargets } from '../helpers/targets';
import { chatAs, textOf, title } from '../helpers/chat';
import { claim } from '../../src/adapters/db/claim';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { waitFor } from '../helpers/wait';

describe('/抽查 proposes in the background and always ends on the card it showed', () => {
  const { emu, db, bot, errors } = useDemoBot();
  const { say, cardsOf, cardTitled, click, button } = chatAs(emu);
  afterEach(() => expect(errors).toEqual([]));

  it('turns the placeholder into a notice when the data cannot make an attempt, and into the preview once fixed', async () => {
    const { models } = db();
    // A hand-edited pool entry the draw's input check refuses.
    const target = (await poolTargets(models, 'seal-engraving'))[0]!;
    await patchTarget(models, target.creditCode, { creditLevel: 'Z' });
    await say('彭世杰', '/抽查 公章刻制业');
    const placeholder = await cardTitled('彭世杰', '正在发起抽取：公章刻制业');
    const latest = async () =>
      (await cardsOf('彭世杰')).find((m) => m.message_id === placeholder.message_id)!;
    await waitFor(async () => title(await latest()) === '无法发起抽取', 'the placeholder → a notice');
    expect(textOf((await latest()).content)).toContain('名录数据不符合抽取要求');
    expect(await models.Draw.countDocuments()).toBe(0);

    await patchTarget(models, target.creditCode, { creditLevel: target.creditLevel });
    const seen = new Set((await cardsOf('彭世杰')).map((m) => m.message_id));
    await say('彭世杰', '/抽查 公章刻制业');
    const preview = await cardTitled('彭世杰', '抽取发起：公章刻制业', seen);
    // The refused request was no attempt: the number it had claimed is the first one again.
    expect(textOf(preview.content)).toContain('CC2026-05-R1-01');
    expect((await bot().queue.queue.getJobCounts('failed')).failed).toBe(0);
  });

  it('shows an open attempt at once instead of proposing again, and says so while one is being proposed', async () => {
    const { models } = db();
    const seen = new Set((await cardsOf('彭世杰')).map((m) => m.message_id));
    await say('彭世杰', '/抽查 公章刻制业');
    const again = await cardTitled('彭世杰', '抽取发起：公章刻制业', seen);
    expect(textOf(again.content)).toContain('2026 年第 1 轮已有进行中的抽取 CC2026-05-R1-01（待提交审批）');
    expect(await models.Draw.countDocuments()).toBe(1);

    // Another request has just claimed attempt 02 and is reading the pool.
    await models.Draw.deleteMany({});
    await models.Receipt.deleteMany({ _id: /^(attempt|propose|draw):/ });
    await claim(models, 'attempt:2026:seal-engraving:1:1', 'draw-attempt', DEMO_NOW, { by: 'propose:other' });
    const seen2 = new Set((await cardsOf('彭世杰')).map((m) => m.message_id));
    await say('彭世杰', '/抽查 公章刻制业');
    const waiting = await cardTitled('彭世杰', '抽取正在发起', seen2);
    expect(textOf(waiting.content)).toContain('公章刻制业”2026 年第 1 轮的抽取正在发起');
    await bot().queue.idle(30_000);
    expect(await models.Draw.countDocuments()).toBe(0);
  });

  it('取消并重新发起 when no new attempt can be made: cancelled, said why, the card shows the cancelled attempt', async () => {
    const { models } = db();
    await models.Draw.deleteMany({});
    await models.Receipt.deleteMany({ _id: /^(attempt|propose|draw):/ });
    const seen = new Set((await cardsOf('彭世杰')).map((m) => m.message_id));
    await say('彭世杰', '/抽查 公章刻制业');
    const preview = await cardTitled('彭世杰', '抽取发起：公章刻制业', seen);
    const drawNo = (await models.Draw.findOne({ itemCode: 'seal-engraving' }).lean())!.drawNo;
    // The year's plan is withdrawn meanwhile: the round can no longer be drawn.
    await models.AnnualPlan.deleteMany({ year: 2026 });
    const answer = await click('彭世杰', preview, button(preview, '取消并重新发起'), { reason: '计划撤回' });
    expect(answer.toast.content).toBe(
      `已取消 ${drawNo}。2026 年度“双随机、一公开”抽查计划尚未发布，“公章刻制业”还不能抽取。请联系领导小组办公室（陶向东）。`,
    );
    expect(answer.card.header.title.content).toBe('抽取 · 已取消：公章刻制业');
    expect(await models.Draw.countDocuments()).toBe(1);
  });
});
