import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { publicRoutes } from '../../src/app/public-page';
import { createHttpServer } from '../../src/adapters/http/server';
import { PROJECT_ROOT } from '../../src/config/paths';
import { loadDemoData } from '../../src/demo/load-demo';
import { verdictText, verifyDrawRecord } from '../../src/domain/draw/verify';
import type { RecordV2 } from '../../src/domain/draw/v2/schema';
import { revealedOf } from '../../src/services/draws';
import { publishResults } from '../../src/services/publications';
import { fileReport, reviewReport } from '../../src/services/reports';
import { launchChromium } from '../helpers/browser';
import { demoDraw, demoReport } from '../helpers/publications';
import { useTestDb } from '../helpers/services';

const SHOTS = join(PROJECT_ROOT, '.artifacts', 'screenshots');
const NOW = new Date('2026-12-01T02:00:00Z');

/**
 * The public page as anyone opens it, in Chromium: with JavaScript switched off, the plan, a draw with
 * its seed, a search for a target, and the draw's record downloaded and re-verified; with JavaScript,
 * 在线核验 re-verifying the record in the browser, and catching a tampered one.
 */
describe('the public page in Chromium', () => {
  const db = useTestDb();
  let server: Server;
  let browser: Browser;
  let page: Page;
  let drawNo: string;
  let target: { targetName: string; targetCreditCode: string };
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  beforeAll(async () => {
    const { models } = db();
    await loadDemoData(models, mkdtempSync(join(tmpdir(), 'public-console-')), 2026, NOW);
    drawNo = await demoDraw(models, 'entertainment', NOW);
    const task = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
    await fileReport(models, task.taskNo, task.inspectorKeys[0]!, demoReport('内部检查记录'), NOW);
    await reviewReport(models, task.taskNo, 'name:彭世杰', 'accept', '', NOW);
    await publishResults(models, [task.taskNo], 'name:彭世杰', NOW);
    target = task;

    server = createHttpServer({}, publicRoutes(models, { now: () => NOW }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
    const context = await browser.newContext({
      viewport: { width: 1400, height: 1000 },
      javaScriptEnabled: false,
      acceptDownloads: true,
    });
    page = await context.newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => server?.close(r));
  });

  it('shows the plan, the draw with its seed, finds a target and downloads a record that verifies', async () => {
    const { models } = db();
    await page.goto(`${base()}/public`);
    await expect(page.title()).resolves.toBe('洛阳市公安局偃师分局“双随机、一公开”抽查信息公示（2026 年）');
    const items = page.locator('table.plan tbody tr');
    await expect(items.count()).resolves.toBe(6);
    await expect(items.nth(3).locator('td').nth(1).textContent()).resolves.toBe('娱乐场所');
    const seed = (await revealedOf(models, drawNo)).seed!;
    expect(seed).toMatch(/^[0-9a-f]{64}$/);
    const draw = page.locator(`#draw-${drawNo}`);
    await expect(draw.locator('code.seed').textContent()).resolves.toBe(seed);
    await page.screenshot({ path: join(SHOTS, 'public-1-page.png'), fullPage: true });

    await page.getByRole('searchbox').fill(target.targetName);
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/[?&]q=/);
    const rows = page.locator('table.results tbody tr');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().locator('td').nth(2).textContent()).resolves.toBe(target.targetCreditCode);
    await expect(page.locator('#search-summary').textContent()).resolves.toContain(
      '抽查结果 1 条，抽取 1 次',
    );
    await expect(draw.locator('ol.targets li').allTextContents()).resolves.toEqual([
      `${target.targetName}（${target.targetCreditCode}）`,
    ]);
    await page.screenshot({ path: join(SHOTS, 'public-2-search.png'), fullPage: true });

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      draw.getByRole('link', { name: /下载抽取记录/ }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`抽取记录-${drawNo}.json`);
    const record = JSON.parse(readFileSync((await download.path())!, 'utf8')) as RecordV2;
    expect(record.inputs.drawNo).toBe(drawNo);
    expect(record.seed).toBe(seed);
    expect(verifyDrawRecord(record)).toMatchObject({ consistent: true, stage: 'drawn' });
    // Without JavaScript there is no 在线核验 button to press.
    await expect(draw.getByRole('button', { name: '在线核验' }).count()).resolves.toBe(0);
  });

  /**
   * The page with JavaScript, every request it makes, its errors, and `verify(drawNo, served?)`: clicks
   * 在线核验 on that draw — served this text instead of the server's record, if given — and returns
   * the verdict shown (without its timing) and whether it is marked ok.
   */
  async function scriptedPage(context: BrowserContext) {
    const page = await context.newPage();
    const requests: string[] = [];
    const problems: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    page.on('pageerror', (err) => problems.push(err.message));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
    await page.goto(`${base()}/public`);
    const verify = async (drawNo: string, served?: string) => {
      const draw = page.locator(`#draw-${drawNo}`);
      const output = draw.locator('output.verdict');
      await page.unrouteAll();
      if (served !== undefined)
        await page.route(`**/public/draws/${drawNo}/record.json`, async (route) =>
          route.fulfill({ response: await route.fetch(), body: served }),
        );
      await draw.getByRole('button', { name: '在线核验' }).click();
      await output.and(page.locator('.ok, .bad')).waitFor();
      const text = (await output.textContent())!;
      expect(text).toMatch(/（下载与重新计算用时 \d+ ms）$/);
      return {
        text: text.replace(/（下载与重新计算用时 \d+ ms）$/, ''),
        ok: await output.evaluate((o) => o.classList.contains('ok')),
      };
    };
    return { page, requests, problems, verify };
  }

  it('verifies a draw in the browser with 在线核验, catches a tampered record and asks for nothing else', async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    try {
      const { page, requests, problems, verify } = await scriptedPage(context);
      const draw = page.locator(`#draw-${drawNo}`);
      const recordPath = `/public/draws/${drawNo}/record.json`;

      await expect(verify(drawNo)).resolves.toEqual({
        ok: true,
        text: `一致：抽取 ${drawNo} 的结果可由公开的输入、系统密钥与审批随机码完全重现。`,
      });
      await draw.screenshot({ path: join(SHOTS, 'public-3-verify.png') });

      const record = (await (await page.request.get(`${base()}${recordPath}`)).json()) as RecordV2;
      const changeLast = (s: string) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');
      const [first, ...rest] = record.result!.selections;
      const tampered: RecordV2[] = [
        {
          ...record,
          result: { selections: [{ ...first!, creditCode: changeLast(first!.creditCode) }, ...rest] },
        },
        { ...record, approval: { phrase: changeLast(record.approval!.phrase) } },
      ];
      for (const t of tampered) {
        const seen = await verify(drawNo, JSON.stringify(t));
        // The browser ran the very verifier Node runs: the same verdict, word for word.
        expect(seen).toEqual({ ok: false, text: verdictText(verifyDrawRecord(t)) });
        expect(seen.text).toMatch(/^不一致：/);
      }
      await draw.screenshot({ path: join(SHOTS, 'public-4-verify-tampered.png') });
      await expect(verify(drawNo, '{"format": ')).resolves.toEqual({
        ok: false,
        text: expect.stringMatching(/^不一致：记录不是有效的 JSON（/),
      });

      // The page, its stylesheet and script, then only the record, once per 在线核验.
      expect(requests).toEqual([
        '/public',
        '/public/style.css',
        '/public/verify.js',
        ...Array<string>(4).fill(recordPath),
      ]);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('gives every published test vector (docs/draw-vectors.json) the verdict Node gives it', async () => {
    const { vectors } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs', 'draw-vectors.json'), 'utf8')) as {
      vectors: { name: string; record: unknown }[];
    };
    expect(vectors.length).toBeGreaterThanOrEqual(30);
    const context = await browser.newContext();
    try {
      const { problems, verify } = await scriptedPage(context);
      const seen: [string, { ok: boolean; text: string }][] = [];
      for (const v of vectors) seen.push([v.name, await verify(drawNo, JSON.stringify(v.record))]);
      expect(seen).toEqual(
        vectors.map((v) => {
          const verdict = verifyDrawRecord(v.record);
          return [v.name, { ok: verdict.consistent, text: verdictText(verdict) }];
        }),
      );
      expect(seen.filter(([, s]) => s.ok).length).toBeGreaterThanOrEqual(20);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
