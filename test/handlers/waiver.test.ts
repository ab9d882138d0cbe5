import { evaluateYear } from '../../src/services/evaluation';
import { planDay } from '../../src/services/schedule';
import { cachedPublicView } from '../../src/services/public-view';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { chatAs, textOf } from '../helpers/chat';

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * 免于抽查 (issue 16): only the item's 责任局领导 settles a round without a draw, with a reason that is
 * published; the round is then neither prompted, escalated nor drawable, and the 考评 shows it as waived
 * rather than missed. A round with an attempt in progress must be withdrawn first.
 */
describe('waiving a round (/免抽)', () => {
  let clock = DEMO_NOW;
  const { emu, db, bot, errors } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const { ask } = chatAs(emu);

  it('is the 责任局领导’s, with a published reason, and settles the round everywhere', async () => {
    const { models } = db();
    const notLeader = await ask('彭世杰', '/免抽 公章刻制业 辖区内本年度无在营刻章企业', '无法完成');
    expect(textOf(notLeader.content)).toContain(
      '只有“公章刻制业”的责任局领导（赵晓辉）或领导小组组长可以决定免于抽查',
    );
    const noReason = await ask('赵晓辉', '/免抽 公章刻制业', '无法完成');
    expect(textOf(noReason.content)).toContain('用法：/免抽 事项 理由');

    const done = await ask('赵晓辉', '/免抽 公章刻制业 辖区内本年度无在营刻章企业', '已免于抽查：公章刻制业');
    expect(textOf(done.content)).toContain('公章刻制业 2026 年第 1 轮已决定免于抽查');
    const again = await ask('赵晓辉', '/免抽 公章刻制业 另一个理由', '无法完成');
    expect(textOf(again.content)).toContain('“公章刻制业”2026 年的各轮均已抽取或免于抽查');

    // Not drawable, not prompted or escalated — into the new year too.
    const drawn = await ask('彭世杰', '/抽查 公章刻制业', '本年度无需再抽');
    expect(textOf(drawn.content)).toContain('各轮均已批准抽取或免于抽查');
    clock = at('2027-01-05');
    const sends = (await planDay(bot().deps)).sends.filter((s) =>
      JSON.stringify(s).includes('seal-engraving'),
    );
    expect(sends).toEqual([]);

    // Published, and in the 考评 as waived (not missed).
    const view = await cachedPublicView(models)({
      year: 2026,
      query: '',
      page: 1,
      pageSize: 20,
      targetsPerDraw: 5,
    });
    expect(view.waivers.map((w) => w.content)).toEqual([
      {
        year: 2026,
        itemName: '公章刻制业',
        round: 1,
        drawBy: '2026-12-30',
        reason: '辖区内本年度无在营刻章企业',
        decidedBy: '赵晓辉',
        decidedOn: '2026-11-26',
      },
    ]);
    const zhian = (await evaluateYear(models, 2026, '2027-01-06')).units.find(
      (u) => u.unitName === '治安大队',
    )!;
    expect(zhian.roundsWaived).toBe(1);
    expect((await models.AuditEntry.find({ action: 'round.waived' }).lean()).map((e) => e.subject)).toEqual([
      'round:2026-seal-engraving-1',
    ]);
  });

  it('waits for an attempt in progress to be withdrawn', async () => {
    clock = DEMO_NOW;
    await ask('彭世杰', '/抽查 娱乐场所', '抽取发起：娱乐场所');
    const refused = await ask('赵晓辉', '/免抽 娱乐场所 本年度已开展专项整治', '无法完成');
    expect(textOf(refused.content)).toContain('本轮有进行中的抽取');
    expect(textOf(refused.content)).toContain('请先撤回或驳回它');
  });
});
