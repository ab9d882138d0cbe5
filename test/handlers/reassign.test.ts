import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { SPEC_FILES } from '../../scripts/draw-spec';
import { enqueueScheduleDay } from '../../jobs/schedule-trigger';
import { reassignProblem, type ReassignRecord } from '../../src/domain/draw/reassign';
import { verdictText, verifyDrawRecord } from '../../src/domain/draw/verify';
import { drawRecord } from '../../src/services/draws';
import type { PublicDraw } from '../../src/domain/publication-draw';
import { auditTrail } from '../../src/services/audit-read';
import { reassignmentId } from '../../src/services/reassign';
import { approveDraw, dispatchDraw, proposeDraw, submitDraw } from '../../src/services/draws';
import { chatAs, fakeRandom, textOf, title } from '../helpers/chat';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { waitFor } from '../helpers/wait';

/** 09:30 Beijing on `day`. */
const at = (day: string) => new Date(`${day}T01:30:00Z`);

/**
 * 改派 on the demo bot: 旅馆业 round 1 is drawn and dispatched on Thu 2026-11-26 (due 2026-12-30); one
 * inspector is then suspended from 12-01, and the schedule of Tue 12-01 asks the 治安大队 head to reassign.
 */
describe('改派: an inspector who can no longer go is replaced at random, with the unit head’s phrase', () => {
  let clock = DEMO_NOW;
  const { emu, db, errors, bot } = useDemoBot({ now: () => clock });
  afterEach(() => expect(errors).toEqual([]));
  const { ask, cardsOf, press, cardTitled } = chatAs(emu);
  let drawNo = '';

  beforeAll(async () => {
    const { models } = db();
    const out = await proposeDraw(models, {
      year: 2026,
      itemCode: 'hotels',
      round: 1,
      actor: 'name:彭世杰',
      now: DEMO_NOW,
      randomBytes: fakeRandom('reassign-test'),
      idempotencyKey: 'reassign-test',
    });
    if (!out.ok) throw new Error(out.reason);
    drawNo = out.draw.drawNo;
    await submitDraw(models, drawNo, 'name:彭世杰', DEMO_NOW);
    await approveDraw(models, drawNo, 'name:赵晓辉', DEMO_NOW, `随机码-${drawNo}`);
    await dispatchDraw(models, drawNo, 'name:赵晓辉', DEMO_NOW);
  }, 60_000);

  const runDay = async (day: string) => {
    clock = at(day);
    await enqueueScheduleDay(bot().deps.jobs, clock);
    await bot().queue.idle(30_000);
  };

  it('asks the head, picks from the committed candidates, swaps the task, tells the new inspector, publishes', async () => {
    const { models } = db();
    const task = (await models.Task.find({ drawNo }).sort({ _id: 1 }).lean())[0]!;
    const [gone] = task.inspectorKeys;
    const goneName = (await models.Person.findOne({ key: gone }).lean())!.name;
    const head = (await models.Person.findOne({ unitName: '治安大队', roles: 'unit_head' }).lean())!;
    await models.Person.updateOne(
      { key: gone },
      { $set: { absence: { kind: 'suspended', from: '2026-12-01', to: null } } },
    );

    await runDay('2026-12-01');
    const card = await cardTitled(head.name, `请改派检查人员：${task.targetName}`);
    expect(textOf(card.content)).toContain(`的检查人员 **${goneName}** 检查期间不在岗，需要改派`);
    // The proposal is published before anyone can type a phrase: candidates and commitments, no secret.
    const before = (await models.Publication.findOne({ _id: `draw-${drawNo}` }).lean())!
      .content as PublicDraw;
    // Every open task of the suspended inspector needs one; this test decides the first.
    const all = await models.Task.find({ drawNo }).lean();
    const needs = all
      .filter((t) => t.inspectorKeys.includes(gone!))
      .map((t) => t.taskNo)
      .sort();
    expect(before.reassignments!.map((r) => r.taskNo)).toEqual(needs);
    expect(before.reassignments![0]).toMatchObject({
      taskNo: task.taskNo,
      secret: null,
      phrase: null,
      picked: null,
    });
    expect(before.reassignments![0]!.inputs.candidates).not.toContain(gone);
    // Planned again the same day, and the next: no second card (the proposal exists).
    await runDay('2026-12-01');
    await runDay('2026-12-02');
    expect((await cardsOf(head.name)).filter((m) => title(m)?.startsWith('请改派'))).toHaveLength(
      needs.length,
    );

    // A phrase too short is refused; then the head's phrase decides.
    const short = await press(head.name, card, '随机改派', { phrase: '短' });
    expect(short.toast).toMatchObject({ type: 'error', content: '改派随机码至少 4 个字，当前 1 个字' });
    // The leader's approval phrase of this very draw: predictable now, refused.
    const used = await press(head.name, card, '随机改派', { phrase: `随机码-${drawNo}` });
    expect(used.toast).toMatchObject({
      type: 'error',
      content: expect.stringContaining('这个随机码以前用过'),
    });
    const done = await press(head.name, card, '随机改派', { phrase: '冬日暖阳' });
    expect(done.toast).toMatchObject({ type: 'success', content: expect.stringMatching(/^已改派为 /) });

    const after = (await models.Task.findOne({ _id: task._id }).lean())!;
    const picked = after.inspectorKeys.find((k) => !task.inspectorKeys.includes(k))!;
    expect(after.inspectorKeys).toEqual(task.inspectorKeys.map((k) => (k === gone ? picked : k)));
    expect((await models.OpenTask.findOne({ _id: task._id }).lean())!.inspectorKeys).toEqual(
      after.inspectorKeys,
    );
    const pickedName = (await models.Person.findOne({ key: picked }).lean())!.name;
    await waitFor(
      async () => (await cardsOf(pickedName)).some((m) => title(m) === `检查任务：${task.targetName}`),
      `${pickedName}: the task card`,
    );

    // Published with the secret and the phrase: anyone recomputes the pick.
    const page = (await models.Publication.findOne({ _id: `draw-${drawNo}` }).lean())!.content as PublicDraw;
    const r = page.reassignments![0]!;
    expect(r).toMatchObject({ phrase: '冬日暖阳', picked });
    expect(reassignProblem(r as unknown as ReassignRecord)).toBeNull();
    expect((await auditTrail(models, task.taskNo)).map((e) => e.action)).toEqual(
      expect.arrayContaining(['task.reassign-proposed', 'task.reassigned']),
    );
    // /验证 re-checks the 改派 from what is published, beside the draw's own verdict.
    const verified = await ask('彭世杰', `/验证 ${drawNo}`, `验证一致：${drawNo}`);
    expect(textOf(verified.content)).toContain(
      `✅ 改派 ${task.taskNo}：${goneName} → ${pickedName}，可复核，一致`,
    );
    // The draw's record carries it: `npm run verify-draw` and the page's 在线核验 re-check it offline.
    const record = JSON.parse(JSON.stringify(await drawRecord(models, drawNo)));
    expect(record.reassignments).toEqual([
      expect.objectContaining({ taskNo: task.taskNo, phrase: '冬日暖阳', picked, secret: r.secret }),
    ]);
    const verdict = verifyDrawRecord(record);
    expect(verdict).toMatchObject({ consistent: true, stage: 'drawn', reassignments: 1 });
    const schema = new Ajv2020({ strict: false }).compile(
      JSON.parse(readFileSync(SPEC_FILES.schema, 'utf8')),
    );
    expect(schema(record)).toBe(true);
    expect(verdictText(verdict)).toContain(
      '其后 1 次改派，每次的替换人员均可由公开的候选人、系统密钥与单位负责人的随机码重现。',
    );
    const other = r.inputs.candidates.find((k) => k !== picked)!;
    expect(
      verifyDrawRecord({ ...record, reassignments: [{ ...record.reassignments[0], picked: other }] }),
    ).toEqual({
      consistent: false,
      code: 'REASSIGN_MISMATCH',
      difference: `改派（任务 ${task.taskNo}）：替换人员不是随机种子选中的那一位`,
    });
    expect(
      verifyDrawRecord({ ...record, reassignments: [{ ...record.reassignments[0], phrase: 1 }] }),
    ).toMatchObject({
      consistent: false,
      code: 'MALFORMED',
    });
    // A second decision (another click, another phrase) changes nothing.
    const again = await press(head.name, card, '随机改派', { phrase: '再来一次' });
    expect(again.toast).toMatchObject({
      type: 'success',
      content: `已改派为 ${pickedName}，新的检查人员会收到任务卡片`,
    });
    expect((await models.Task.findOne({ _id: task._id }).lean())!.inspectorKeys).toEqual(after.inspectorKeys);
  });

  it('says so when nobody can take the place, and asks again the next working day', async () => {
    const { models } = db();
    // A task the first test left alone (no proposal for any of its inspectors).
    const touched = new Set((await models.Reassignment.find({}).lean()).map((r) => r.taskNo));
    const task = (await models.Task.find({ drawNo }).sort({ _id: 1 }).lean()).find(
      (t) => !touched.has(t.taskNo),
    )!;
    const head = (await models.Person.findOne({ unitName: '治安大队', roles: 'unit_head' }).lean())!;
    // Everyone else of the unit is away over the window; one of this task's inspectors too.
    const others = await models.Person.find({
      unitName: '治安大队',
      roles: 'inspector',
      key: { $nin: task.inspectorKeys },
    }).lean();
    const away = { kind: 'leave', from: '2026-12-03', to: '2027-01-31' };
    await models.Person.updateMany(
      { key: { $in: [...others.map((p) => p.key), task.inspectorKeys[0]] } },
      { $set: { absence: away } },
    );
    await runDay('2026-12-03');
    await cardTitled(head.name, `无法改派：${task.targetName}`);
    await runDay('2026-12-04');
    const notices = (await cardsOf(head.name)).filter((m) => title(m) === `无法改派：${task.targetName}`);
    expect(notices).toHaveLength(2);
    expect(
      await models.Reassignment.findOne({ _id: reassignmentId(task.taskNo, task.inspectorKeys[0]!) }).lean(),
    ).toBeNull();
  });
});
