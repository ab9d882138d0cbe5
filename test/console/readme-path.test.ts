import { once } from 'node:events';
import { tasksOfYear } from '../../src/services/period-marks';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createHttpServer } from '../../src/adapters/http/server';
import { publicRoutes } from '../../src/app/public-page';
import { daysBetween, shanghaiDate, type IsoDate } from '../../src/domain/calendar';
import { SCENARIO } from '../../src/demo/demo-scenario';
import { SHOTS, useConsolePage } from '../helpers/browser';
import { useDemoBot } from '../helpers/demo-bot';
import { messagesOf, openIdOf, testApi } from '../helpers/emulator';
import { jpegPhoto } from '../helpers/pictures';
import { waitFor } from '../helpers/wait';

/**
 * README's demo path (steps 1–8), walked in the console in Chromium as a newcomer would, with the demo
 * started on three days: a December Tuesday (the new year's plan is asked for at once), a Monday in
 * March and a Thursday in July (the business clock is moved on to 1 December). Each start lays the
 * year around its day, as `npm run demo` does; screenshots go to .artifacts/screenshots.
 */
describe.each(['2026-12-01', '2027-03-15', '2027-07-01'] as IsoDate[])(
  'the README demo path, the demo started on %s',
  (startDay) => {
    const { emu, db, errors, now } = useDemoBot({ scenarioDay: startDay });
    const { page, toast, cards, card, fillReport, advanceClock } = useConsolePage();
    const year = Number(startDay.slice(0, 4));
    let publicServer: Server | undefined;

    beforeAll(async () => {
      publicServer = createHttpServer({}, publicRoutes(db().models, { now, onError: (e) => errors.push(e) }));
      publicServer.listen(0, '127.0.0.1');
      await once(publicServer, 'listening');
    });
    afterAll(async () => {
      await new Promise((r) => publicServer?.close(r));
    });
    const publicUrl = () => `http://127.0.0.1:${(publicServer!.address() as AddressInfo).port}/public`;

    const as = (name: string) => page().goto(`${emu().url}/?user=${encodeURIComponent(name)}`);
    const say = async (text: string) => {
      await page().getByPlaceholder('输入消息，例如 /帮助').fill(text);
      await page().getByRole('button', { name: '发送' }).click();
    };
    /** Says `text` and waits for the bot's answer: a new card whose header contains `title`. */
    const ask = async (text: string, title: string) => {
      const before = await cards(title).count();
      await say(text);
      await waitFor(async () => (await cards(title).count()) > before, `the answer to ${text}`);
      return cards(title).last();
    };
    const shot = (name: string) =>
      page().screenshot({ path: join(SHOTS, `readme-${startDay}-${name}.png`), fullPage: false });
    const today = () => shanghaiDate(now());
    const clockShown = () => page().locator('#clock-now').textContent();
    it('1–6: draw, approve, report with a photo, review, 公示, 考评', async () => {
      const { models } = db();
      // 1. 彭世杰 after the day's 09:00 run: the draw prompt and the 公示 reminder are waiting.
      await as('彭世杰');
      expect(await clockShown()).toMatch(new RegExp(`^${startDay} 10:00`));
      await card('请发起抽取：娱乐场所');
      await card('检查结果公示提醒');
      await shot('1-start');
      const progress = await ask('/进度', `${year} 年抽查进度（截至 ${startDay}）`);
      const hotels = async (status: string) =>
        (await tasksOfYear(models, year)).filter(
          (t) => t.itemCode === SCENARIO.inProgress.itemCode && t.status === status,
        ).length;
      const [reported, open] = [await hotels('reported'), await hotels('open')];
      expect(reported).toBeGreaterThan(0);
      expect(open).toBeGreaterThan(0);
      expect(await progress.textContent()).toMatch(
        new RegExp(`旅馆业.*任务 ${reported + open} 个：已完成 0（0%），待审核 ${reported}，未完成 ${open}`),
      );

      const preview = await ask('/抽查 娱乐场所', '抽取发起：娱乐场所');
      // No drawn target exists before approval, so none can be shown.
      expect(await preview.textContent()).not.toContain('抽中的检查对象');
      await preview.getByRole('button', { name: '提交审批' }).click();
      await toast('已提交，等待赵晓辉审批');

      // 2. 赵晓辉 types a phrase and approves: the selection is made, tasks created and sent.
      await as('赵晓辉');
      const approval = await card('待审批：娱乐场所');
      await approval.locator('input[name="phrase"]').fill(`洛河春水 ${startDay}`);
      await approval.getByRole('button', { name: '批准' }).click();
      await toast(/^已批准，正在抽取并派发 \d+ 个检查任务/);
      const dispatched = await card('抽取 · 已派发：娱乐场所');
      expect(await dispatched.textContent()).toContain(`洛河春水 ${startDay}`);
      await shot('2-approved');

      // 3. An inspector of the first task: a photo through 附件, then the report form.
      const draw = (await models.Draw.findOne({ itemCode: SCENARIO.ready.itemCode }).lean())!;
      const task = (await models.Task.findOne({ drawNo: draw.drawNo }).sort({ taskNo: 1 }).lean())!;
      const inspector = (await models.Person.findOne({ key: task.inspectorKeys[0] }).lean())!.name;
      await as(inspector);
      const taskCard = await card(`检查任务：${task.targetName}`);
      await taskCard.getByRole('button', { name: '上传现场材料' }).click();
      await toast(/^请在与抽查助手的单聊中发送/);
      await page()
        .locator('#attach')
        .setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: jpegPhoto() });
      await card('已收到现场材料');
      await as(inspector);
      await (
        await card(`检查任务：${task.targetName}`)
      )
        .getByRole('button', { name: '填报检查结果' })
        .click();
      const form = await card(`填报检查结果：${task.targetName}`);
      await fillReport(form, today());
      await form.getByRole('button', { name: '提交' }).click();
      await toast('已提交，等待彭世杰审核');
      await shot('3-reported');

      // 4. 彭世杰 reviews: the photo on the card, then 通过.
      await as('彭世杰');
      const review = await card(`待审核：${task.targetName}`);
      await waitFor(async () => (await review.locator('.img img').count()) === 1, 'the photo on the card');
      await review.getByRole('button', { name: '通过' }).click();
      await toast(/^已审核通过，请于 \d{4}-\d\d-\d\d 前公示（发送 \/公示）$/);

      // 5. /公示: 民爆's results due and the one just accepted, all published; then the public page.
      const pending = await ask('/公示', '待公示的检查结果');
      expect(await pending.textContent()).toContain(task.targetName);
      await pending.getByRole('button', { name: /^全部公示/ }).click();
      await toast(/^已公示 \d+ 项/);
      await shot('5-published');
      const site = page();
      await site.goto(publicUrl());
      expect(await site.title()).toContain(`（${year} 年）`);
      await expect(site.locator('table.plan tbody tr').count()).resolves.toBe(6);
      const attempt = site.locator(`#draw-${draw.drawNo}`);
      await attempt.getByRole('button', { name: '在线核验' }).click();
      await attempt.locator('output.verdict.ok').waitFor({ timeout: 10_000 });
      await site.getByRole('searchbox').fill(task.targetName);
      await site.getByRole('button', { name: '查询' }).click();
      await site.waitForURL(/[?&]q=/);
      await expect(site.locator('table.results tbody tr').count()).resolves.toBe(1);
      await shot('5-public');

      // 6. 赵晓辉: the units' scores, then the xlsx in chat.
      await as('赵晓辉');
      const scores = await ask('/考评', '考评');
      await scores.locator('.chart').first().waitFor();
      await say('/导出 考评表');
      const xlsx = page().getByRole('link', { name: /考评.*\.xlsx$/ });
      await xlsx.first().waitFor({ timeout: 10_000 });
      await shot('6-evaluation');
      expect(errors).toEqual([]);
    }, 120_000);

    it('7: the business clock brings 旅馆业’s reminders, then escalations with 加急', async () => {
      const { models } = db();
      const open = (await tasksOfYear(models, year)).find(
        (t) => t.itemCode === SCENARIO.inProgress.itemCode && t.status === 'open',
      )!;
      const inspector = (await models.Person.findOne({ key: open.inspectorKeys[0] }).lean())!.name;
      await as(inspector);
      await advanceClock('+7 天', 120_000);
      await card('检查任务到期提醒');
      await shot('7-reminder');
      await as('陶向东');
      await advanceClock('+7 天', 120_000);
      const escalation = await card('检查任务逾期督办（第 3 级）');
      expect(await escalation.textContent()).toContain(open.targetName);
      const office = await openIdOf(emu(), '陶向东');
      const urgent = (await messagesOf(emu(), { open_id: office })).filter(
        (m) => m.urgent.length > 0 && m.content.header?.title?.content?.startsWith('检查任务逾期督办'),
      );
      expect(urgent.length).toBeGreaterThan(0);
      await shot('7-escalation');
      expect(errors).toEqual([]);
    }, 240_000);

    it('8: from 1 December the next year’s plan is asked for, carried over and approved', async () => {
      // The clock on to 1 December (the console's buttons move it at most a month at a time).
      while (today() < `${year}-12-01`)
        await testApi(emu(), 'POST', 'clock', {
          advance_days: Math.min(31, daysBetween(today(), `${year}-12-01`)),
        });
      await as('陶向东');
      const request = await card(`请准备 ${year + 1} 年度计划`);
      await request.getByRole('button', { name: `沿用 ${year} 年计划（日期顺延）` }).click();
      await toast('已提交组长审批');

      await as('李良');
      const approval = await card(`待组长审批：${year + 1} 年度计划（第 1 版）`);
      await approval.locator('input[name="docNumber"]').fill(`偃公通〔${year}〕88号`);
      await approval.locator('input[name="effectiveOn"]').fill(`${year + 1}-01-01`);
      await approval.getByRole('button', { name: '批准' }).click();
      await toast(/^已批准/);
      const plans = await ask('/计划', '年度计划');
      expect(await plans.textContent()).toMatch(new RegExp(`${year} 年度计划：[^，]+，第 \\d+ 版`));
      expect(await plans.textContent()).toContain(
        `${year + 1} 年度计划：偃公通〔${year}〕88号，第 1 版，自 ${year + 1}-01-01 起施行`,
      );
      await shot('8-next-year');
      // The public page offers the new year, its plan in force.
      await page().goto(publicUrl());
      await page()
        .locator('select[name="year"]')
        .selectOption(String(year + 1));
      await page().getByRole('button', { name: '查询' }).click();
      await page().waitForURL(new RegExp(`[?&]year=${year + 1}`));
      expect(await page().title()).toContain(`（${year + 1} 年）`);
      await expect(page().locator('table.plan tbody tr').count()).resolves.toBe(6);
      expect(await page().locator('body').textContent()).toContain(`偃公通〔${year}〕88号`);
      await shot('8-public');
      expect(
        (
          await db()
            .models.AnnualPlan.findOne({ year: year + 1 })
            .lean()
        )?.basedOn,
      ).toBe(`偃公通〔${year}〕88号`);
      expect(errors).toEqual([]);
    }, 300_000);
  },
);
