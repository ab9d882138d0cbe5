import { ACTIONS } from '../../../cards/actions';
import type { PublicResult } from '../../../src/domain/publication';
import { idPart } from '../../../src/domain/text';
import { auditTrail } from '../../../src/services/audit-read';
import { recordObjection } from '../../../src/services/objections';
import { publishResults } from '../../../src/services/publications';
import { fileReport, reviewReport } from '../../../src/services/reports';
import { buttons, textOf } from '../../helpers/chat';
import { DEMO_NOW } from '../../helpers/demo-bot';
import { useHandlerDeps } from '../../helpers/handler-deps';
import { demoDraw, demoReport } from '../../helpers/publications';

/** 异议 (handlers/objection/index.ts): `/异议` (the office: 陶向东), 登记异议, 维持 / 更正 (旅馆业's leader: 赵晓辉). */
describe('/异议, objection.record, objection.uphold and objection.correct', () => {
  let clock = DEMO_NOW;
  const h = useHandlerDeps({ now: () => clock });
  afterEach(() => {
    clock = DEMO_NOW;
    expect(h.errors).toEqual([]);
  });
  /** 旅馆业 results, accepted: [0], [2], [3] and [4] published on DEMO_NOW (2026-11-26), [1] not. */
  let tasks: { taskNo: string; targetName: string }[];

  beforeAll(async () => {
    const { models } = h.db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    const all = await models.Task.find({ drawNo }).sort({ taskNo: 1 }).limit(5).lean();
    for (const t of all) {
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, demoReport('消防通道堵塞'), DEMO_NOW);
      await reviewReport(models, t.taskNo, 'name:彭世杰', 'accept', '', DEMO_NOW);
    }
    tasks = all.map((t) => ({ taskNo: t.taskNo, targetName: t.targetName }));
    await publishResults(
      models,
      [0, 2, 3, 4].map((i) => tasks[i]!.taskNo),
      'name:彭世杰',
      DEMO_NOW,
    );
  });

  const models = () => h.db().models;
  const result = async (taskNo: string) =>
    (await models()
      .Publication.findOne({ _id: `result-${taskNo}` })
      .lean())!.content as PublicResult;
  const objections = (taskNo: string) => models().Objection.find({ taskNo }).lean();
  /** `name` says `text`; the one card answered, its title and text. */
  const ask = async (name: string, text: string) => {
    const cards = await h.say(name, text);
    expect(cards).toHaveLength(1);
    return { ...cards[0]!, title: h.title(cards[0]!), text: textOf(cards[0]!.card) };
  };
  const record = (name: string, taskNo: string, form: Record<string, unknown>) =>
    h.click(name, { action: ACTIONS.objectionRecord, taskNo }, form);
  const FORM = {
    objector: '偃师区某旅社',
    receivedOn: '2026-11-26 +0800',
    content: '检查当日消防通道并未堵塞',
  };
  /** An open objection to result `i`, recorded through the service (as 登记异议 does). */
  const objectionTo = async (i: number) =>
    (
      await recordObjection(models(), {
        taskNo: tasks[i]!.taskNo,
        objector: '某旅社',
        receivedOn: '2026-11-26',
        content: '检查人员未出示执法证',
        actor: 'name:陶向东',
        now: DEMO_NOW,
      })
    ).objection;

  it('`/异议` alone says how to use it', async () => {
    const answer = await ask('陶向东', '/异议');
    expect(answer.title).toBe('无法完成');
    expect(answer.text).toContain(
      '请写被提出异议的检查结果的任务编号（见公示表），例如：/异议 CC2026-03-R1-01-0001',
    );
  });

  it('refuses `/异议` to anyone but the office, and audits the refusal', async () => {
    const answer = await ask('彭世杰', `/异议 ${tasks[0]!.taskNo}`);
    expect(answer.title).toBe('无法完成');
    expect(answer.text).toContain('只有领导小组办公室可以登记异议（/异议）');
    expect((await auditTrail(models(), 'objection')).map((e) => [e.action, e.actor])).toContainEqual([
      'permission.denied',
      'name:彭世杰',
    ]);
  });

  it('refuses a task number with no result, a result not yet published, and one past its period', async () => {
    const unknown = await ask('陶向东', '/异议 CC2026-99-R1-01-0001');
    expect(unknown.text).toContain(
      '没有任务编号为 CC2026-99-R1-01-0001 的检查结果（请写公示表中的任务编号）',
    );
    const unpublished = await ask('陶向东', `/异议 ${tasks[1]!.taskNo}`);
    expect(unpublished.text).toContain(`任务 ${tasks[1]!.taskNo} 的检查结果尚未公示，公示后才能登记异议`);
    const long = await ask('陶向东', `/异议 ${'X'.repeat(41)}`);
    // Echoed back shortened (cards/echo.ts), never looked up.
    expect(long.text).toContain(`“${'X'.repeat(40)}…”不是任务编号`);
    clock = new Date('2026-12-31T02:00:00Z');
    const late = await ask('陶向东', `/异议 ${tasks[0]!.taskNo}`);
    expect(late.text).toContain(
      '已超过异议期限：该结果于 2026-11-26 公示，异议应在 15 个工作日内（2026-12-17 前）提出',
    );
    for (const a of [unknown, unpublished, long, late]) expect(a.title).toBe('无法完成');
  });

  it('answers the office with the form for a published result (the number in any case)', async () => {
    const { taskNo, targetName } = tasks[0]!;
    const answer = await ask('陶向东', `/异议 ${taskNo.toLowerCase()}`);
    expect(answer.title).toBe(`登记异议：${targetName}`);
    expect(answer.text).toContain(`**任务编号**：${taskNo}`);
    expect(answer.text).toContain(
      '2026-11-26 公示）：发现问题已责令改正｜后续处置：责令改正｜整改情况：已补登记',
    );
    expect(answer.text).toContain('（**2026-12-17** 前）收到');
    expect(answer.text).toContain('"initial_date":"2026-11-26"');
    expect(buttons(answer.card).map((b) => b.value)).toEqual([{ action: ACTIONS.objectionRecord, taskNo }]);
  });

  it('登记异议: stored, shown as 有异议, the card answered and sent to the 责任局领导', async () => {
    const { taskNo, targetName } = tasks[0]!;
    const before = (await h.jobs()).length;
    const answer = await record('陶向东', taskNo, FORM);
    expect(answer.toast).toEqual({
      type: 'success',
      content: '异议已登记，公示页面显示“有异议”；已请责任局领导决定',
    });
    expect(answer.card.header.title.content).toBe(`异议待决定：${targetName}`);
    const [stored, ...more] = await objections(taskNo);
    expect(more).toEqual([]);
    expect(stored).toMatchObject({
      _id: `${taskNo}#1`,
      status: 'open',
      itemCode: 'hotels',
      objector: FORM.objector,
      receivedOn: '2026-11-26',
      content: FORM.content,
      dueBy: '2026-12-10',
      createdBy: 'name:陶向东',
    });
    expect((await result(taskNo)).objection).toEqual({
      status: 'open',
      receivedOn: '2026-11-26',
      decidedOn: null,
    });
    expect((await auditTrail(models(), taskNo)).map((e) => e.action)).toContain('objection.recorded');
    const jobs = (await h.jobs()).slice(before);
    expect(jobs.map((j) => [j.name, j.id, j.data])).toEqual([
      [
        'send',
        `objection-${idPart(stored!._id)}`,
        {
          id: `objection-${idPart(stored!._id)}`,
          kind: 'task',
          subject: taskNo,
          to: { personKey: 'name:赵晓辉' },
          card: answer.card,
        },
      ],
    ]);

    // A second objection while this one is open: refused, nothing more stored or sent.
    const second = await record('陶向东', taskNo, { ...FORM, objector: '又一位' });
    expect(second.toast).toEqual({
      type: 'error',
      content: `该结果已有一条异议正在处理（${FORM.objector}，2026-11-26 收到），请待责任局领导决定后再登记`,
    });
    expect(await objections(taskNo)).toHaveLength(1);
    expect((await h.jobs()).length).toBe(before + 1);
  });

  it('refuses 登记异议 received after the period, with empty content, or by anyone but the office: nothing stored', async () => {
    const { taskNo } = tasks[4]!;
    const before = (await h.jobs()).length;
    clock = new Date('2026-12-31T02:00:00Z');
    const late = await record('陶向东', taskNo, { ...FORM, receivedOn: '2026-12-18 +0800' });
    expect(late.toast).toEqual({
      type: 'error',
      content: '已超过异议期限：该结果于 2026-11-26 公示，异议应在 15 个工作日内（2026-12-17 前）提出',
    });
    clock = DEMO_NOW;
    const empty = await record('陶向东', taskNo, { ...FORM, content: ' ' });
    expect(empty.toast).toEqual({ type: 'error', content: '请填写异议内容' });
    const notOffice = await record('彭世杰', taskNo, FORM);
    expect(notOffice.toast).toEqual({ type: 'error', content: '只有领导小组办公室可以登记异议（/异议）' });
    expect((await auditTrail(models(), taskNo)).map((e) => [e.action, e.actor])).toContainEqual([
      'permission.denied',
      'name:彭世杰',
    ]);

    expect(await objections(taskNo)).toEqual([]);
    expect((await result(taskNo)).objection).toBeUndefined();
    expect((await h.jobs()).length).toBe(before);
  });

  it('维持: refused to another leader; the item’s 责任局领导 upholds, and the result stands', async () => {
    const { taskNo, targetName } = tasks[2]!;
    const o = await objectionTo(2);
    const uphold = (name: string, reason: string) =>
      h.click(name, { action: ACTIONS.objectionUphold, id: o._id }, { upholdReason: reason });

    // 焦柳扬 is a 局领导, but 禁毒's: not 旅馆业's.
    const other = await uphold('焦柳扬', '无异议');
    expect(other.toast).toEqual({
      type: 'error',
      content: '只有“旅馆业”的责任局领导（赵晓辉）或领导小组组长可以决定异议',
    });
    const bare = await uphold('赵晓辉', ' ');
    expect(bare.toast).toEqual({ type: 'error', content: '请填写维持的理由' });
    expect((await models().Objection.findOne({ _id: o._id }).lean())!.status).toBe('open');
    expect((await result(taskNo)).objection).toMatchObject({ status: 'open' });

    const done = await uphold('赵晓辉', '检查记录与现场照片一致');
    expect(done.toast).toEqual({ type: 'success', content: '已维持原结果，公示页面已更新' });
    expect(done.card.header.title.content).toBe(`已维持：${targetName}`);
    expect(await models().Objection.findOne({ _id: o._id }).lean()).toMatchObject({
      status: 'upheld',
      decidedBy: 'name:赵晓辉',
      reason: '检查记录与现场照片一致',
      correction: null,
    });
    const now = await result(taskNo);
    expect(now.objection).toEqual({ status: 'upheld', receivedOn: '2026-11-26', decidedOn: '2026-11-26' });
    expect(now).toMatchObject({ resultCategory: '发现问题已责令改正', followUp: '责令改正' });
    expect(now.version ?? 1).toBe(1);
    expect((await auditTrail(models(), taskNo)).map((e) => e.action)).toContain('objection.decided');

    const missing = await h.click(
      '赵晓辉',
      { action: ACTIONS.objectionUphold, id: `${taskNo}#9` },
      { upholdReason: '维持' },
    );
    expect(missing.toast).toEqual({ type: 'error', content: '这张卡片对应的异议不存在' });
  });

  it('更正: refused to the office; the item’s 责任局领导 corrects it into a new version, the old one kept', async () => {
    const { taskNo, targetName } = tasks[3]!;
    const o = await objectionTo(3);
    const correction = {
      result: '未发现问题',
      followUp: '无需后续处置',
      rectification: '',
      correctReason: '调取监控后确认检查记录有误',
    };
    const correct = (name: string, form: Record<string, unknown>) =>
      h.click(name, { action: ACTIONS.objectionCorrect, id: o._id }, form);

    const office = await correct('陶向东', correction);
    expect(office.toast).toEqual({
      type: 'error',
      content: '只有“旅馆业”的责任局领导（赵晓辉）或领导小组组长可以决定异议',
    });
    const same = await correct('赵晓辉', {
      ...correction,
      result: '发现问题已责令改正',
      followUp: '责令改正',
      rectification: '已补登记',
    });
    expect(same.toast).toEqual({
      type: 'error',
      content: '更正后的内容与现在公示的相同：如结果无误，请选择“维持原结果”',
    });
    expect((await models().Objection.findOne({ _id: o._id }).lean())!.status).toBe('open');
    expect((await result(taskNo)).version ?? 1).toBe(1);

    const done = await correct('赵晓辉', correction);
    expect(done.toast).toEqual({ type: 'success', content: '已更正，公示页面显示新结果和原结果' });
    expect(done.card.header.title.content).toBe(`已更正：${targetName}`);
    expect(await models().Objection.findOne({ _id: o._id }).lean()).toMatchObject({
      status: 'corrected',
      decidedBy: 'name:赵晓辉',
      reason: correction.correctReason,
      correction: { resultCategory: '未发现问题', followUp: '无需后续处置', rectification: '' },
    });
    expect(await result(taskNo)).toMatchObject({
      resultCategory: '未发现问题',
      followUp: '无需后续处置',
      rectification: '',
      version: 2,
      objection: { status: 'corrected', receivedOn: '2026-11-26', decidedOn: '2026-11-26' },
      history: [
        {
          version: 1,
          resultCategory: '发现问题已责令改正',
          followUp: '责令改正',
          rectification: '已补登记',
          correctedOn: '2026-11-26',
        },
      ],
    });
  });
});
