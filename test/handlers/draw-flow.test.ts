import { createHash } from 'node:crypto';
import { verifyDrawRecord } from '../../src/domain/draw/verify';
import { auditTrail } from '../../src/services/audit-read';
import { drawRecord } from '../../src/services/draws';
import { cachedPublicView } from '../../src/services/public-view';
import { useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi, type SentMessage } from '../helpers/emulator';
import { waitFor } from '../helpers/wait';
import { buttons } from '../helpers/chat';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

/** Deterministic seeds: a hash chain. */
function fakeRandom() {
  let n = 0;
  return (size: number) => {
    const out = Buffer.alloc(size);
    for (let i = 0; i < size; i += 32) createHash('sha256').update(`flow/${n++}`).digest().copy(out, i);
    return out;
  };
}

const textOf = (card: any) => JSON.stringify(card.body.elements);
const title = (m: SentMessage) => (m.content as any).header.title.content as string;

describe.each(['ws', 'webhook'] as const)(
  'the chat workflow over the %s transport: /抽查 → preview → approval → dispatch → report → review',
  (transport) => {
    const { emu, db, errors } = useDemoBot({
      extraUsers: [{ name: '访客', mobile: '13800000000' }],
      transport,
      randomBytes: fakeRandom(),
    });
    afterEach(() => expect(errors).toEqual([]));

    const say = async (name: string, text: string) =>
      testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
    const cardsOf = async (name: string) =>
      (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).filter(
        (m) => m.msg_type === 'interactive',
      );
    /** Waits for a card titled `t` in a user's chat with the bot that was not there in `seen`, and returns it. */
    const cardTitled = async (name: string, t: string, seen: Set<string> = new Set()) => {
      const find = async () => (await cardsOf(name)).find((m) => title(m) === t && !seen.has(m.message_id));
      await waitFor(async () => (await find()) !== undefined, `${name}: a card titled ${t}`);
      return (await find())!;
    };
    const seenBy = async (name: string) => new Set((await cardsOf(name)).map((m) => m.message_id));
    const click = async (
      name: string,
      message: SentMessage,
      value: unknown,
      form?: Record<string, unknown>,
    ) =>
      testApi<any>(emu(), 'POST', 'card-actions', {
        open_id: await openIdOf(emu(), name),
        message_id: message.message_id,
        value,
        ...(form ? { form_value: form } : {}),
      });
    const latest = async (name: string, messageId: string) =>
      (await cardsOf(name)).find((m) => m.message_id === messageId)!;
    /** Waits until a card another action changes in the background (a job) shows title `t`. */
    const becomes = async (name: string, messageId: string, t: string) => {
      await waitFor(
        async () => title(await latest(name, messageId)) === t,
        `${name}: card ${messageId} → ${t}`,
      );
      return latest(name, messageId);
    };
    const button = (m: SentMessage, text: string) => {
      const b = buttons(m.content).find((x) => x.text === text);
      if (!b) throw new Error(`no button ${text} in ${title(m)}`);
      return b.value;
    };

    it('runs the whole path: preview, submit, a refused approval, approval, dispatch, report, review', async () => {
      const { models } = db();
      // A typo an alias still catches (娱乐): done, and said so.
      await say('彭世杰', '/抽查 娱乐厂所');
      const preview = await cardTitled('彭世杰', '抽取发起：娱乐场所');
      expect(textOf(preview.content)).toContain('已按“娱乐场所”处理（您输入的是“娱乐厂所”）');
      expect(buttons(preview.content).map((b) => b.text)).toEqual(['提交审批', '取消', '取消并重新发起']);
      const draw = (await models.Draw.findOne({}).lean())!;
      expect(draw).toMatchObject({
        drawNo: 'CC2026-04-R1-01',
        status: 'proposed',
        proposedBy: 'name:彭世杰',
      });
      expect(textOf(preview.content)).toContain(`发起承诺值**：${draw.commitment}`);
      expect(textOf(preview.content)).toContain(`计划抽取 ${draw.count} 户`);
      // Nothing of a selection exists to show: the leader decides on the rule, the pool and the commitment.
      expect(textOf(preview.content)).not.toContain('抽中的检查对象');
      expect(await models.DrawPart.countDocuments({ kind: 'selections' })).toBe(0);

      // The leader may not be skipped: approving from the proposer's own card (a forged value) is refused.
      const forged = await click('彭世杰', preview, { action: 'draw.approve', drawNo: draw.drawNo });
      expect(forged).toMatchObject({
        ok: true,
        toast: { type: 'error', content: '只有“娱乐场所”的责任局领导（赵晓辉）或领导小组组长可以审批' },
      });
      expect((await auditTrail(models, draw.drawNo)).map((e) => [e.action, e.actor])).toContainEqual([
        'permission.denied',
        'name:彭世杰',
      ]);

      const submitted = await click('彭世杰', preview, button(preview, '提交审批'));
      expect(submitted.toast).toEqual({ type: 'success', content: '已提交，等待赵晓辉审批' });
      expect(title(await latest('彭世杰', preview.message_id))).toBe('抽取发起 · 待审批：娱乐场所');
      const approval = await cardTitled('赵晓辉', '待审批：娱乐场所');
      expect(buttons(approval.content).map((b) => b.text)).toEqual(['批准', '驳回']);
      expect(textOf(approval.content)).not.toContain('抽中的检查对象');
      expect(await click('赵晓辉', approval, button(approval, '批准'), { phrase: '' })).toMatchObject({
        toast: { type: 'error', content: expect.stringContaining('请填写审批随机码') },
      });

      const seenByPeng = await seenBy('彭世杰');
      const approved = await click('赵晓辉', approval, button(approval, '批准'), { phrase: '洛河 春水 7' });
      // The decision is made in the callback; the selection and the tasks follow in the background.
      expect(approved.toast).toEqual({
        type: 'success',
        content: `已批准，正在抽取并派发 ${draw.count} 个检查任务，卡片稍后更新`,
      });
      expect(approved.card).toBeUndefined();
      await becomes('赵晓辉', approval.message_id, '抽取 · 已派发：娱乐场所');
      expect(await models.Task.countDocuments({ drawNo: draw.drawNo })).toBe(draw.count);
      // The proposer's copy follows (patched by the bot), now with the phrase, the secret and the seed.
      const final = await becomes('彭世杰', preview.message_id, '抽取 · 已派发：娱乐场所');
      const record = JSON.parse(JSON.stringify(await drawRecord(models, draw.drawNo)));
      expect(textOf(final.content)).toContain(`随机种子**：${record.seed}`);
      expect(textOf(final.content)).toContain('审批随机码**：洛河 春水 7');
      expect(textOf(final.content)).toContain('抽中的检查对象');
      expect(verifyDrawRecord(record)).toMatchObject({ consistent: true, stage: 'drawn' });

      // In the background: the unit's list to its 责任人, and each inspector's own task card.
      const unitCard = await cardTitled('彭世杰', '检查任务已派发：娱乐场所', seenByPeng);
      expect(textOf(unitCard.content)).toContain(`共 **${draw.count}** 个检查任务`);
      const tasks = await models.Task.find({ drawNo: draw.drawNo }).sort({ taskNo: 1 }).lean();
      const people = await models.Person.find({ key: { $in: tasks.flatMap((t) => t.inspectorKeys) } }).lean();
      const nameOf = (key: string) => people.find((p) => p.key === key)!.name;
      const first = tasks[0]!;
      const [a, b] = first.inspectorKeys.map(nameOf) as [string, string];
      const taskCardA = await cardTitled(a, `检查任务：${first.targetName}`);
      await cardTitled(b, `检查任务：${first.targetName}`);
      expect(textOf(taskCardA.content)).toContain(`**检查人员**：${a}、${b}`);
      await waitFor(
        async () => (await models.Receipt.countDocuments({ kind: 'notice' })) === 1 + 2 * tasks.length,
        'every notice sent',
      );

      // Report: only an assignee, the form checked field by field; nothing saved on a problem.
      const outsider = people.find((p) => !first.inspectorKeys.includes(p.key) && p.unitName === '治安大队')!;
      const reportValue = button(taskCardA, '填报检查结果');
      expect(await click(outsider.name, (await cardsOf(outsider.name))[0]!, reportValue)).toMatchObject({
        toast: { type: 'error', content: `任务 ${first.taskNo} 不是派给您的，只有该任务的检查人员可以填报` },
      });
      const opened = await click(a, taskCardA, reportValue);
      expect(opened.card.header.title.content).toBe(`填报检查结果：${first.targetName}`);
      const form = await latest(a, taskCardA.message_id);
      const submitValue = button(form, '提交');
      const bad = await click(a, form, submitValue, {
        inspectedOn: '2026-11-26 +0800',
        method: '现场检查',
        result: '发现问题已责令改正',
        followUp: '责令改正',
      });
      expect(bad.toast).toEqual({
        type: 'error',
        content: '检查结果为“发现问题已责令改正”时必须填写问题描述',
      });
      expect(await models.Report.countDocuments({ taskNo: first.taskNo })).toBe(0);
      const filed = await click(a, form, submitValue, {
        inspectedOn: '2026-11-26 +0800',
        method: '现场检查',
        result: '发现问题已责令改正',
        findings: '消防通道堆放杂物',
        followUp: '责令改正',
        rectification: '已当场清理',
      });
      expect(filed.toast).toEqual({ type: 'success', content: '已提交，等待彭世杰审核' });
      expect(filed.card.header.title.content).toBe(`检查任务 · 已填报：${first.targetName}`);
      expect(await models.Task.findOne({ taskNo: first.taskNo }).lean()).toMatchObject({
        status: 'reported',
      });
      expect(await models.Report.findOne({ taskNo: first.taskNo }).lean()).toMatchObject({
        inspectedOn: '2026-11-26',
        resultCategory: '发现问题已责令改正',
        findings: '消防通道堆放杂物',
        submittedBy: first.inspectorKeys[0],
      });
      // The co-inspector's copy shows the filed report too.
      const other = await cardTitled(b, `检查任务 · 已填报：${first.targetName}`);
      expect(buttons(other.content)).toEqual([]);

      // Review: returned with a reason, refiled, accepted; the target remembers the inspection.
      const review = await cardTitled('彭世杰', `待审核：${first.targetName}`);
      expect(await click('彭世杰', review, button(review, '退回'), { reason: ' ' })).toMatchObject({
        toast: { type: 'error', content: '请填写退回原因' },
      });
      const returned = await click('彭世杰', review, button(review, '退回'), {
        reason: '请补充整改照片说明',
      });
      expect(returned.toast.content).toBe('已退回，检查人员会看到退回原因');
      const back = await becomes(a, taskCardA.message_id, `检查任务 · 被退回：${first.targetName}`);
      expect(textOf(back.content)).toContain('请补充整改照片说明');
      const again = await click(a, back, button(back, '重新填报'));
      expect(again.card.header.title.content).toBe(`填报检查结果：${first.targetName}`);
      // The form starts from what was filed: only what the reviewer asked about needs changing.
      expect(JSON.stringify(again.card)).toContain('"default_value":"已当场清理"');
      expect(JSON.stringify(again.card)).toContain('"initial_option":"发现问题已责令改正"');
      const seenReviews = await seenBy('彭世杰');
      await click(a, await latest(a, taskCardA.message_id), submitValue, {
        inspectedOn: '2026-11-26 +0800',
        method: '现场检查',
        result: '发现问题已责令改正',
        findings: '消防通道堆放杂物',
        followUp: '责令改正',
        rectification: '已清理，附整改说明',
      });
      const review2 = await cardTitled('彭世杰', `待审核：${first.targetName}`, seenReviews);
      expect((await click('彭世杰', review2, button(review2, '通过'))).toast.content).toBe(
        '已审核通过，请于 2026-12-24 前公示（发送 /公示）',
      );
      await becomes(a, taskCardA.message_id, `检查任务 · 已通过审核：${first.targetName}`);
      const last = await models.LastInspection.findOne({
        _id: `entertainment:${first.targetCreditCode}`,
      }).lean();
      expect(last).toMatchObject({
        date: '2026-11-26',
        drawNo: draw.drawNo,
        inspectorKeys: first.inspectorKeys,
      });
      expect((await auditTrail(models, first.taskNo)).map((e) => e.action)).toEqual([
        'permission.denied',
        'task.reported',
        'task.returned',
        'task.reported',
        'task.accepted',
      ]);
    }, 60_000);

    it('answers /我的任务, /进度 and /验证', async () => {
      const { models } = db();
      const task = (await models.Task.findOne({ drawNo: 'CC2026-04-R1-01', status: 'open' }).lean())!;
      const inspector = (await models.Person.findOne({ key: task.inspectorKeys[0] }).lean())!;
      const mine = await models.Task.countDocuments({
        inspectorKeys: inspector.key,
        status: { $ne: 'accepted' },
      });
      await say(inspector.name, '/我的任务');
      const list = await cardTitled(inspector.name, `我的检查任务（${mine}）`);
      expect(textOf(list.content)).toContain(`${task.taskNo}｜2026-12-30 前，还有 34 天｜待检查`);
      expect(buttons(list.content).filter((b) => b.text === '填报检查结果')).toHaveLength(mine);

      await say('李良', '/进度 娱乐');
      const progress = await cardTitled('李良', '2026 年抽查进度（截至 2026-11-26）');
      const total = await models.Task.countDocuments({ drawNo: 'CC2026-04-R1-01' });
      expect(textOf(progress.content)).toContain('第 1 轮：已派发 CC2026-04-R1-01，2026-12-30 前完成');
      expect(textOf(progress.content)).toContain(
        `任务 ${total} 个：已完成 1（${Math.round(100 / total)}%），待审核 0，未完成 ${total - 1}`,
      );
      expect(textOf(progress.content)).not.toContain('旅馆业');

      await say('访客', '/验证 cc2026-04-r1-01');
      const verified = await cardTitled('访客', '验证一致：CC2026-04-R1-01');
      expect(textOf(verified.content)).toContain(
        '一致：抽取 CC2026-04-R1-01 的结果可由公开的输入、系统密钥与审批随机码完全重现',
      );
      await say('访客', '/验证 2026');
      expect(textOf((await cardTitled('访客', '无法完成')).content)).toContain('请在 /验证 后写抽取编号');
    });

    it('acts once on a click the platform delivers three times, and answers each the same', async () => {
      const { models } = db();
      await say('彭世杰', '/抽查 旅馆');
      const preview = await cardTitled('彭世杰', '抽取发起：旅馆业');
      await testApi(emu(), 'POST', 'faults', { duplicate_deliveries: 2 });
      try {
        const out = await click('彭世杰', preview, button(preview, '提交审批'));
        expect(out.toast).toEqual({ type: 'success', content: '已提交，等待赵晓辉审批' });
      } finally {
        await testApi(emu(), 'POST', 'faults', { duplicate_deliveries: 0 });
      }
      const drawNo = (await models.Draw.findOne({ itemCode: 'hotels' }).lean())!.drawNo;
      const actions = (await auditTrail(models, drawNo)).map((e) => e.action);
      expect(actions).toEqual(['draw.proposed', 'draw.submitted']);
      await cardTitled('赵晓辉', '待审批：旅馆业');
      await new Promise((r) => setTimeout(r, 200));
      expect((await cardsOf('赵晓辉')).filter((m) => title(m) === '待审批：旅馆业')).toHaveLength(1);
    });

    it('rejects only with a reason, and the proposer reads it', async () => {
      const approval = await cardTitled('赵晓辉', '待审批：旅馆业');
      const reject = button(approval, '驳回');
      expect(await click('赵晓辉', approval, reject, { reason: '  ' })).toMatchObject({
        toast: { type: 'error', content: '请填写驳回理由（将与本次抽取一并公示）' },
      });
      const out = await click('赵晓辉', approval, reject, { reason: '名录未更新到本月' });
      expect(out.toast.content).toBe('已驳回，发起人会看到驳回理由');
      const preview = await cardTitled('彭世杰', '抽取 · 已驳回：旅馆业');
      expect(textOf(preview.content)).toContain('名录未更新到本月');
    });

    it('offers a choice for 特种行业 and suggestions for a typo; the chosen item’s preview replaces the choice', async () => {
      await say('彭世杰', '/抽查 特种行业');
      const choice = await cardTitled('彭世杰', '选择抽查事项');
      expect(buttons(choice.content).map((b) => b.text)).toEqual([
        '旅馆业（10%，1年1次）',
        '公章刻制业（50%，1年1次）',
        '废旧金属收购业（30%，1年1次）',
      ]);
      const picked = await click('彭世杰', choice, buttons(choice.content)[1]!.value);
      expect(picked.toast.content).toBe('正在发起“公章刻制业”的抽取，卡片稍后更新');
      await becomes('彭世杰', choice.message_id, '抽取发起：公章刻制业');
      const seen = await seenBy('彭世杰');
      await say('彭世杰', '/抽查 刻张');
      const typo = await cardTitled('彭世杰', '选择抽查事项', seen);
      expect(buttons(typo.content).map((b) => b.text)).toEqual(['公章刻制业（50%，1年1次）']);
      seen.add(typo.message_id);
      await say('彭世杰', '/抽查 食品安全');
      expect(textOf((await cardTitled('彭世杰', '选择抽查事项', seen)).content)).toContain(
        '没有名为“食品安全”的抽查事项',
      );
    });

    it('re-rolls a round three times: each attempt public with its reason, every card copy final, no selection before approval', async () => {
      const { models } = db();
      // One public page kept from attempt 01 on, its clock stopped: each attempt shows through the change stamp.
      const publicView = cachedPublicView(models, { now: () => 0 });
      const q = { year: 2026, query: '', page: 1, pageSize: 100, targetsPerDraw: 10 };
      const shownAttempts = async () =>
        (await publicView(q)).draws.filter((d) => d.content.itemName === '公章刻制业').length;
      expect(await shownAttempts()).toBe(1);
      // Attempt 01 was opened by the choice above. Asking again shows it: one open attempt per round.
      const seen = await seenBy('彭世杰');
      await say('彭世杰', '/抽查 公章刻制业');
      const again = await cardTitled('彭世杰', '抽取发起：公章刻制业', seen);
      const first = (await models.Draw.findOne({ itemCode: 'seal-engraving' }).lean())!.drawNo;
      const no = (n: number) => first.replace(/-01$/, `-0${n}`);
      expect(textOf(again.content)).toContain(`已有进行中的抽取 ${first}（待提交审批）`);
      expect(await models.Draw.countDocuments({ itemCode: 'seal-engraving' })).toBe(1);

      // 01: submitted, then withdrawn with a reason: the leader's copy loses its buttons.
      await click('彭世杰', again, button(again, '提交审批'));
      const approval = await cardTitled('赵晓辉', '待审批：公章刻制业');
      const withdraw = button(await latest('彭世杰', again.message_id), '撤回并取消');
      expect(await click('彭世杰', again, withdraw, { reason: ' ' })).toMatchObject({
        toast: { type: 'error', content: '请填写取消理由（将与本次抽取一并公示）' },
      });
      await click('彭世杰', again, withdraw, { reason: '名录需更新' });
      const leaderCopy = await becomes('赵晓辉', approval.message_id, '抽取 · 已取消：公章刻制业');
      expect(buttons(leaderCopy.content)).toEqual([]);

      // 02 from a new command, cancelled and re-drawn at once (03) on the same card; 03 cancelled too.
      const seen2 = await seenBy('彭世杰');
      await say('彭世杰', '/抽查 公章刻制业');
      const second = await cardTitled('彭世杰', '抽取发起：公章刻制业', seen2);
      expect(textOf(second.content)).toContain(no(2));
      const redrawn = await click('彭世杰', second, button(second, '取消并重新发起'), {
        reason: '比例理解有误',
      });
      expect(redrawn.toast.content).toBe(`已取消 ${no(2)}，重新发起`);
      await waitFor(
        async () => textOf((await latest('彭世杰', second.message_id)).content).includes(no(3)),
        `the card shows ${no(3)}`,
      );
      const third = await latest('彭世杰', second.message_id);
      await click('彭世杰', third, button(third, '取消'), { reason: '第三次：改日再抽' });

      // Every attempt on the public page, with who ended it, why, and its revealed secret.
      const view = await publicView(q);
      const attempts = view.draws.filter((d) => d.content.itemName === '公章刻制业').map((d) => d.content);
      expect(attempts.map((d) => [d.drawNo, d.status, d.decision?.by, d.decision?.reason])).toEqual([
        [no(1), 'cancelled', '彭世杰', '名录需更新'],
        [no(2), 'cancelled', '彭世杰', '比例理解有误'],
        [no(3), 'cancelled', '彭世杰', '第三次：改日再抽'],
      ]);
      for (const d of attempts) {
        expect(d.secret).toMatch(/^[0-9a-f]{64}$/);
        expect(d.targets).toEqual([]);
      }
      // No selection was ever made, so none could be shown; every card of these attempts is final.
      expect(
        await models.DrawPart.countDocuments({ drawNo: { $in: [1, 2, 3].map(no) }, kind: 'selections' }),
      ).toBe(0);
      const cardsOfAttempts = async () =>
        [...(await cardsOf('彭世杰')), ...(await cardsOf('赵晓辉'))].filter((m) =>
          [1, 2, 3].some((n) => textOf(m.content).includes(no(n))),
        );
      await waitFor(
        async () => (await cardsOfAttempts()).every((m) => buttons(m.content).length === 0),
        'every card of the three attempts final',
      );
      const all = await cardsOfAttempts();
      expect(all.length).toBeGreaterThanOrEqual(3);
      // Every version a card ever had: none showed a selection.
      for (const m of all)
        for (const v of [m.content, ...m.versions.map((x) => x.content)])
          expect(JSON.stringify(v.body.elements)).not.toContain('抽中的检查对象');
    });

    it('delivers every task card exactly once although the platform answers 5xx for a while during dispatch', async () => {
      const { models } = db();
      await say('彭世杰', '/抽查 废旧金属');
      const preview = await cardTitled('彭世杰', '抽取发起：废旧金属收购业');
      await click('彭世杰', preview, button(preview, '提交审批'));
      const approval = await cardTitled('赵晓辉', '待审批：废旧金属收购业');
      await testApi(emu(), 'POST', 'faults', { errors_for_ms: 2500 });
      const approved = await click('赵晓辉', approval, button(approval, '批准'), {
        phrase: '废旧 金属 批准',
      });
      expect(approved.toast.type).toBe('success');
      await waitFor(
        async () =>
          (await models.Draw.countDocuments({ itemCode: 'scrap-metal', status: 'dispatched' })) === 1,
        'the draw dispatched',
      );
      const drawNo = (await models.Draw.findOne({ itemCode: 'scrap-metal', status: 'dispatched' }).lean())!
        .drawNo;
      const tasks = await models.Task.find({ drawNo }).lean();
      await waitFor(
        async () =>
          (await models.Receipt.countDocuments({
            kind: 'notice',
            key: { $regex: `^notice:(unit|task)-${drawNo}` },
          })) ===
          1 + 2 * tasks.length,
        'every notice of the draw sent',
      );
      // Exactly one card per inspector per task, and one list for the unit.
      for (const t of tasks)
        for (const key of t.inspectorKeys) {
          const person = (await models.Person.findOne({ key }).lean())!;
          const cards = (await cardsOf(person.name)).filter((m) => title(m) === `检查任务：${t.targetName}`);
          expect([t.taskNo, person.name, cards.length]).toEqual([t.taskNo, person.name, 1]);
        }
      expect(
        (await cardsOf('彭世杰')).filter((m) => title(m) === '检查任务已派发：废旧金属收购业'),
      ).toHaveLength(1);
    }, 30_000);

    it('refuses people without the role, and people the bureau does not know', async () => {
      await say('郭继涛', '/抽查 娱乐场所');
      const refused = await cardTitled('郭继涛', '无法完成');
      expect(textOf(refused.content)).toContain(
        '只有“娱乐场所”的责任人（彭世杰）、治安大队负责人或领导小组办公室可以发起抽取',
      );
      const seen = await seenBy('访客');
      await say('访客', '/抽查 娱乐场所');
      expect(textOf((await cardTitled('访客', '无法完成', seen)).content)).toContain(
        '您还不在本局的人员名单或执法检查人员名录库中',
      );
      await say('彭世杰', '/抽查 娱乐场所');
      await cardTitled('彭世杰', '本年度无需再抽');
    });
  },
);
