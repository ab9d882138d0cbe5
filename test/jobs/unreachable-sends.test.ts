import { DomainError } from '../../src/domain/errors';
import { performSend, planDay, type Send } from '../../src/services/schedule';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf } from '../helpers/emulator';
import { demoDraw } from '../helpers/publications';

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * A scheduled send is receipted only once it reached everyone it is for. One that reaches nobody, or not
 * everyone, fails with who could not be reached and why (the job's failure, in /运维), leaves no receipt,
 * so the next day's planning sends it again; once the people can be reached it goes out, once.
 */
describe('scheduled sends to people the bot cannot reach', () => {
  let clock = DEMO_NOW;
  const { emu, db, bot } = useDemoBot({ now: () => clock });
  const receipted = (id: string) => db().models.Receipt.exists({ _id: `schedule:${id}` });
  /** Makes a person unreachable (no mobile, no linked open id) and returns how to undo it. */
  const unreach = async (name: string) => {
    const p = (await db().models.Person.findOne({ name }).lean())!;
    await db().models.Person.updateOne({ name }, { $set: { mobile: null, feishuOpenId: null } });
    return () => db().models.Person.updateOne({ name }, { $set: { mobile: p.mobile } });
  };
  const refusal = async (send: Send) => {
    const err = await performSend(bot().deps, send).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DomainError);
    return (err as DomainError).message;
  };

  it('fails a monthly summary that reaches none of the office, names them, and sends it once they can be reached', async () => {
    const { models } = db();
    // No office chat: the summary goes to each office member in person.
    await models.Unit.updateMany({ kind: 'office' }, { $set: { chatId: null } });
    const restore = await unreach('陶向东');
    clock = at('2026-12-01');
    const send: Send = { kind: 'summary', id: 'summary-2026-12', month: '2026-11' };
    expect(await refusal(send)).toBe(
      '2026-11 月度汇总未能送达 陶向东：名录中没有其手机号或飞书账号，请补充后重试',
    );
    expect(await receipted(send.id)).toBeNull();
    expect(await models.AuditEntry.countDocuments({ action: 'schedule.summary' })).toBe(0);
    // The next planning still has it due, as long as it has no receipt.
    expect((await planDay(bot().deps)).sends.map((s) => s.id)).toContain(send.id);

    // Through the queue as the schedule runs it: the job fails (no retry can help) and is counted.
    await bot().queue.enqueue('schedule-send', send, `schedule-send-${send.id}`);
    await bot().queue.idle(30_000);
    expect((await bot().queue.queue.getJob(`schedule-send-${send.id}`))!.failedReason).toContain('陶向东');
    const counted = (await bot().deps.metrics!.unreachable.get()).values;
    expect(counted).toEqual([expect.objectContaining({ labels: { kind: 'summary' }, value: 1 })]);

    await restore();
    expect(await performSend(bot().deps, send)).toBe('sent');
    expect(await receipted(send.id)).not.toBeNull();
    const got = await messagesOf(emu(), { open_id: await openIdOf(emu(), '陶向东') });
    expect(got.filter((m) => m.msg_type === 'file')).toHaveLength(1);
    expect(await performSend(bot().deps, send)).toBe('already');
  });

  it('fails a draw prompt, a reminder and an escalation to someone unreachable, leaving no receipt', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const task = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
    const inspector = (await models.Person.findOne({ key: task.inspectorKeys[0] }).lean())!;
    const restoreInspector = await unreach(inspector.name);
    const restorePeng = await unreach('彭世杰');

    // A reminder (the day before the deadline) and an escalation (past it), planned from the database.
    const days = ['2026-12-29', '2027-01-05'];
    const kinds = new Set<string>();
    for (const day of days) {
      clock = at(day);
      for (const send of (await planDay(bot().deps)).sends) {
        const to = 'to' in send ? send.to : '';
        if (to !== inspector.key && to !== 'name:彭世杰') continue;
        kinds.add(send.kind);
        expect(await refusal(send)).toMatch(/^无法通过飞书联系 \S+：名录中没有其手机号或飞书账号$/);
        expect(await receipted(send.id)).toBeNull();
      }
    }
    expect([...kinds].sort()).toEqual(expect.arrayContaining(['draw-prompt', 'reminder', 'task-overdue']));
    await restoreInspector();
    await restorePeng();
  });
});
