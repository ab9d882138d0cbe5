import { join } from 'node:path';
import { SHOTS, useConsolePage } from '../helpers/browser';
import { useDemoBot } from '../helpers/demo-bot';

/**
 * The happy path as people do it in the console (what `npm run demo` serves), in Chromium: 彭世杰 draws,
 * 赵晓辉 approves, an inspector reports, 彭世杰 reviews. Screenshots of each step go to .artifacts/screenshots.
 */
describe('the whole workflow in the console, in Chromium', () => {
  const { emu, db, errors } = useDemoBot();
  const { page, toast, card, fillReport } = useConsolePage();

  const as = (name: string) => page().goto(`${emu().url}/?user=${encodeURIComponent(name)}`);
  it('draws, approves, reports and reviews', async () => {
    await as('彭世杰');
    await page().getByPlaceholder('输入消息，例如 /帮助').fill('/抽查 娱乐场所');
    await page().getByRole('button', { name: '发送' }).click();
    const preview = await card('抽取发起：娱乐场所');
    await page().screenshot({ path: join(SHOTS, 'workflow-1-preview.png'), fullPage: true });
    await preview.getByRole('button', { name: '提交审批' }).click();
    await toast('已提交，等待赵晓辉审批');

    await as('赵晓辉');
    const approval = await card('待审批：娱乐场所');
    const drawn = (await db().models.Draw.findOne({}).lean())!.count;
    // Nothing to see yet: the selection is made by the approval, from the leader's phrase and the committed secret.
    expect(await approval.textContent()).not.toContain('抽中的检查对象');
    await approval.locator('input[name="phrase"]').fill('洛河 春水 7');
    await approval.getByRole('button', { name: '批准' }).click();
    await toast(`已批准，正在抽取并派发 ${drawn} 个检查任务，卡片稍后更新`);
    await card('抽取 · 已派发：娱乐场所');
    await page().screenshot({ path: join(SHOTS, 'workflow-2-approved.png'), fullPage: true });

    const task = (await db().models.Task.findOne({}).sort({ taskNo: 1 }).lean())!;
    const inspector = (await db().models.Person.findOne({ key: task.inspectorKeys[0] }).lean())!;
    await as(inspector.name);
    const taskCard = await card(`检查任务：${task.targetName}`);
    await taskCard.getByRole('button', { name: '填报检查结果' }).click();
    const form = await card(`填报检查结果：${task.targetName}`);
    await fillReport(form, '2026-11-26');
    await page().screenshot({ path: join(SHOTS, 'workflow-3-report-form.png'), fullPage: true });
    await form.getByRole('button', { name: '提交' }).click();
    await toast('已提交，等待彭世杰审核');
    await card(`检查任务 · 已填报：${task.targetName}`);

    await as('彭世杰');
    const review = await card(`待审核：${task.targetName}`);
    await review.getByRole('button', { name: '通过' }).click();
    await toast('已审核通过，请于 2026-12-24 前公示（发送 /公示）');
    await card(`已通过：${task.targetName}`);
    await page().screenshot({ path: join(SHOTS, 'workflow-4-reviewed.png'), fullPage: true });
    expect(await db().models.Task.findOne({ taskNo: task.taskNo }).lean()).toMatchObject({
      status: 'accepted',
    });
    expect(errors).toEqual([]);
  }, 90_000);
});
