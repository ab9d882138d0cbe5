import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import * as lark from '@larksuiteoapi/node-sdk';
import { TEST_APP, testApi, useEmulator, openIdOf } from '../helpers/emulator';
import { HEIC_PHOTO as heic, jpegPhoto, jpegSize } from '../helpers/pictures';

/** Files both ways through the official SDK: the bot uploads and sends a file; a user sends one and the bot downloads it. */
describe('emulator files and URL verification', () => {
  const emu = useEmulator();
  const client = () =>
    new lark.Client({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu().url,
      loggerLevel: lark.LoggerLevel.fatal,
    });

  it('uploads a file through the SDK and sends it as a file message', async () => {
    const xlsx = Buffer.from('PK\x03\x04 pretend xlsx 抽查结果', 'utf8');
    const uploaded = await client().im.file.create({
      data: { file_type: 'xls', file_name: '2026年抽查结果.xlsx', file: xlsx },
    });
    expect(uploaded?.file_key).toMatch(/^file_v3_[0-9a-f]{24}$/);
    const peng = { openId: await openIdOf(emu(), '彭世杰') };
    const sent = await client().im.message.create({
      params: { receive_id_type: 'open_id' },
      data: {
        receive_id: peng.openId,
        msg_type: 'file',
        content: JSON.stringify({ file_key: uploaded!.file_key }),
      },
    });
    expect(sent.code).toBe(0);
    const stored = await testApi<{ name: string; base64: string }>(
      emu(),
      'GET',
      `files/${uploaded!.file_key}`,
    );
    expect(stored.name).toBe('2026年抽查结果.xlsx');
    expect(Buffer.from(stored.base64, 'base64')).toEqual(xlsx);
  });

  it('refuses empty uploads and unknown file types with 230001', async () => {
    const err = await client()
      .im.file.create({ data: { file_type: 'exe' as 'xls', file_name: 'a.exe', file: Buffer.from('x') } })
      .then(
        () => null,
        (e: { response?: { data: { code: number; msg: string } } }) => e.response?.data,
      );
    expect(err).toMatchObject({ code: 230001, msg: expect.stringContaining('file_type must be one of') });
  });

  it('takes images as the platform does: read from the bytes, resolution checked, HEIC kept as a JPG', async () => {
    const upload = (image: Buffer) =>
      client()
        .im.image.create({ data: { image_type: 'message', image } })
        .then(
          (r) => ({ key: r!.image_key! }),
          (e: { response?: { data: { code: number; msg: string } } }) => e.response?.data,
        );
    const kept = await upload(heic);
    const stored = await testApi<{ content_type: string; base64: string }>(
      emu(),
      'GET',
      `files/${(kept as { key: string }).key}`,
    );
    expect(stored.content_type).toBe('image/jpeg');
    expect(jpegSize(Buffer.from(stored.base64, 'base64'))).toEqual([96, 64]);
    // A JPEG stays as sent.
    const small = jpegPhoto(200);
    const same = await upload(small);
    const back = await testApi<{ base64: string }>(emu(), 'GET', `files/${(same as { key: string }).key}`);
    expect(Buffer.from(back.base64, 'base64').equals(small)).toBe(true);

    expect(await upload(Buffer.from('MZ not a picture'))).toMatchObject({
      code: 234011,
      msg: "Can't regonnize the image format.",
    });
    // A HEIC's head with nothing decodable behind it.
    expect(await upload(Buffer.concat([heic.subarray(0, 40), Buffer.alloc(300, 7)]))).toMatchObject({
      code: 234011,
    });
    // A PNG header claiming 12,001 pixels across: refused before anything is decoded.
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      Buffer.from('IHDR', 'latin1'),
      Buffer.from([0, 0, 0x2e, 0xe1, 0, 0, 0, 1, 8, 2, 0, 0, 0, 0, 0, 0, 0]),
    ]);
    expect(await upload(png)).toMatchObject({ code: 234039, msg: 'Image resolution exceeds limit.' });
  });

  it('delivers a file a user sends, which the bot downloads through the SDK', async () => {
    const li = { openId: await openIdOf(emu(), '李明') };
    const sheet = Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 250, 251]);
    const { message_id } = await testApi<{ message_id: string }>(emu(), 'POST', 'messages', {
      open_id: li.openId,
      file: { name: '名录.xlsx', base64: sheet.toString('base64') },
    });
    const [, fileMsg] = await testApi<
      { message_id: string; msg_type: string; content: { file_key: string; file_name: string } }[]
    >(emu(), 'GET', `messages?open_id=${li.openId}`).then((all) => [
      null,
      all.find((m) => m.message_id === message_id)!,
    ]);
    expect(fileMsg).toMatchObject({ msg_type: 'file', content: { file_name: '名录.xlsx' } });
    const res = await client().im.messageResource.get({
      path: { message_id, file_key: fileMsg!.content.file_key },
      params: { type: 'file' },
    });
    const chunks: Buffer[] = [];
    for await (const c of res.getReadableStream() as Readable) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks)).toEqual(sheet);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="${encodeURIComponent('名录.xlsx')}"`,
    );
  });

  it('saves an event URL only when it answers the challenge', async () => {
    const dispatcher = new lark.EventDispatcher({
      encryptKey: TEST_APP.encryptKey,
      loggerLevel: lark.LoggerLevel.fatal,
    });
    const good = createServer(lark.adaptDefault('/event', dispatcher, { autoChallenge: true }));
    const bad = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}'),
    );
    for (const s of [good, bad]) {
      s.listen(0, '127.0.0.1');
      await once(s, 'listening');
    }
    try {
      const port = (s: typeof good) => (s.address() as AddressInfo).port;
      await expect(
        testApi(emu(), 'POST', `apps/${TEST_APP.appId}`, {
          event_url: `http://127.0.0.1:${port(bad)}/event`,
        }),
      ).rejects.toThrow(/事件请求地址校验失败/);
      expect(
        await testApi(emu(), 'POST', `apps/${TEST_APP.appId}`, {
          event_url: `http://127.0.0.1:${port(good)}/event`,
        }),
      ).toMatchObject({ event_url: `http://127.0.0.1:${port(good)}/event`, encrypted: true });
    } finally {
      for (const s of [good, bad]) {
        s.closeAllConnections();
        s.close();
      }
    }
  });
});
