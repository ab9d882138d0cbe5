import { parseArgs } from 'node:util';
import { DEMO_APP, demoWorld } from './seed';
import { startEmulator } from './server';

/** `npm run emulator -- [--port N] [--event-url URL] [--no-rate-limits]`: the emulator alone, with the demo's people and chats. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '4000' },
      'event-url': { type: 'string' },
      // For benchmarks: measure the emulator itself, not the platform's rate limits.
      'no-rate-limits': { type: 'boolean', default: false },
    },
  });
  const unlimited = 1e9;
  const emu = await startEmulator({
    apps: [{ ...DEMO_APP, eventUrl: values['event-url'] }],
    ...demoWorld(),
    port: Number(values.port),
    ...(values['no-rate-limits']
      ? {
          limits: {
            appPerSecond: unlimited,
            appPerMinute: unlimited,
            perUserPerSecond: unlimited,
            perChatPerSecond: unlimited,
          },
        }
      : {}),
  });
  console.log(`飞书开放平台模拟器：${emu.url}（控制台 ${emu.url}/ ，应用 ${DEMO_APP.appId}）`);
  const stop = () => void emu.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
void main();
