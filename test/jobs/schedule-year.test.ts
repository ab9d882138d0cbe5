import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { startWorkWorker } from '../../jobs/work-worker';
import { connectRedis } from '../../src/adapters/queue/redis';
import { addDays, daysBetween, shanghaiDate } from '../../src/domain/calendar';
import { DEFAULT_SCHEDULE } from '../../src/domain/schedule';
import { isWorkday } from '../../src/domain/workdays';
import {
  at,
  scheduleAudits,
  simulateYear,
  YEAR_END as END,
  YEAR_START as START,
  yearPeople,
} from '../fixtures/simulated-year';
import { useDemoBot } from '../helpers/demo-bot';
import { testApi } from '../helpers/emulator';

/**
 * A year of the reference plan, day by day (the simulation: test/fixtures/simulated-year.ts, shared with
 * bench/schedule-year.ts): the bot proposes each round's draw, reminds, escalates and sums up on its own;
 * the simulated people react only to what reached them. Afterwards every send is compared with what an
 * independent count of working days says should have happened — exactly once, on its day, to its people —
 * with a second replica's worker throughout, a crash with Redis lost in the middle of a busy day, and a
 * period of platform 5xx.
 */

// The oracle's own working-day arithmetic: positions in the list of working days.
const WORKDAYS: string[] = [];
for (let d = '2025-11-01'; d <= '2027-03-01'; d = addDays(d, 1)) if (isWorkday(d)) WORKDAYS.push(d);
/** The working day `n` working days from the last working day on or before `day`. */
const wd = (day: string, n: number) => {
  let i = WORKDAYS.length - 1;
  while (WORKDAYS[i]! > day) i--;
  return WORKDAYS[i + n]!;
};

type Msg = {
  msg_type: string;
  create_time: string;
  content: { header?: { title?: { content?: string } } };
  urgent?: { kind: string; openIds: string[] }[];
};

describe('a simulated year of the reference plan: every prompt, reminder, escalation and summary once, on its day', () => {
  let clock = at(START);
  const { emu, db, errors, bot, redisPrefix, restart } = useDemoBot({ now: () => clock });
  let replica: Worker | undefined;
  let replicaRedis: Redis | undefined;
  afterAll(async () => {
    await replica?.close();
    replicaRedis?.disconnect();
  });

  it('runs the year', async () => {
    const { models } = db();
    replicaRedis = await connectRedis(process.env.TEST_REDIS_URL!, 'worker');
    replica = startWorkWorker(bot().deps, replicaRedis, redisPrefix());

    const plan = (await models.AnnualPlan.findOne({ year: 2026 }).lean())!;
    const people = await yearPeople(models);
    const { responsible, leader, office } = people;
    expect(office.length).toBeGreaterThan(0);
    const audits = (since: Date) => scheduleAudits(models, since);

    // A busy day for the crash: the civil-explosives round 1 reminders three working days before 30 June.
    const crashDay = wd('2026-06-30', -3);
    const faultDay = wd('2026-12-30', -1);
    const crash = { waitingAtCrash: -1 };
    const { drawnOn, tasks, filedOn } = await simulateYear({
      models,
      bot,
      setClock: (now) => void (clock = now),
      people,
      beforeDay: async (day) => {
        if (day === faultDay)
          // The platform answers 5xx for 3 s: sends wait in backoff, none is lost or doubled.
          await testApi(emu(), 'POST', 'faults', { errors_for_ms: 3000 });
      },
      afterEnqueue: async (day) => {
        if (day !== crashDay) return;
        // Kill the bot while the day's sends are under way, lose every Redis key, start anew: the new
        // process's start-up reconciliation plans the day again from the database.
        for (const end = Date.now() + 30_000; Date.now() < end; await new Promise((r) => setTimeout(r, 5))) {
          const c = await bot().queue.queue.getJobCounts('completed', 'waiting', 'prioritized');
          const waiting = (c.waiting ?? 0) + (c.prioritized ?? 0);
          if ((c.completed ?? 0) >= 3 && waiting > 0) {
            crash.waitingAtCrash = waiting;
            break;
          }
        }
        await replica!.close();
        await restart({ loseRedis: true, scheduleTrigger: true });
        replica = startWorkWorker(bot().deps, replicaRedis!, redisPrefix());
      },
    });
    expect(crash.waitingAtCrash).toBeGreaterThan(0);
    expect(errors).toEqual([]);

    // ---- The oracle: what should have been sent, from the plan, the working days and what people did.
    const expected: string[] = [];
    const never = '9999-12-31';
    const ladder = DEFAULT_SCHEDULE.escalation;
    for (const item of plan.items)
      for (const r of item.rounds) {
        const drawn = drawnOn.get(`${item.itemCode}-r${r.round}`) ?? never;
        const who = responsible.get(item.itemCode)!;
        expected.push(
          `${wd(r.drawBy, -DEFAULT_SCHEDULE.drawLeadWorkdays)} draw-prompt ${who} ${item.itemCode}-r${r.round}`,
        );
        ladder.forEach((s, i) => {
          const day = wd(r.drawBy, s.afterWorkdays);
          if (day > drawn || day > END) return;
          const to = i === 0 ? [who] : i === 1 ? [leader.get(item.itemCode)!] : office;
          for (const k of to)
            expected.push(`${day} draw-overdue s${i + 1} ${k} ${item.itemCode}-r${r.round}`);
        });
      }
    const digest = new Map<string, string[]>();
    const overdue = new Map<string, string[]>();
    const add = (m: Map<string, string[]>, k: string, v: string) => m.set(k, [...(m.get(k) ?? []), v]);
    for (const [taskNo, t] of tasks) {
      const filed = filedOn.get(taskNo) ?? never;
      for (const n of DEFAULT_SCHEDULE.reminderWorkdays) {
        const day = wd(t.deadline, -n);
        if (day > t.dispatched && day <= filed)
          for (const k of t.inspectors) add(digest, `${day} reminder ${k}`, taskNo);
      }
      ladder.forEach((s, i) => {
        const day = wd(t.deadline, s.afterWorkdays);
        if (day > filed || day > END) return;
        const to =
          i === 0 ? [...t.inspectors, responsible.get(t.item)!] : i === 1 ? [leader.get(t.item)!] : office;
        for (const k of new Set(to)) add(overdue, `${day} task-overdue s${i + 1} ${k}`, taskNo);
      });
    }
    for (const [k, list] of [...digest, ...overdue]) expected.push(`${k} ${list.sort().join(',')}`);
    for (let m = 0; m <= 12; m++) {
      const month = `${2026 + Math.floor(m / 12)}-${String((m % 12) + 1).padStart(2, '0')}`;
      let first = `${month}-01`;
      while (!isWorkday(first)) first = addDays(first, 1);
      if (first <= END) expected.push(`${first} summary`);
    }

    // No 2027 plan is ever approved: the office is asked for it on the rollover day and weekly in December,
    // then on every working day of 2027.
    const rollover = `2026-${DEFAULT_SCHEDULE.planRolloverFrom}`;
    for (let d = rollover; d <= END; d = addDays(d, 1))
      if (d < '2027-01-01' ? daysBetween(rollover, d) % 7 === 0 : isWorkday(d))
        for (const k of office) expected.push(`${d} plan-rollover ${k}`);

    // Each 执法证 lapsing before the year's end (the demo's roster: one a unit, 45 days after loading):
    // its unit's heads, on the first working day from 30 days before, once.
    const roster = await models.Person.find(
      { active: true },
      { key: 1, unitName: 1, roles: 1, badgeNo: 1, certExpires: 1 },
    ).lean();
    const certs = new Map<string, string[]>();
    for (const o of roster.filter((p) => p.roles.includes('inspector') && p.certExpires)) {
      let day = addDays(o.certExpires!, -30) < START ? START : addDays(o.certExpires!, -30);
      while (!isWorkday(day)) day = addDays(day, 1);
      if (day > END) continue;
      for (const h of roster.filter((p) => p.unitName === o.unitName && p.roles.includes('unit_head')))
        add(certs, `${day} cert-expiry ${h.key}`, o.badgeNo!);
    }
    expect(certs.size).toBeGreaterThan(0);
    for (const [k, list] of certs) expected.push(`${k} ${list.sort().join(',')}`);

    const actual = (await audits(at(START))).map((a) => {
      const day = shanghaiDate(a.at);
      const d = a.details as {
        to?: string;
        item?: string;
        round?: number;
        step?: number;
        tasks?: { taskNo: string }[];
        officers?: { badgeNo: string }[];
      };
      const kind = a.action.slice('schedule.'.length);
      if (kind === 'cert-expiry')
        return `${day} cert-expiry ${d.to} ${d
          .officers!.map((o) => o.badgeNo)
          .sort()
          .join(',')}`;
      if (kind === 'summary') return `${day} summary`;
      if (kind === 'plan-rollover') return `${day} plan-rollover ${d.to}`;
      if (kind === 'draw-prompt') return `${day} draw-prompt ${d.to} ${d.item}-r${d.round}`;
      if (kind === 'draw-overdue') return `${day} draw-overdue s${d.step} ${d.to} ${d.item}-r${d.round}`;
      const list = d
        .tasks!.map((t) => t.taskNo)
        .sort()
        .join(',');
      return kind === 'reminder'
        ? `${day} reminder ${d.to} ${list}`
        : `${day} task-overdue s${d.step} ${d.to} ${list}`;
    });
    expect(actual.sort()).toEqual(expected.sort());
    // The year had all of it: every item drawn or escalated, reports on time, late and never, both rungs of people.
    expect(new Set(actual.map((a) => a.split(' ')[1]))).toEqual(
      new Set([
        'draw-prompt',
        'draw-overdue',
        'reminder',
        'task-overdue',
        'summary',
        'plan-rollover',
        'cert-expiry',
      ]),
    );
    expect(drawnOn.size).toBe(plan.items.reduce((n, i) => n + i.rounds.length, 0) - 1);
    expect(actual.filter((a) => a.includes('task-overdue s3')).length).toBeGreaterThan(0);

    // What people saw on the platform: one card per send, nothing doubled by the crash or the 5xx, 加急 on the last rung.
    const users = await testApi<{ name: string; openId: string }[]>(emu(), 'GET', 'users');
    const names = new Map(
      (await models.Person.find({}, { key: 1, name: 1 }).lean()).map((p) => [p.key, p.name] as const),
    );
    const perPerson = new Map<string, number>();
    for (const a of actual) {
      const [, kind, x, y] = a.split(' ');
      const to =
        kind === 'summary'
          ? null
          : ['draw-prompt', 'reminder', 'plan-rollover', 'cert-expiry'].includes(kind!)
            ? x!
            : y!;
      for (const k of to ? [to] : office) perPerson.set(k, (perPerson.get(k) ?? 0) + 1);
    }
    const TITLES = [
      '请发起抽取',
      '检查任务到期提醒',
      '检查任务逾期督办',
      '抽取逾期督办',
      '双随机抽查月度汇总',
      '请准备 2027 年度计划',
      '2027 年度计划尚未发布',
      '执法证到期提醒',
    ];
    for (const [key, n] of perPerson) {
      const openId = users.find((u) => u.name === names.get(key))!.openId;
      const cards = (await testApi<Msg[]>(emu(), 'GET', `messages?open_id=${openId}`)).filter((m) =>
        TITLES.some((t) => m.content.header?.title?.content?.startsWith(t)),
      );
      expect([key, cards.length]).toEqual([key, n]);
      const lastRung = cards.filter((m) => /第 3 级/.test(m.content.header!.title!.content!));
      for (const m of lastRung) expect(m.urgent).toEqual([expect.objectContaining({ kind: 'app' })]);
    }
  }, 1_500_000);
});
