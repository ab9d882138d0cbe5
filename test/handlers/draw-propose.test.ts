import { chatAs, textOf, title } from '../helpers/chat';
import { useDemoBot } from '../helpers/demo-bot';
import { waitFor } from '../helpers/wait';

describe('/抽查 proposes in the background and always ends on the card it showed', () => {
  const { emu, db, bot, errors } = useDemoBot();
  const { say, cardsOf, cardTitled } = chatAs(emu);
  afterEach(() => expect(errors).toEqual([]));

  it('turns the placeholder into a notice when the data cannot make an attempt, and into the preview once fixed', async () => {
    const { models } = db();
    // A hand-edited pool entry the draw's input check refuses.
    const target = (await models.Target.findOne({ itemCodes: 'seal-engraving' }).lean())!;
    await models.Target.updateOne({ _id: target._id }, { $set: { creditLevel: 'Z' } });
    await say('彭世杰', '/抽查 公章刻制业');
    const placeholder = await cardTitled('彭世杰', '正在发起抽取：公章刻制业');
    const latest = async () =>
      (await cardsOf('彭世杰')).find((m) => m.message_id === placeholder.message_id)!;
    await waitFor(async () => title(await latest()) === '无法发起抽取', 'the placeholder → a notice');
    expect(textOf((await latest()).content)).toContain('名录数据不符合抽取要求');
    expect(await models.Draw.countDocuments()).toBe(0);

    await models.Target.updateOne({ _id: target._id }, { $set: { creditLevel: target.creditLevel } });
    const seen = new Set((await cardsOf('彭世杰')).map((m) => m.message_id));
    await say('彭世杰', '/抽查 公章刻制业');
    const preview = await cardTitled('彭世杰', '抽取发起：公章刻制业', seen);
    // The refused request was no attempt: the number it had claimed is the first one again.
    expect(textOf(preview.content)).toContain('CC2026-05-R1-01');
    expect((await bot().queue.queue.getJobCounts('failed')).failed).toBe(0);
  });
});
