import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config/paths';
import { launchChromium } from '../helpers/browser';
import { TEST_APP, testApi, useEmulator, openIdOf } from '../helpers/emulator';

const ARTIFACTS = join(PROJECT_ROOT, '.artifacts', 'screenshots');

/** A card with what the console must render: header colour, markdown, columns, table, chart, a button and a form. */
const reviewCard = {
  schema: '2.0',
  header: { title: { tag: 'plain_text', content: '娱乐场所 抽查任务' }, template: 'orange' },
  body: {
    elements: [
      { tag: 'markdown', content: '**偃师区测试歌城**\n期限：2026-12-30' },
      {
        tag: 'column_set',
        columns: [
          { tag: 'column', elements: [{ tag: 'div', text: { tag: 'plain_text', content: '比例 50%' } }] },
          { tag: 'column', elements: [{ tag: 'div', text: { tag: 'plain_text', content: '共 16 户' } }] },
        ],
      },
      {
        tag: 'table',
        columns: [
          { name: 'unit', display_name: '单位', data_type: 'text' },
          { name: 'n', display_name: '户数', data_type: 'number' },
        ],
        rows: [{ unit: '治安大队', n: 16 }],
      },
      {
        tag: 'chart',
        chart_spec: {
          type: 'bar',
          xField: 'x',
          yField: 'y',
          data: {
            values: [
              { x: '已完成', y: 3 },
              { x: '未完成', y: 13 },
            ],
          },
        },
      },
      { tag: 'person', user_id: 'ou_x' },
      {
        tag: 'button',
        text: { tag: 'plain_text', content: '我已知晓' },
        type: 'primary',
        behaviors: [{ type: 'callback', value: { action: 'task.ack' } }],
      },
      {
        tag: 'form',
        name: 'report',
        elements: [
          {
            tag: 'select_static',
            name: 'result',
            required: true,
            placeholder: { tag: 'plain_text', content: '检查结果' },
            options: [
              { text: { tag: 'plain_text', content: '未发现问题' }, value: 'clean' },
              { text: { tag: 'plain_text', content: '发现问题已责令改正' }, value: 'fixed' },
            ],
          },
          {
            tag: 'date_picker',
            name: 'date',
            required: true,
            placeholder: { tag: 'plain_text', content: '检查日期' },
          },
          { tag: 'input', name: 'notes', placeholder: { tag: 'plain_text', content: '检查情况' } },
          {
            tag: 'button',
            name: 'submit',
            text: { tag: 'plain_text', content: '提交报告' },
            type: 'primary',
            form_action_type: 'submit',
            behaviors: [{ type: 'callback', value: { action: 'report.submit' } }],
          },
        ],
      },
    ],
  },
};

/** The console in real Chromium (Debian's, headless), against the emulator and a bot built on the official SDK. */
describe('emulator web console in Chromium', () => {
  const emu = useEmulator();
  let browser: Browser;
  let page: Page;
  let ws: lark.WSClient;
  const actions: unknown[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const client = new lark.Client({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu().url,
      loggerLevel: lark.LoggerLevel.error,
    });
    const dispatcher = new lark.EventDispatcher({ loggerLevel: lark.LoggerLevel.error }).register({
      'im.message.receive_v1': async (data) => {
        await client.im.message.create({
          params: { receive_id_type: 'chat_id' },
          data: {
            receive_id: data.message.chat_id,
            msg_type: 'interactive',
            content: JSON.stringify(reviewCard),
          },
        });
      },
    });
    (dispatcher as unknown as { register(h: Record<string, (d: unknown) => unknown>): void }).register({
      'card.action.trigger': async (data: unknown) => {
        const action = (
          data as { action: { value: { action: string }; form_value?: Record<string, string> } }
        ).action;
        actions.push(action);
        if (action.value.action === 'task.ack') return { toast: { type: 'info', content: '已知晓' } };
        const done = {
          schema: '2.0',
          header: { title: { tag: 'plain_text', content: '报告已提交' }, template: 'green' },
          body: {
            elements: [
              {
                tag: 'markdown',
                content: `结果：${action.form_value?.result}，日期：${action.form_value?.date}`,
              },
            ],
          },
        };
        return { toast: { type: 'success', content: '报告已提交' }, card: { type: 'raw', data: done } };
      },
    });
    ws = new lark.WSClient({
      appId: TEST_APP.appId,
      appSecret: TEST_APP.appSecret,
      domain: emu().url,
      loggerLevel: lark.LoggerLevel.error,
    });
    await ws.start({ eventDispatcher: dispatcher });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  });
  afterAll(async () => {
    await browser?.close();
    ws?.close({ force: true });
  });

  it('lets a user type a message and see the bot’s card rendered', async () => {
    await page.goto(`${emu().url}/?user=彭世杰`);
    await page.getByPlaceholder('输入消息，例如 /帮助').fill('/我的任务');
    await page.getByRole('button', { name: '发送' }).click();
    const card = page.locator('.card');
    await card.waitFor();
    await textBecomes(card.locator('.card-header'), '娱乐场所 抽查任务');
    expect(await card.locator('.card-header').getAttribute('class')).toContain('tpl-orange');
    expect(await card.locator('strong').first().textContent()).toBe('偃师区测试歌城');
    expect(await card.locator('td').allTextContents()).toEqual(['治安大队', '16']);
    expect(await card.locator('.bar-row').count()).toBe(2);
    expect(await card.locator('.placeholder').textContent()).toBe('[控制台尚不支持的组件：person]');
    await page.screenshot({ path: join(ARTIFACTS, 'console-card.png'), fullPage: true });
  });

  it('clicks a button and shows the bot’s toast', async () => {
    await page.getByRole('button', { name: '我已知晓' }).click();
    await textBecomes(page.locator('#toast'), '已知晓');
    expect(actions.at(-1)).toMatchObject({ value: { action: 'task.ack' }, tag: 'button' });
  });

  it('refuses a form with a required field empty, then submits it and shows the updated card in place', async () => {
    await page.getByRole('button', { name: '提交报告' }).click();
    // Named as the card shows them (their placeholders here), never by field name.
    await textBecomes(page.locator('#toast'), '请填写：检查结果、检查日期');
    await page.locator('select[name="result"]').selectOption('fixed');
    await page.locator('input[name="date"]').fill('2026-12-01');
    await page.locator('input[name="notes"]').fill('消防通道已清理');
    await page.getByRole('button', { name: '提交报告' }).click();
    await textBecomes(page.locator('.card-header'), '报告已提交');
    expect(actions.at(-1)).toMatchObject({
      value: { action: 'report.submit' },
      name: 'submit',
      form_value: { result: 'fixed', date: '2026-12-01 +0800', notes: '消防通道已清理' },
    });
    expect(await page.locator('.versions').textContent()).toBe('已更新（共 2 个版本）');
    await page.screenshot({ path: join(ARTIFACTS, 'console-submitted.png'), fullPage: true });
  });

  it('shows 加急 as a banner to the urgent recipient', async () => {
    const peng = { openId: await openIdOf(emu(), '彭世杰') };
    const [message] = (
      await testApi<{ message_id: string; msg_type: string }[]>(
        emu(),
        'GET',
        `messages?open_id=${peng.openId}`,
      )
    ).filter((m) => m.msg_type === 'interactive');
    const token = (
      (await (
        await fetch(`${emu().url}/open-apis/auth/v3/tenant_access_token/internal`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: TEST_APP.appId, app_secret: TEST_APP.appSecret }),
        })
      ).json()) as { tenant_access_token: string }
    ).tenant_access_token;
    await fetch(
      `${emu().url}/open-apis/im/v1/messages/${message!.message_id}/urgent_app?user_id_type=open_id`,
      {
        method: 'PATCH',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ user_id_list: [peng.openId] }),
      },
    );
    await textBecomes(page.locator('.urgent'), '加急');
    await page.screenshot({ path: join(ARTIFACTS, 'console-urgent.png'), fullPage: true });
  });
});

/** Polls a locator's text until it equals (or matches) `want`, for up to 5 s. */
async function textBecomes(
  locator: { textContent(): Promise<string | null> },
  want: string | RegExp,
): Promise<void> {
  let last: string | null = null;
  for (
    const deadline = Date.now() + 5000;
    Date.now() < deadline;
    await new Promise((r) => setTimeout(r, 50))
  ) {
    last = await locator.textContent().catch(() => null);
    if (last !== null && (typeof want === 'string' ? last === want : want.test(last))) return;
  }
  throw new Error(`expected text ${String(want)}, last seen ${JSON.stringify(last)}`);
}
