import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/** `/导出 <类型> [年份]` (handlers/exports/index.ts): a table as an xlsx in the same chat. */
describe('/导出', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));
  const filesTo = (name: string) =>
    h.platform.files.filter((f) => 'openId' in f.to && f.to.openId === h.openId(name));

  it('sends a public table to anyone in the 名录: the notice, then the file', async () => {
    const [card] = await h.say('彭世杰', '/导出 事项清单');
    expect(card!.card.header.title.content).toBe('已导出：事项清单（2026 年）');
    const [file] = filesTo('彭世杰');
    expect(textOf(card!.card)).toContain(`文件见下一条消息：${file!.file.name}`);
    expect(file!.file.name).toMatch(/\.xlsx$/);
    expect(Buffer.from(file!.file.data).subarray(0, 2).toString()).toBe('PK');
  });

  it('keeps the 考评表 to those who may see the 考评', async () => {
    const before = filesTo('彭世杰').length;
    const [card] = await h.say('彭世杰', '/导出 考评表');
    expect(card!.card.header.title.content).toBe('无法完成');
    expect(filesTo('彭世杰').length).toBe(before);
  });

  it('says how to use it for a kind it does not know', async () => {
    const [card] = await h.say('彭世杰', '/导出 花名册');
    expect(textOf(card!.card)).toContain('用法：/导出 <类型> [年份]');
  });
});
