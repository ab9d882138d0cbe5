import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { DEMO_APP } from '../emulator/seed';
import { moduleFile, nodeArgs } from './node-args';

/**
 * Requests per second the emulator serves (its own process, one event loop: one core) for the
 * bot's most common call, sending a card, with 32 concurrent clients. Later benchmarks of the bot
 * need this far above Feishu's 50 sends/s so that the emulator is never their bottleneck.
 */
export async function emulatorThroughput(
  requests = 6000,
  concurrency = 32,
): Promise<{ rps: number; requests: number }> {
  const child = spawn(
    process.execPath,
    [...nodeArgs(moduleFile(__dirname, '..', 'emulator', 'main')), '--port', '0', '--no-rate-limits'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  try {
    const line = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout! }).once('line', resolve),
    );
    const url = line.match(/http:\/\/127\.0\.0\.1:\d+/)![0];
    const post = (path: string, body: unknown, token?: string) =>
      fetch(`${url}${path}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      }).then((r) => r.json() as Promise<Record<string, unknown>>);
    const token = (
      await post('/open-apis/auth/v3/tenant_access_token/internal', {
        app_id: DEMO_APP.appId,
        app_secret: DEMO_APP.appSecret,
      })
    ).tenant_access_token as string;
    const users = (await (await fetch(`${url}/_emulator/users`)).json()) as { openId: string }[];
    const card = JSON.stringify({
      schema: '2.0',
      header: { title: { tag: 'plain_text', content: '抽查任务' } },
      body: { elements: [{ tag: 'markdown', content: '**偃师区**测试' }] },
    });
    let next = 0;
    let failed = 0;
    const worker = async () => {
      while (next < requests) {
        const i = next++;
        const r = await post(
          '/open-apis/im/v1/messages?receive_id_type=open_id',
          { receive_id: users[i % users.length]!.openId, msg_type: 'interactive', content: card },
          token,
        );
        if (r.code !== 0) failed++;
      }
    };
    const started = process.hrtime.bigint();
    await Promise.all(Array.from({ length: concurrency }, worker));
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (failed > 0) throw new Error(`${failed} of ${requests} sends failed`);
    return { rps: requests / seconds, requests };
  } finally {
    child.kill('SIGTERM');
  }
}
