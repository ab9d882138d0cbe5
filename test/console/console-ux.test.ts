import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Browser, Page } from 'playwright-core';
import { pendingPublicationsCard } from '../../cards/publication-cards';
import { verifyCard } from '../../cards/verify-card';
import { PROJECT_ROOT } from '../../src/config/paths';
import { launchChromium } from '../helpers/browser';
import { useDemoBot } from '../helpers/demo-bot';
import { TEST_APP, openIdOf, testApi, useEmulator } from '../helpers/emulator';
import { demoDraw } from '../helpers/publications';
import { generateTargets } from '../../src/demo/demo-pools';
import { writeTargetsXlsx } from '../../src/demo/write-pool-files';

// What page.evaluate runs is browser code; this project compiles without the DOM library.
declare const document: any, window: any, getComputedStyle: any; // eslint-disable-line @typescript-eslint/no-explicit-any

const SHOTS = join(PROJECT_ROOT, '.artifacts', 'screenshots');
const VIEWPORT = { width: 1200, height: 900 };

/** Polls `check` until it returns true, for up to `ms`; fails with `what` and the last value seen. */
async function until(what: string, check: () => Promise<unknown>, ms = 10_000): Promise<void> {
  let last: unknown;
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 50))) {
    last = await check().catch((e: Error) => e.message);
    if (last === true) return;
  }
  throw new Error(`${what}: never true (last ${JSON.stringify(last)})`);
}

/** The message pane's scroll position: how far from its bottom, and whether it scrolls at all. */
const paneOf = (page: Page) =>
  page.evaluate(() => {
    const box = document.getElementById('messages')!;
    return {
      top: box.scrollTop,
      fromBottom: box.scrollHeight - box.scrollTop - box.clientHeight,
      scrolls: box.scrollHeight > box.clientHeight,
      count: box.querySelectorAll('.msg').length,
    };
  });

/**
 * What a newcomer met in the console (Chromium, a 1200×900 window), against the whole demo bot with its
 * business clock: <font> colours in both quote styles (never HTML from card text), a chat pane that
 * scrolls with the input at the bottom, a form that keeps its values when the bot refuses it, required
 * fields named by their labels, zh-CN dates, colour emoji.
 */
describe('the console, as people use it (Chromium, demo bot)', () => {
  const { emu, db, dir, errors, bot } = useDemoBot({ businessClock: true });
  let browser: Browser;
  let page: Page;
  let client: lark.Client;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: VIEWPORT });
    client = new lark.Client({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu().url,
      loggerLevel: lark.LoggerLevel.error,
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  const as = async (name: string) => {
    await page.goto(`${emu().url}/?user=${encodeURIComponent(name)}`);
    await page.locator('#chats li.active').waitFor();
  };
  const toastIs = (want: string) =>
    until(`toast “${want}”`, async () => {
      const shown = await page.locator('#toast').textContent();
      return shown === want || shown;
    });
  const card = (title: string) =>
    page.locator('.card', { has: page.locator('.card-header', { hasText: title }) }).last();
  /** The bot (the test, with the app's credentials) sends a card to someone's chat with it. */
  const sendCard = async (name: string, content: unknown) =>
    client.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: {
        receive_id: await openIdOf(emu(), name),
        msg_type: 'interactive',
        content: JSON.stringify(content),
      },
    });

  it('shows the business clock and its buttons where the emulator has one (the demo)', async () => {
    await as('彭世杰');
    expect(await page.locator('#clock').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: '+7 天' }).isVisible()).toBe(true);
    expect(await page.locator('#clock-now').textContent()).toBe('2026-11-26 10:00 周四');
  });

  it('colours <font> in either quote style and never turns card text into HTML', async () => {
    await as('赵晓辉');
    await page.getByPlaceholder('输入消息，例如 /帮助').fill('/考评');
    await page.getByRole('button', { name: '发送' }).click();
    const evaluation = card('双随机考评：2026 年');
    await evaluation.waitFor({ timeout: 10_000 });
    // The real /公示 card with a late result, as the bot builds it.
    await sendCard(
      '赵晓辉',
      pendingPublicationsCard({
        title: '待公示的检查结果',
        intro: '以下检查结果应于期限前公示：',
        done: '已公示 1 项',
        items: [
          {
            taskNo: 'T-1',
            itemName: '娱乐场所检查',
            unitName: '治安大队',
            targetName: '偃师区测试歌城',
            resultCategory: '未发现问题',
            dueBy: '2026-11-20',
            workdaysLeft: -3,
          },
        ],
      }),
    );
    await sendCard('赵晓辉', {
      schema: '2.0',
      header: { title: { tag: 'plain_text', content: '颜色与安全' }, template: 'grey' },
      body: {
        elements: [
          {
            tag: 'markdown',
            content: `<font color="red">双引号红字</font>，<font color='green'>单引号绿字</font>`,
          },
          { tag: 'markdown', content: `<font color='red-500'>色阶</font> <font color="carmine">胭脂</font>` },
          { tag: 'markdown', content: `<font color='red' onmouseover='window.__xss=1'>带事件</font>` },
          { tag: 'markdown', content: `<font color='red;background:url(x)'>坏颜色</font>` },
          { tag: 'markdown', content: `<font color='red'><img src=x onerror="window.__xss=2">图</font>` },
          {
            tag: 'markdown',
            content: `<img src=x onerror="window.__xss=3"> [链接](javascript:window.__xss=4)`,
          },
        ],
      },
    });
    const safety = card('颜色与安全');
    await safety.waitFor({ timeout: 10_000 });
    await card('待公示的检查结果').waitFor();

    // No raw <font> shown anywhere a colour was meant.
    const formula = evaluation.locator('.md span', { hasText: '数据截至' });
    expect(await evaluation.textContent()).not.toContain('<font');
    expect(await colourOf(formula)).toEqual(expect.objectContaining({ grey: true }));
    const late = card('待公示的检查结果').locator('.md span', { hasText: '已逾期 3 个工作日' });
    expect(await card('待公示的检查结果').textContent()).not.toContain('<font');
    expect(await colourOf(late)).toEqual(expect.objectContaining({ red: true }));
    expect(await colourOf(safety.locator('span', { hasText: '双引号红字' }))).toEqual(
      expect.objectContaining({ red: true }),
    );
    expect(await colourOf(safety.locator('span', { hasText: '单引号绿字' }))).toEqual(
      expect.objectContaining({ green: true }),
    );
    expect(await colourOf(safety.locator('span', { hasText: '色阶' }))).toEqual(
      expect.objectContaining({ red: true }),
    );
    // Anything else stays text: attributes, bad colours, tags, script links.
    const text = (await safety.textContent())!;
    expect(text).toContain(`<font color='red' onmouseover='window.__xss=1'>带事件</font>`);
    expect(text).toContain(`<font color='red;background:url(x)'>坏颜色</font>`);
    expect(text).toContain(`<img src=x onerror="window.__xss=2">图`);
    expect(text).toContain('[链接](javascript:window.__xss=4)');
    expect(await safety.locator('img, a, [onmouseover], [onerror]').count()).toBe(0);
    await safety.locator('.md', { hasText: '带事件' }).hover();
    expect(await page.evaluate(() => window.__xss)).toBeUndefined();
    await evaluation.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'ux-1-font-colours.png') });
  });

  it('draws ✅ and ❌ in colour (an emoji font is installed)', async () => {
    await sendCard(
      '赵晓辉',
      verifyCard({
        drawNo: 'CC2026-01-R1-01',
        itemName: '娱乐场所检查',
        algorithm: 'DRAW-2',
        commitment: 'ab'.repeat(32),
        poolHash: 'cd'.repeat(32),
        poolSize: 120,
        count: 16,
        verdict: { consistent: false, difference: '抽中名单不一致' },
        verdictText: '记录与重新计算的结果不一致：抽中名单不一致',
      }),
    );
    const verify = card('验证不一致');
    await verify.waitFor({ timeout: 10_000 });
    const done = card('待公示的检查结果').locator('.md', { hasText: '✅' });
    const cross = verify.locator('.md', { hasText: '❌' });
    expect(await colourfulPixels(done, '✅')).toBeGreaterThan(40);
    expect(await colourfulPixels(cross, '❌')).toBeGreaterThan(40);
    await verify.scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(SHOTS, 'ux-6-emoji.png') });
  });

  it('scrolls the chat in its pane: input at the bottom, opens at the newest, stays there unless scrolled up', async () => {
    const peng = await openIdOf(emu(), '彭世杰');
    const say = (text: string) => testApi(emu(), 'POST', 'messages', { open_id: peng, text });
    for (let i = 0; i < 6; i++) await say('/帮助');
    await as('彭世杰');
    await until('12 messages shown', async () => (await paneOf(page)).count >= 12);
    // The page does not grow: the list scrolls, the input stays in the window.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      VIEWPORT.height,
    );
    const composer = (await page.locator('#composer').boundingBox())!;
    expect(composer.y + composer.height).toBeLessThanOrEqual(VIEWPORT.height);
    expect(composer.y + composer.height).toBeGreaterThan(VIEWPORT.height - 5);
    expect((await paneOf(page)).scrolls).toBe(true);
    // Opened at its newest message.
    await until('opened at the bottom', async () => (await paneOf(page)).fromBottom <= 2);
    await page.screenshot({ path: join(SHOTS, 'ux-2-chat-opens-at-newest.png') });

    // New replies while at the bottom: still at the bottom.
    await page.getByPlaceholder('输入消息，例如 /帮助').fill('/帮助');
    await page.getByRole('button', { name: '发送' }).click();
    await until('14 messages', async () => (await paneOf(page)).count >= 14);
    await until('kept at the bottom', async () => (await paneOf(page)).fromBottom <= 2);
    await say('/帮助');
    await until('16 messages', async () => (await paneOf(page)).count >= 16);
    await until('kept at the bottom', async () => (await paneOf(page)).fromBottom <= 2);
    const newest = (await page.locator('.msg').last().boundingBox())!;
    expect(newest.y + newest.height).toBeLessThanOrEqual(composer.y + 1);

    // Scrolled up to read: new messages do not move the view.
    await page.locator('#messages').evaluate((box) => (box.scrollTop = 300));
    await say('/帮助');
    await until('18 messages', async () => (await paneOf(page)).count >= 18);
    await new Promise((r) => setTimeout(r, 300));
    expect((await paneOf(page)).top).toBe(300);
    await page.screenshot({ path: join(SHOTS, 'ux-2-chat-scrolled-up.png') });

    // Another chat opens at its newest too.
    await page.locator('#chats li', { hasText: '治安大队抽查工作群' }).click();
    await page.locator('#chats li', { hasText: '与抽查助手私聊' }).click();
    await until('18 messages again', async () => (await paneOf(page)).count >= 18);
    await until('reopened at the bottom', async () => (await paneOf(page)).fromBottom <= 2);
  });

  it('sends a file and a picture as the chosen user: a pool file is imported, a picture shown and answered', async () => {
    const { models } = db();
    const items = await models.Item.find({}, { code: 1, targetType: 1 }).lean();
    const file = join(dir(), '检查对象名录库.xlsx');
    const targets = generateTargets({ seed: 'yanshi-demo', counts: {} });
    await writeTargetsXlsx(file, targets, (c) => items.find((i) => i.code === c)?.targetType ?? c);
    await as('陶向东');
    await page.locator('#attach').setInputFiles(file);
    // The file goes out as 陶向东's file message and the bot imports it.
    await page.locator('.msg.mine .bubble.file', { hasText: '检查对象名录库.xlsx' }).waitFor();
    await card('已导入：检查对象名录库.xlsx').waitFor({ timeout: 20_000 });

    // A picture is an image message: shown as the picture; with no task of 陶向东's to attach it to, the bot says so.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
      'base64',
    );
    await page.locator('#attach').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: png });
    const img = page.locator('.msg.mine .bubble.image img[alt="现场照片.png"]');
    await img.waitFor();
    await until('the picture loaded', () => img.evaluate((n) => n.complete && n.naturalWidth === 1));
    await card('无法完成')
      .filter({ hasText: '您当前没有待填报的检查任务，这张图片未保存' })
      .waitFor({ timeout: 10_000 });
    await page.screenshot({ path: join(SHOTS, 'ux-3-attachments.png') });
    // Both came from 陶向东, as Feishu's chat would send them.
    const tao = await openIdOf(emu(), '陶向东');
    const sent = await testApi<{ msg_type: string; sender: { id: string } }[]>(
      emu(),
      'GET',
      `messages?open_id=${encodeURIComponent(tao)}`,
    );
    const mine = sent.filter((m) => m.sender.id === tao);
    expect(mine.map((m) => m.msg_type)).toEqual(expect.arrayContaining(['file', 'image']));
  });

  describe('the report form', () => {
    let task: { taskNo: string; targetName: string };
    let inspector: string;
    const form = () => card(`填报检查结果：${task.targetName}`);
    const date = () => form().locator('input[name="inspectedOn"]');
    const submit = () => form().getByRole('button', { name: '提交' }).click();

    beforeAll(async () => {
      const { models } = db();
      const drawNo = await demoDraw(models, 'entertainment', new Date('2026-11-26T02:00:00Z'));
      await bot().queue.enqueue('dispatch', { drawNo }, `dispatch-${drawNo}`); // as 批准 does
      const found = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
      task = found;
      inspector = (await models.Person.findOne({ key: found.inspectorKeys[0] }).lean())!.name;
      await as(inspector);
      await card(`检查任务：${task.targetName}`).getByRole('button', { name: '填报检查结果' }).click();
      await form().waitFor({ timeout: 10_000 });
      await form().evaluate((n) => n.scrollIntoView({ block: 'start' }));
    }, 30_000);

    it('names the empty required fields by their labels, never their names', async () => {
      await date().fill('');
      await submit();
      await toastIs('请填写：检查日期、检查方式、检查结果、后续处置');
      await page.screenshot({ path: join(SHOTS, 'ux-4-required-labels.png') });
    });

    it('writes dates as 年/月/日 (pre-filled with today), read in other spellings too', async () => {
      await as(inspector); // drawn afresh: the card's own values
      await form().waitFor();
      expect(await date().getAttribute('placeholder')).toBe('年/月/日');
      expect(await date().inputValue()).toBe('2026/11/26');
      await form().evaluate((n) => n.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: join(SHOTS, 'ux-5-date-prefilled.png') });
      await date().fill('');
      await page.screenshot({ path: join(SHOTS, 'ux-5-date-placeholder.png') });
      await date().fill('2026年11月3日');
      await date().blur();
      expect(await date().inputValue()).toBe('2026/11/03');
      await date().fill('11/26/2026');
      await submit();
      await toastIs('检查日期应写作 年/月/日，例如 2026/03/08');
    });

    it('keeps every typed value when the bot refuses the report, then files them', async () => {
      await date().fill('2026-11-26');
      await form().locator('select[name="method"]').selectOption('现场检查');
      await form().locator('select[name="result"]').selectOption('发现问题已责令改正');
      await form().locator('select[name="followUp"]').selectOption('责令改正');
      await form().locator('textarea[name="rectification"]').fill('已当场整改');
      // The bot refuses (a problem found needs its description): only a toast comes back.
      await submit();
      await toastIs('检查结果为“发现问题已责令改正”时必须填写问题描述');
      await new Promise((r) => setTimeout(r, 1500)); // a poll or two of the console
      expect(await form().locator('select[name="method"]').inputValue()).toBe('现场检查');
      expect(await form().locator('select[name="result"]').inputValue()).toBe('发现问题已责令改正');
      expect(await form().locator('select[name="followUp"]').inputValue()).toBe('责令改正');
      expect(await form().locator('textarea[name="rectification"]').inputValue()).toBe('已当场整改');
      expect(await date().inputValue()).toMatch(/^2026[-/]11[-/]26$/);
      await page.screenshot({ path: join(SHOTS, 'ux-3-refused-keeps-values.png') });

      // Completed, it goes through with the values kept.
      await form().locator('textarea[name="findings"]').fill('消防通道堵塞');
      await submit();
      await toastIs('已提交，等待彭世杰审核');
      const { models } = db();
      expect(await models.Task.findOne({ taskNo: task.taskNo }).lean()).toMatchObject({ status: 'reported' });
      expect(await models.Report.findOne({ taskNo: task.taskNo }).lean()).toMatchObject({
        inspectedOn: '2026-11-26',
        method: '现场检查',
        resultCategory: '发现问题已责令改正',
        findings: '消防通道堵塞',
        followUp: '责令改正',
        rectification: '已当场整改',
      });
      expect(errors).toEqual([]);
    });
  });

  it('shows the initial values a card gives its fields (what a pre-filled 重新填报 form would carry)', async () => {
    await sendCard('赵晓辉', {
      schema: '2.0',
      header: { title: { tag: 'plain_text', content: '预填表单' }, template: 'blue' },
      body: {
        elements: [
          {
            tag: 'form',
            name: 'prefilled',
            elements: [
              { tag: 'date_picker', name: 'day', initial_date: '2026-12-01' },
              { tag: 'picker_time', name: 'at', initial_time: '09:30' },
              { tag: 'picker_datetime', name: 'when', initial_datetime: '2026-12-01 09:30' },
              {
                tag: 'select_static',
                name: 'one',
                initial_option: 'b',
                options: ['a', 'b'].map((v) => ({ text: { tag: 'plain_text', content: v }, value: v })),
              },
              {
                tag: 'multi_select_static',
                name: 'many',
                selected_values: ['a', 'c'],
                options: ['a', 'b', 'c'].map((v) => ({ text: { tag: 'plain_text', content: v }, value: v })),
              },
              { tag: 'input', name: 'notes', default_value: '上次填写的内容' },
              {
                tag: 'button',
                name: 'send',
                text: { tag: 'plain_text', content: '提交' },
                form_action_type: 'submit',
                behaviors: [{ type: 'callback', value: { action: 'noop' } }],
              },
            ],
          },
        ],
      },
    });
    await as('赵晓辉');
    const form = card('预填表单');
    await form.waitFor({ timeout: 10_000 });
    expect(await form.locator('[name="day"]').inputValue()).toBe('2026/12/01');
    expect(await form.locator('[name="at"]').inputValue()).toBe('09:30');
    expect(await form.locator('[name="when"]').inputValue()).toBe('2026/12/01 09:30');
    expect(await form.locator('[name="one"]').inputValue()).toBe('b');
    expect(
      await form
        .locator('[name="many"]')
        .evaluate((s: { selectedOptions: Iterable<{ value: string }> }) =>
          [...s.selectedOptions].map((o) => o.value),
        ),
    ).toEqual(['a', 'c']);
    expect(await form.locator('[name="notes"]').inputValue()).toBe('上次填写的内容');
    // The browser's own picker is one click away, and what it picks is shown as 年/月/日.
    await form.getByRole('button', { name: '选择日期', exact: true }).click();
    await page.keyboard.press('Escape');
    await form
      .locator('label', { has: page.locator('[name="day"]') })
      .locator('.native-picker')
      .evaluate((n: { value: string; dispatchEvent(e: unknown): void }) => {
        n.value = '2026-11-20';
        n.dispatchEvent(new Event('change', { bubbles: true }));
      });
    expect(await form.locator('[name="day"]').inputValue()).toBe('2026/11/20');
    expect(await page.locator('#toast').isVisible()).toBe(false);
  });

  /** The computed colour of an element: which hue dominates, if any. */
  async function colourOf(locator: ReturnType<Page['locator']>) {
    const rgb = await locator.first().evaluate((n) => getComputedStyle(n).color);
    const [r, g, b] = rgb.match(/\d+/g)!.map(Number) as [number, number, number];
    return {
      rgb,
      red: r > g + 60 && r > b + 60,
      green: g > r + 40 && g > b + 20,
      grey: Math.max(r, g, b) - Math.min(r, g, b) < 30 && r > 80,
    };
  }

  /** Draws `emoji` in the element's own font on a canvas and counts clearly coloured pixels (0 for a box). */
  function colourfulPixels(locator: ReturnType<Page['locator']>, emoji: string) {
    return locator.first().evaluate((n, e) => {
      const canvas = document.createElement('canvas');
      canvas.width = canvas.height = 64;
      const ctx = canvas.getContext('2d')!;
      ctx.font = `40px ${getComputedStyle(n).fontFamily}`;
      ctx.fillText(e, 8, 50);
      const d = ctx.getImageData(0, 0, 64, 64).data;
      let count = 0;
      for (let i = 0; i < d.length; i += 4)
        if (
          d[i + 3]! > 128 &&
          Math.max(d[i]!, d[i + 1]!, d[i + 2]!) - Math.min(d[i]!, d[i + 1]!, d[i + 2]!) > 60
        )
          count++;
      return count;
    }, emoji);
  }
});

/** `npm run emulator` alone: no business clock, so no clock and no buttons that could only fail. */
describe('the console of an emulator on its own (Chromium)', () => {
  const emu = useEmulator();
  let browser: Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('hides the business clock and its buttons', async () => {
    const page = await browser.newPage({ viewport: VIEWPORT });
    expect(await testApi(emu(), 'GET', 'clock')).toMatchObject({ adjustable: false });
    await page.goto(`${emu().url}/?user=彭世杰`);
    await page.locator('#chats li.active').waitFor();
    expect(await page.locator('#clock').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: '+7 天' }).isVisible()).toBe(false);
    await page.screenshot({ path: join(SHOTS, 'ux-7-no-clock.png') });
  });
});
