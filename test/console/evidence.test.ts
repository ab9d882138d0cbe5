import { join } from 'node:path';
import { listEvidence } from '../../src/adapters/db/evidence-store';
import { SHOTS, useConsolePage } from '../helpers/browser';
import { DEMO_NOW, useDemoBot } from '../helpers/demo-bot';
import { demoDraw } from '../helpers/publications';
import { waitFor } from '../helpers/wait';

/* eslint-disable @typescript-eslint/no-explicit-any -- the page's own objects, read loosely */
declare const document: any;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

/**
 * 现场材料 as people do it in the console, in Chromium: the inspector presses 上传现场材料, sends two
 * photos and the signed 检查记录表 (PDF) through 附件, files the report; the reviewer sees the three
 * files, the two photos as pictures on the review card, and accepts.
 */
describe('现场材料 in the console, in Chromium', () => {
  const { emu, db, errors, bot } = useDemoBot();
  const { page, toast, cards, card, fillReport } = useConsolePage();
  const as = (name: string) => page().goto(`${emu().url}/?user=${encodeURIComponent(name)}`);

  it('two photos and a PDF, filed, seen by the reviewer and accepted', async () => {
    const { models } = db();
    const drawNo = await demoDraw(models, 'hotels', DEMO_NOW);
    await bot().queue.enqueue('dispatch', { drawNo }, `dispatch-${drawNo}`); // the cards, as 批准 sends them
    const task = (await models.Task.findOne({ drawNo }).sort({ taskNo: 1 }).lean())!;
    const inspector = (await models.Person.findOne({ key: task.inspectorKeys[0] }).lean())!.name;

    await as(inspector);
    const taskCard = await card(`检查任务：${task.targetName}`);
    await taskCard.getByRole('button', { name: '上传现场材料' }).click();
    await waitFor(async () =>
      ((await page().locator('#toast').textContent()) ?? '').startsWith('请在与抽查助手的单聊中发送'),
    );

    // Two real photos, made by the browser itself (a JPEG and a PNG), then the PDF.
    const photo = (type: string, color: string) =>
      page().evaluate(
        ([t, c]) => {
          const canvas = document.createElement('canvas');
          canvas.width = 64;
          canvas.height = 48;
          const g = canvas.getContext('2d');
          g.fillStyle = c;
          g.fillRect(0, 0, 64, 48);
          return canvas.toDataURL(t).split(',')[1] as string;
        },
        [type, color],
      );
    const jpeg = Buffer.from(await photo('image/jpeg', '#c33'), 'base64');
    const png = Buffer.from(await photo('image/png', '#36c'), 'base64');
    const attach = page().locator('#attach');
    await attach.setInputFiles({ name: 'IMG_0001.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await attach.setInputFiles({ name: 'IMG_0002.png', mimeType: 'image/png', buffer: png });
    await attach.setInputFiles({ name: '检查记录表.pdf', mimeType: 'application/pdf', buffer: PDF });
    await waitFor(async () => (await cards('已收到现场材料').count()) === 3, 'three receipts');
    await waitFor(async () => (await listEvidence(models, task.taskNo)).length === 3, 'three files stored');
    await page().screenshot({ path: join(SHOTS, 'evidence-1-sent.png'), fullPage: true });

    await as(inspector);
    await taskCard.waitFor({ timeout: 10_000 });
    await waitFor(
      async () => ((await taskCard.textContent()) ?? '').includes('现场材料（3 件）'),
      'the task card lists them',
    );
    await taskCard.getByRole('button', { name: '填报检查结果' }).click();
    const form = await card(`填报检查结果：${task.targetName}`);
    await fillReport(form, '2026-11-26');
    await form.getByRole('button', { name: '提交' }).click();
    await toast('已提交，等待彭世杰审核');

    await as('彭世杰');
    const review = await card(`待审核：${task.targetName}`);
    expect(await review.textContent()).toContain('现场材料（3 件，仅审核人可查看，不公开）');
    expect(await review.textContent()).toContain('检查记录表.pdf（PDF 文件，1 KB）');
    // The two photos shown on the card, loaded from what the bot uploaded.
    const pictures = review.locator('.img img');
    await waitFor(async () => (await pictures.count()) === 2, 'two pictures');
    await waitFor(
      async () =>
        (await pictures.evaluateAll((imgs: any[]) => imgs.map((i) => i.complete && i.naturalWidth))).every(
          (w: number) => w === 64,
        ),
      'the pictures loaded',
    );
    await review.evaluate((n: any) => n.scrollIntoView({ block: 'start' }));
    await page().screenshot({ path: join(SHOTS, 'evidence-2-review.png'), fullPage: true });
    expect(await review.getByRole('button', { name: '查看原件' }).count()).toBe(3);
    await review.getByRole('button', { name: '通过' }).click();
    await toast('已审核通过，请于 2026-12-24 前公示（发送 /公示）');
    expect(await models.Task.findOne({ _id: task.taskNo }).lean()).toMatchObject({ status: 'accepted' });
    expect(errors).toEqual([]);
  }, 90_000);
});
