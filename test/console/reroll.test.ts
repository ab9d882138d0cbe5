import { join } from 'node:path';
import { cachedPublicView } from '../../src/services/public-view';
import { SHOTS, useConsolePage } from '../helpers/browser';
import { useDemoBot } from '../helpers/demo-bot';

/**
 * Re-rolling a round, as a proposer would try it in the console (Chromium): three attempts, each
 * cancelled with a reason. None ever showed a selection — none existed — and all three are public with
 * their reasons and revealed secrets.
 */
describe('re-rolling a round in the console, in Chromium', () => {
  const { emu, db, errors } = useDemoBot();
  const { page, toast } = useConsolePage();
  const preview = () =>
    page()
      .locator('.card', { has: page().locator('.card-header', { hasText: '旅馆业' }) })
      .last();
  const waitText = async (want: string) => {
    for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((r) => setTimeout(r, 50)))
      if ((await preview().textContent())?.includes(want)) return;
    throw new Error(`the card never showed ${want}`);
  };

  it('cancels and re-proposes three times: every attempt public with its reason, no selection shown at any point', async () => {
    await page().goto(`${emu().url}/?user=${encodeURIComponent('彭世杰')}`);
    await page().getByPlaceholder('输入消息，例如 /帮助').fill('/抽查 旅馆业');
    await page().getByRole('button', { name: '发送' }).click();
    await waitText('CC2026-03-R1-01');
    const shown: string[] = [(await preview().textContent())!];

    const reasons = ['第一次：名录待核对', '第二次：比例理解有误', '第三次：改日再抽'];
    for (const [i, reason] of reasons.entries()) {
      await preview().locator('input[name="reason"]').fill(reason);
      if (i < 2) {
        await preview().getByRole('button', { name: '取消并重新发起' }).click();
        await toast(`已取消 CC2026-03-R1-0${i + 1}，重新发起`);
        await waitText(`CC2026-03-R1-0${i + 2}`);
      } else {
        await preview().getByRole('button', { name: '取消', exact: true }).click();
        await toast('已取消抽取 CC2026-03-R1-03');
        await waitText('本次抽取已取消');
      }
      shown.push((await preview().textContent())!);
    }
    await page().screenshot({ path: join(SHOTS, 'reroll-1-cancelled.png'), fullPage: true });

    // What the proposer saw at every step: commitments, never a drawn target.
    for (const text of shown) {
      expect(text).toContain('发起承诺值');
      expect(text).not.toContain('抽中的检查对象');
    }
    expect(shown[3]).toContain('系统密钥（已公开）');
    expect(await preview().locator('button').count()).toBe(0);

    const { models } = db();
    expect(await models.DrawPart.countDocuments({ kind: 'selections' })).toBe(0);
    const view = await cachedPublicView(models)({
      year: 2026,
      query: '',
      page: 1,
      pageSize: 100,
      targetsPerDraw: 10,
    });
    expect(
      view.draws.map((d) => [
        d.content.drawNo,
        d.content.status,
        d.content.decision?.reason,
        Boolean(d.content.secret),
      ]),
    ).toEqual([
      ['CC2026-03-R1-01', 'cancelled', reasons[0], true],
      ['CC2026-03-R1-02', 'cancelled', reasons[1], true],
      ['CC2026-03-R1-03', 'cancelled', reasons[2], true],
    ]);
    expect(errors).toEqual([]);
  }, 60_000);
});
