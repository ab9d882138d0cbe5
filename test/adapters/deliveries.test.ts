import { DELIVERY_WINDOW_SECONDS, redisDeliveries } from '../../src/adapters/queue/deliveries';
import { useTestRedis } from '../helpers/services';

describe('the delivery ledger on the real Redis', () => {
  const redis = useTestRedis();

  it('lets exactly one of many parallel deliveries act, and gives the others its answer', async () => {
    const ledger = redisDeliveries(redis().redis, redis().prefix);
    const wins = await Promise.all(Array.from({ length: 20 }, () => ledger.claim('card:t1')));
    expect(wins.filter(Boolean)).toHaveLength(1);
    expect(await ledger.take('card:t1')).toMatchObject({ first: false, answer: undefined });
    await ledger.settle('card:t1', { toast: { type: 'success', content: '已提交' } });
    const taken = await ledger.take('card:t1');
    expect(taken).toMatchObject({ first: false, answer: { toast: { type: 'success', content: '已提交' } } });
    // How long the answer is kept yet: the whole window, give or take the calls' time.
    expect(!taken.first && taken.keptMs).toBeGreaterThan((DELIVERY_WINDOW_SECONDS - 10) * 1000);
    expect(await ledger.claim('card:t1')).toBe(false);
    const ttl = await redis().redis.ttl(`${redis().prefix}delivery:card:t1`);
    expect(ttl).toBeGreaterThan(DELIVERY_WINDOW_SECONDS - 10);
  });

  it('take: exactly one of many parallel takers is first; a settled null answer reads as null, not pending', async () => {
    const ledger = redisDeliveries(redis().redis, redis().prefix, 1);
    const takes = await Promise.all(Array.from({ length: 20 }, () => ledger.take('card:t2')));
    expect(takes.filter((t) => t.first)).toHaveLength(1);
    for (const t of takes.filter((t) => !t.first))
      expect(t).toMatchObject({ first: false, answer: undefined });
    await ledger.settle('card:t2', null);
    expect(await ledger.take('card:t2')).toMatchObject({ first: false, answer: null });
    // Its pending time applies: a take never answered lapses like a claim.
    expect(await ledger.take('card:t3')).toEqual({ first: true });
    await new Promise((r) => setTimeout(r, 1100));
    expect(await ledger.take('card:t3')).toEqual({ first: true });
    expect(await redis().redis.ttl(`${redis().prefix}delivery:card:t3`)).toBeLessThanOrEqual(1);
  });

  it('lets a claim whose handler never answered lapse, so a later redelivery acts', async () => {
    const ledger = redisDeliveries(redis().redis, redis().prefix, 1);
    expect(await ledger.claim('message:m1')).toBe(true);
    expect(await ledger.claim('message:m1')).toBe(false);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await ledger.claim('message:m1')).toBe(true);
  });

  it('keeps a settled delivery past the pending time: a redelivery after 61 s, 5 min or 1 h acts no more', async () => {
    // The pending time shortened to 1 s stands for the 60 s one: past it, only settling keeps the claim.
    const ledger = redisDeliveries(redis().redis, redis().prefix, 1);
    expect(await ledger.claim('message:m2')).toBe(true);
    await ledger.settle('message:m2', null);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await ledger.claim('message:m2')).toBe(false);
    // The platform's last redelivery comes about 7 h after the first: the ledger keeps it 24 h.
    expect(await redis().redis.ttl(`${redis().prefix}delivery:message:m2`)).toBeGreaterThan(7 * 3600);
  });

  it('keeps ledgers of different prefixes apart', async () => {
    const a = redisDeliveries(redis().redis, `${redis().prefix}a-`);
    const b = redisDeliveries(redis().redis, `${redis().prefix}b-`);
    expect(await a.claim('message:x')).toBe(true);
    expect(await b.claim('message:x')).toBe(true);
  });
});
