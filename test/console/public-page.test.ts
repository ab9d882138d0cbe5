import { once } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { publicRoutes } from '../../src/adapters/http/public-page';
import { createHttpServer } from '../../src/adapters/http/server';
import { PROJECT_ROOT } from '../../src/config/paths';
import { loadDemoData } from '../../src/demo/load-demo';
import { verifyDrawRecord } from '../../src/domain/draw/verify';
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
 * The public page as anyone opens it, in Chromium with JavaScript switched off: the plan, a draw with
 * its seed, a search for a target, and the draw's record downloaded and re-verified.
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
  });
});
