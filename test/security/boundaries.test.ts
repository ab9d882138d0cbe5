import { createRouter, type Envelope } from '../../handlers/router';
import { makeCardAction, makeMessage } from '../helpers/envelopes';
import { createLogger } from '../../src/adapters/log';
import { auditTrail } from '../../src/services/audit-read';
import { useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';
import { chatAs, title } from '../helpers/chat';

/**
 * What reaches the router from the platform, at its boundary: identifiers bounded before any use, a
 * message whose content is not what a text message holds answered in Chinese (not thrown), and
 * refusals of people the bureau does not know audited, once a day each.
 */
describe('the router’s boundary: identifiers, contents, unknown people', () => {
  const { emu, db, bot, errors } = useDemoBot({ extraUsers: [{ name: '访客', mobile: '13800000000' }] });
  const lines: Record<string, unknown>[] = [];
  const log = createLogger({
    level: 'info',
    destination: { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) },
  });
  /** A second router on the running bot's dependencies, fed raw platform events as the transports would. */
  const work: Promise<void>[] = [];
  const router = () => createRouter({ ...bot().deps, log }, { inBackground: (w) => void work.push(w) });
  /** Dispatches a message and waits for its handling (the router acknowledges it before handling). */
  const handled = async (envelope: Envelope) => {
    await router().dispatch(envelope);
    await Promise.all(work.splice(0));
  };
  const chat = chatAs(emu);

  it('answers a text message whose content is not JSON, or null, in Chinese and logs it with its event id', async () => {
    const openId = await openIdOf(emu(), '彭世杰');
    const { chat_id } = await testApi<{ chat_id: string }>(emu(), 'POST', 'messages', {
      open_id: openId,
      text: '/帮助',
    });
    for (const [i, content] of ['not json', 'null', '{"text": 42}'].entries()) {
      const before = (await messagesOf(emu(), { chat_id })).length;
      await handled(
        makeMessage({
          openId,
          chatId: chat_id,
          content,
          messageId: `om_unreadable_${i}`,
          eventId: `evt-unreadable-${i}`,
        }),
      );
      await waitFor(async () => (await messagesOf(emu(), { chat_id })).length > before, 'the answer');
      const answer = (await messagesOf(emu(), { chat_id })).at(-1)!;
      expect(title(answer)).toBe('无法完成');
      expect(JSON.stringify(answer.content)).toContain('无法识别这条消息的内容');
      expect(lines).toContainEqual(
        expect.objectContaining({ eventId: `evt-unreadable-${i}`, msg: 'unreadable message content' }),
      );
    }
    expect(errors).toEqual([]);
  });

  it('refuses a click with a 400 KB open id before any lookup, and reports it briefly', async () => {
    const huge = `ou_${'x'.repeat(400_000)}`;
    const reported = errors.length;
    const { answer } = await router().dispatch(
      makeCardAction({
        openId: huge,
        token: 'c-boundary',
        value: { action: 'draw.approve', drawNo: 'CC2026-04-R1-01' },
        messageId: 'om_x',
        chatId: 'oc_x',
      }),
    );
    expect(answer).toEqual({ toast: { type: 'error', content: '无法识别这次操作，请刷新卡片后重试' } });
    const report = errors.slice(reported);
    expect(report).toHaveLength(1);
    expect(String((report[0] as Error).message).length).toBeLessThan(2000);
    expect(JSON.stringify(lines).length).toBeLessThan(100_000);
    errors.splice(reported);
    // Nothing reached the contact API with it.
    const calls = await testApi<{ path: string }[]>(emu(), 'GET', 'deliveries');
    expect(JSON.stringify(calls)).not.toContain('x'.repeat(1000));
  });

  it('audits the refusal of an unknown person once a day, however often they try', async () => {
    for (let i = 0; i < 3; i++) await chat.say('访客', '/抽查 娱乐场所');
    await waitFor(
      async () => (await chat.cardsOf('访客')).filter((m) => title(m) === '无法完成').length === 3,
      'three refusals',
    );
    const openId = await openIdOf(emu(), '访客');
    const audited = await db().models.AuditEntry.find({ action: 'permission.unknown-user' }).lean();
    expect(audited.map((e) => e.actor)).toEqual([`open_id:${openId}`]);
    expect((await auditTrail(db().models, audited[0]!.subject)).map((e) => e.action)).toContain(
      'permission.unknown-user',
    );
    expect(errors).toEqual([]);
  });
});
