import { connectRedis } from '../../src/adapters/queue/redis';
import { FEISHU_LIMITS, GUARD_MS, redisSendGate } from '../../src/adapters/queue/send-gate';
import { useTestRedis } from '../helpers/services';

const redis = useTestRedis();
const KEEP = { limit: 1000, ms: 60_000 };

/**
 * The times Redis recorded in a log, sorted (the gate's own clock: no timing of ours in the test). A log
 * keeps its longest window; the tests add a minute's window that never binds, so none is trimmed.
 */
async function log(key: string): Promise<number[]> {
  const flat = await redis().redis.zrange(key, '0', '-1', 'WITHSCORES');
  return flat.filter((_, i) => i % 2 === 1).map(Number);
}

/** The most calls inside any `ms` window (a window `(t - ms, t]`, as the platform counts). */
function busiest(times: number[], ms: number): number {
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= ms) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

describe('the send gate: the platform limits in Redis, shared by every process', () => {
  it('admits at most the limit in any sliding window, per app and per receiver', async () => {
    const prefix = `${redis().prefix}a`;
    const limits = {
      app: [{ limit: 6, ms: 300 }, KEEP],
      subject: [{ limit: 2, ms: 300 }, KEEP],
    };
    const gate = redisSendGate(redis().redis, prefix, { limits, guardMs: 0 });
    const subjects = ['ou_1', 'ou_2', 'ou_3', 'oc_4'];
    await Promise.all(Array.from({ length: 24 }, (_, i) => gate.pass('message', subjects[i % 4])));
    const app = await log(`${prefix}:rate:message`);
    expect(app).toHaveLength(24);
    expect(busiest(app, 300)).toBe(6);
    for (const s of subjects) {
      const one = await log(`${prefix}:rate:message:${s}`);
      expect(one).toHaveLength(6);
      expect(busiest(one, 300)).toBe(2);
    }
  });

  it('is shared by two processes (two connections), and keeps both windows of a pair', async () => {
    const prefix = `${redis().prefix}b`;
    const limits = {
      app: [{ limit: 4, ms: 100 }, { limit: 10, ms: 1000 }, KEEP],
      subject: [],
    };
    const other = await connectRedis(process.env.TEST_REDIS_URL!);
    try {
      const a = redisSendGate(redis().redis, prefix, { limits, guardMs: 0 });
      const b = redisSendGate(other, prefix, { limits, guardMs: 0 });
      await Promise.all(Array.from({ length: 14 }, (_, i) => (i % 2 ? a : b).pass('urgent')));
    } finally {
      other.disconnect();
    }
    const times = await log(`${prefix}:rate:urgent`);
    expect(times).toHaveLength(14);
    expect(busiest(times, 100)).toBe(4);
    expect(busiest(times, 1000)).toBe(10);
    // The 11th call waited for the first second to pass: the log spans at least a second.
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(1000);
  });

  it('counts a call from its answer: a slow call holds its slot until then', async () => {
    const prefix = `${redis().prefix}d`;
    const gate = redisSendGate(redis().redis, prefix, {
      limits: { app: [{ limit: 1, ms: 200 }, KEEP], subject: [] },
      guardMs: 0,
    });
    const sent = await gate.pass('message');
    const [admitted] = await log(`${prefix}:rate:message`);
    await new Promise((r) => setTimeout(r, 150)); // the platform takes its time to answer
    await sent();
    const [answered] = await log(`${prefix}:rate:message`);
    expect(answered! - admitted!).toBeGreaterThanOrEqual(140); // timers may fire a little early
    await gate.pass('message');
    const times = await log(`${prefix}:rate:message`);
    expect(times).toHaveLength(2);
    expect(times[1]! - answered!).toBeGreaterThanOrEqual(200);
  });

  it('keeps a receiver’s window as long as a call answered late is in it', async () => {
    // No minute's window here: the receiver's log lives only as long as its 200 ms window needs.
    const prefix = `${redis().prefix}e`;
    const gate = redisSendGate(redis().redis, prefix, {
      limits: { app: [KEEP], subject: [{ limit: 1, ms: 200 }] },
      guardMs: 0,
    });
    const sent = await gate.pass('message', 'ou_1');
    await new Promise((r) => setTimeout(r, 150)); // answered late
    await sent();
    const [answered] = await log(`${prefix}:rate:message`);
    await new Promise((r) => setTimeout(r, 100)); // past the admission's window, not the answer's
    await gate.pass('message', 'ou_1');
    const times = await log(`${prefix}:rate:message`);
    expect(times).toHaveLength(2);
    expect(times[1]! - answered!).toBeGreaterThanOrEqual(200);
  });

  it("keeps Feishu's limits by default, each window a little longer than the platform's", async () => {
    expect(FEISHU_LIMITS.app).toEqual([
      { limit: 50, ms: 1000 },
      { limit: 1000, ms: 60_000 },
    ]);
    expect(FEISHU_LIMITS.subject).toEqual([{ limit: 5, ms: 1000 }]);
    const prefix = `${redis().prefix}c`;
    const gate = redisSendGate(redis().redis, prefix);
    const started = Date.now();
    await Promise.all(Array.from({ length: 7 }, () => gate.pass('patch', 'om_1')));
    // The sixth update of one message waited for the first to leave its (guarded) second.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000 + GUARD_MS);
    // Entries past the longest window are trimmed as calls are admitted: what is left keeps the limit.
    const times = await log(`${prefix}:rate:patch:om_1`);
    expect(busiest(times, 1000 + GUARD_MS)).toBeLessThanOrEqual(5);
    expect(await redis().redis.pttl(`${prefix}:rate:patch:om_1`)).toBeGreaterThan(0);
  });
});
