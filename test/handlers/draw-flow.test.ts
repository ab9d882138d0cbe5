import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type * as lark from '@larksuiteoapi/node-sdk';
import { demoWorld } from '../../emulator/seed';
import { createFeishuClient } from '../../src/adapters/feishu/client';
import { botDeps, startBotOverWs } from '../../src/bot';
import { loadDemoData } from '../../src/demo/load-demo';
import { verifyRecord } from '../../src/domain/draw/record';
import { auditTrail } from '../../src/services/audit';
import { drawRecord } from '../../src/services/draws';
import { messagesOf, openIdOf, testApi, TEST_APP, useEmulator, type SentMessage } from '../helpers/emulator';
import { useTestDb } from '../helpers/services';
import { waitFor } from '../helpers/wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- card JSON is read loosely, as a client would */

const world = demoWorld();
const NOW = new Date('2026-11-26T02:00:00Z');

/** Deterministic seeds: a hash chain. */
function fakeRandom() {
  let n = 0;
  return (size: number) => {
    const out = Buffer.alloc(size);
    for (let i = 0; i < size; i += 32) createHash('sha256').update(`flow/${n++}`).digest().copy(out, i);
    return out;
  };
}

/** Every button of a card (at any depth), with its text and callback value. */
function buttons(card: any): { text: string; value: Record<string, unknown> }[] {
  const out: { text: string; value: Record<string, unknown> }[] = [];
  const walk = (el: any) => {
    if (!el || typeof el !== 'object') return;
    if (el.tag === 'button') out.push({ text: el.text.content, value: el.behaviors?.[0]?.value });
    for (const k of ['elements', 'columns']) if (Array.isArray(el[k])) el[k].forEach(walk);
  };
  card.body.elements.forEach(walk);
  return out;
}
const textOf = (card: any) => JSON.stringify(card.body.elements);
const title = (m: SentMessage) => (m.content as any).header.title.content as string;

describe('the draw in chat: /抽查 → preview → approval → dispatch, over the SDK and the long connection', () => {
  const emu = useEmulator({
    apps: [{ ...TEST_APP }],
    users: [...world.users, { name: '访客', mobile: '13800000000' }],
    chats: world.chats,
  });
  const db = useTestDb();
  const dir = mkdtempSync(join(tmpdir(), 'ssj-flow-'));
  let ws: lark.WSClient;
  const errors: unknown[] = [];

  beforeAll(async () => {
    await loadDemoData(db().models, dir, 2026, NOW);
    const client = createFeishuClient({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu().url,
    });
    ws = await startBotOverWs(
      botDeps({
        models: db().models,
        client,
        onError: (e) => errors.push(e),
        now: () => NOW,
        randomBytes: fakeRandom(),
      }),
      { appId: TEST_APP.appId, appSecret: TEST_APP.appSecret, domain: emu().url },
    );
  }, 60_000);
  afterAll(() => {
    ws.close({ force: true });
    rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => expect(errors).toEqual([]));

  const say = async (name: string, text: string) =>
    testApi(emu(), 'POST', 'messages', { open_id: await openIdOf(emu(), name), text });
  const cardsOf = async (name: string) =>
    (await messagesOf(emu(), { open_id: await openIdOf(emu(), name) })).filter(
      (m) => m.msg_type === 'interactive',
    );
  /** Waits for the `n`-th card in a user's chat with the bot and returns it. */
  const nthCard = async (name: string, n: number) => {
    await waitFor(async () => (await cardsOf(name)).length >= n, `${name}: card ${n}`);
    return (await cardsOf(name))[n - 1]!;
  };
  const click = async (name: string, message: SentMessage, value: unknown, form?: Record<string, unknown>) =>
    testApi<any>(emu(), 'POST', 'card-actions', {
      open_id: await openIdOf(emu(), name),
      message_id: message.message_id,
      value,
      ...(form ? { form_value: form } : {}),
    });
  const latest = async (name: string, messageId: string) =>
    (await cardsOf(name)).find((m) => m.message_id === messageId)!;
  const button = (m: SentMessage, text: string) => {
    const b = buttons(m.content).find((x) => x.text === text);
    if (!b) throw new Error(`no button ${text} in ${title(m)}`);
    return b.value;
  };

  it('runs the whole path: preview, submit, a refused approval, approval by 赵晓辉, tasks dispatched', async () => {
    const { models } = db();
    await say('彭世杰', '/抽查 娱乐');
    const preview = await nthCard('彭世杰', 1);
    expect(title(preview)).toBe('抽取预览：娱乐场所');
    expect(buttons(preview.content).map((b) => b.text)).toEqual(['提交审批', '重新抽取', '取消']);
    const draw = (await models.Draw.findOne({}).lean())!;
    expect(draw).toMatchObject({ drawNo: 'CC2026-04-R1-01', status: 'proposed', proposedBy: 'name:彭世杰' });
    expect(textOf(preview.content)).toContain(`种子承诺**：${draw.seedCommitment}`);
    expect(textOf(preview.content)).toContain(`抽取 ${draw.count} 户`);

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
    expect(title(await latest('彭世杰', preview.message_id))).toBe('抽取预览 · 待审批：娱乐场所');
    const approval = await nthCard('赵晓辉', 1);
    expect(title(approval)).toBe('待审批：娱乐场所');
    expect(buttons(approval.content).map((b) => b.text)).toEqual(['批准', '驳回']);

    const approved = await click('赵晓辉', approval, button(approval, '批准'));
    expect(approved.toast).toEqual({ type: 'success', content: `已批准，派发 ${draw.count} 个检查任务` });
    expect(await models.Task.countDocuments({ drawNo: draw.drawNo })).toBe(draw.count);
    expect(title(await latest('赵晓辉', approval.message_id))).toBe('抽取 · 已派发：娱乐场所');
    // The proposer's copy follows (patched by the bot), now with the public seed.
    const final = await latest('彭世杰', preview.message_id);
    expect(title(final)).toBe('抽取 · 已派发：娱乐场所');
    const record = await drawRecord(models, draw.drawNo);
    expect(textOf(final.content)).toContain(`随机种子（已公开）**：${record.seed}`);
    expect(verifyRecord(record)).toEqual({ consistent: true });
  });

  it('acts once on a click the platform delivers three times, and answers each the same', async () => {
    const { models } = db();
    await say('彭世杰', '/抽查 旅馆');
    const preview = await nthCard('彭世杰', 2);
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
    await nthCard('赵晓辉', 2);
    await new Promise((r) => setTimeout(r, 200));
    expect((await cardsOf('赵晓辉')).filter((m) => title(m) === '待审批：旅馆业')).toHaveLength(1);
  });

  it('rejects only with a reason, and the proposer reads it', async () => {
    const approval = (await cardsOf('赵晓辉')).find((m) => title(m) === '待审批：旅馆业')!;
    const reject = button(approval, '驳回');
    expect(await click('赵晓辉', approval, reject, { reason: '  ' })).toMatchObject({
      toast: { type: 'error', content: '请填写驳回理由' },
    });
    const out = await click('赵晓辉', approval, reject, { reason: '名录未更新到本月' });
    expect(out.toast.content).toBe('已驳回，发起人会看到驳回理由');
    const preview = (await cardsOf('彭世杰'))[1]!;
    expect(title(preview)).toBe('抽取 · 已驳回：旅馆业');
    expect(textOf(preview.content)).toContain('名录未更新到本月');
  });

  it('offers a choice for 特种行业 and suggestions for a typo; the chosen item’s preview replaces the choice', async () => {
    await say('彭世杰', '/抽查 特种行业');
    const choice = await nthCard('彭世杰', 3);
    expect(title(choice)).toBe('选择抽查事项');
    expect(buttons(choice.content).map((b) => b.text)).toEqual([
      '旅馆业（10%，1年1次）',
      '公章刻制业（50%，1年1次）',
      '废旧金属收购业（30%，1年1次）',
    ]);
    const picked = await click('彭世杰', choice, buttons(choice.content)[1]!.value);
    expect(picked.card.header.title.content).toBe('抽取预览：公章刻制业');
    await say('彭世杰', '/抽查 刻张');
    const typo = await nthCard('彭世杰', 4);
    expect(buttons(typo.content).map((b) => b.text)).toEqual(['公章刻制业（50%，1年1次）']);
    await say('彭世杰', '/抽查 食品安全');
    expect(textOf((await nthCard('彭世杰', 5)).content)).toContain('没有名为“食品安全”的抽查事项');
  });

  it('refuses people without the role, and people the bureau does not know', async () => {
    await say('郭继涛', '/抽查 娱乐场所');
    const refused = await nthCard('郭继涛', 1);
    expect(title(refused)).toBe('无法完成');
    expect(textOf(refused.content)).toContain(
      '只有“娱乐场所”的责任人（彭世杰）、治安大队负责人或领导小组办公室可以发起抽取',
    );
    await say('访客', '/抽查 娱乐场所');
    expect(textOf((await nthCard('访客', 1)).content)).toContain(
      '您还不在本局的人员名单或执法检查人员名录库中',
    );
    await say('彭世杰', '/抽查 娱乐场所');
    expect(title(await nthCard('彭世杰', 6))).toBe('本年度已抽取');
  });
});
