import { createFeishuClient } from '../../src/adapters/feishu/client';
import { createSender, SendError } from '../../src/adapters/feishu/sender';
import { TEST_APP, messagesOf, openIdOf, testApi, useEmulator } from '../helpers/emulator';

/** The sender's file messages against the emulator: upload, send, a repeat dropped by its uuid, refusals. */
describe('Sender.sendFile', () => {
  const emu = useEmulator();
  const sender = () =>
    createSender(
      createFeishuClient({ appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, domain: emu().url }),
      {
        baseDelayMs: 1,
      },
    );
  const file = { name: '2026-10 双随机抽查月度汇总.xlsx', data: Buffer.from('PK\x03\x04 月度汇总') };

  it('uploads the file as xls and sends it once per uuid', async () => {
    const to = { openId: await openIdOf(emu(), '彭世杰') };
    const first = await sender().sendFile(to, file, 'summary-2026-10-xlsx');
    const again = await sender().sendFile(to, file, 'summary-2026-10-xlsx');
    expect(again).toBe(first);
    const sent = (await messagesOf(emu(), { open_id: to.openId })).filter((m) => m.msg_type === 'file');
    expect(sent).toHaveLength(1);
    const stored = await testApi<{ name: string; base64: string }>(
      emu(),
      'GET',
      `files/${sent[0]!.content.file_key}`,
    );
    expect(stored.name).toBe(file.name);
    expect(Buffer.from(stored.base64, 'base64')).toEqual(file.data);
  });

  it('fails at once, not to be retried, on a file the platform refuses', async () => {
    const to = { openId: await openIdOf(emu(), '彭世杰') };
    const err = await sender()
      .sendFile(to, { name: 'empty.xlsx', data: Buffer.alloc(0) }, 'empty-file')
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toBeInstanceOf(SendError);
    expect(err).toMatchObject({ code: 230001, retryable: false });
  });
});
