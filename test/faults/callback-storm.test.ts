import { randomUUID } from 'node:crypto';
import { encryptEvent, signBody } from '../../emulator/crypto';
import { useDemoBot } from '../helpers/demo-bot';
import { openIdOf, TEST_APP } from '../helpers/emulator';
import { chatAs, fakeRandom } from '../helpers/chat';
import { report } from './fault-kit';

/**
 * A callback storm: one click on 提交审批 delivered 1,000 times (the same callback token, each delivery
 * re-signed as the platform's redeliveries are), 50 at a time, to the bot's webhook. The draw is
 * submitted once (one audit entry), and every delivery is answered inside Feishu's 3 s: the click's
 * answer, or "正在处理" while the first delivery is still being handled.
 */
describe('callback storm: 1,000 deliveries of one card action', () => {
  const { emu, db, errors, bot } = useDemoBot({ transport: 'webhook', randomBytes: fakeRandom('storm') });
  const { ask, button } = chatAs(emu);

  it('acts once and answers every delivery', async () => {
    const { models } = db();
    const preview = await ask('彭世杰', '/抽查 娱乐场所', '抽取发起：娱乐场所');
    const drawNo = (await models.Draw.findOne({}).lean())!.drawNo;
    const envelope = JSON.stringify({
      schema: '2.0',
      header: {
        event_id: randomUUID().replace(/-/g, ''),
        token: TEST_APP.verificationToken,
        create_time: String(Date.now()),
        event_type: 'card.action.trigger',
        tenant_key: emu().state.tenantKey,
        app_id: TEST_APP.appId,
      },
      event: {
        operator: { open_id: await openIdOf(emu(), '彭世杰'), tenant_key: emu().state.tenantKey },
        token: 'c-storm-click-1',
        action: { value: button(preview, '提交审批'), tag: 'button' },
        host: 'im_message',
        context: { open_message_id: preview.message_id, open_chat_id: preview.chat_id },
      },
    });
    const deliver = async () => {
      const body = JSON.stringify({ encrypt: encryptEvent(TEST_APP.encryptKey, envelope) });
      const timestamp = String(Math.floor(Date.now() / 1000));
      const nonce = randomUUID();
      const t0 = performance.now();
      const res = await fetch(bot().webhookUrl!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-lark-request-timestamp': timestamp,
          'x-lark-request-nonce': nonce,
          'x-lark-signature': signBody(timestamp, nonce, TEST_APP.encryptKey, body),
        },
        body,
      });
      const answer = (await res.json().catch(() => null)) as {
        toast?: { type: string; content: string };
      } | null;
      return { status: res.status, ms: performance.now() - t0, toast: answer?.toast };
    };
    const results: Awaited<ReturnType<typeof deliver>>[] = [];
    const started = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < 1000) {
          next++;
          results.push(await deliver());
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const ms = results.map((r) => r.ms).sort((a, b) => a - b);
    const pct = (p: number) => ms[Math.min(ms.length - 1, Math.floor((p / 100) * ms.length))]!;
    const byAnswer = new Map<string, number>();
    for (const r of results) {
      const k = `${r.status} ${r.toast?.type ?? '-'}: ${r.toast?.content ?? ''}`;
      byAnswer.set(k, (byAnswer.get(k) ?? 0) + 1);
    }
    const submitted = await models.AuditEntry.countDocuments({ subject: drawNo, action: 'draw.submitted' });
    const approvals = (await chatAs(emu).cardsOf('赵晓辉')).filter((m) =>
      JSON.stringify(m.content).includes('待审批：娱乐场所'),
    ).length;
    report(
      `callback storm: expected 1 state change for 1,000 deliveries of one click; ${results.length} answered in ` +
        `${seconds.toFixed(1)} s (50 in flight), p50 ${pct(50).toFixed(0)} ms, p99 ${pct(99).toFixed(0)} ms, ` +
        `max ${ms[ms.length - 1]!.toFixed(0)} ms; answers ${JSON.stringify(Object.fromEntries(byAnswer))}; ` +
        `draw.submitted audit entries ${submitted}, approval cards ${approvals}`,
    );
    expect(results).toHaveLength(1000);
    expect(results.every((r) => r.status === 200 && r.toast !== undefined)).toBe(true);
    expect(results.filter((r) => r.toast!.type === 'error')).toEqual([]);
    expect(submitted).toBe(1);
    expect((await models.Draw.findOne({ drawNo }).lean())!.status).toBe('submitted');
    expect(pct(99)).toBeLessThan(3000);
    expect(errors).toEqual([]);
  });
});
