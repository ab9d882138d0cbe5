import { useDemoBot } from '../helpers/demo-bot';
import { chatAs, textOf } from '../helpers/chat';
import { openIdOf } from '../helpers/emulator';

/**
 * /绑定 (issue 16): someone in the people data whom the bot cannot match by mobile asks to be linked; the
 * office confirms on a card, once; the person can then act, and the asker is told either way.
 */
describe('binding a Feishu account to a person of the people data (/绑定)', () => {
  const { emu, db, errors } = useDemoBot({ extraUsers: [{ name: '小周', mobile: '13912345678' }] });
  afterEach(() => expect(errors).toEqual([]));
  const { ask, cardTitled, press } = chatAs(emu);

  it('asks the office, which confirms once; the person can then act', async () => {
    const { models } = db();
    // In the people data without a mobile: the bot cannot tell which Feishu user they are.
    await models.Person.create({
      key: 'name:周新',
      name: '周新',
      unitName: '治安大队',
      roles: ['responsible'],
      createdBy: 'test',
      updatedBy: 'test',
    });
    const unknown = await ask('小周', '/我的任务', '无法完成');
    expect(textOf(unknown.content)).toContain('发送 /绑定 您的姓名');
    const none = await ask('小周', '/绑定 周旧', '无法完成');
    expect(textOf(none.content)).toContain('名单中没有“周旧”');

    const asked = await ask('小周', '/绑定 周新', '已提交绑定申请');
    expect(textOf(asked.content)).toContain('周新（治安大队）');
    const request = await cardTitled('陶向东', '身份绑定申请：周新');
    expect(textOf(request.content)).toContain('飞书用户「小周」（手机 13912345678）');

    // Only the office decides.
    const confirmed = await press('陶向东', request, '确认绑定');
    expect(confirmed.toast.content).toBe('已确认：周新');
    expect(confirmed.card.header.title.content).toBe('已绑定：周新');
    expect((await models.Person.findOne({ key: 'name:周新' }).lean())?.feishuOpenId).toBe(
      await openIdOf(emu(), '小周'),
    );
    await cardTitled('小周', '身份绑定成功');
    const again = await press('陶向东', request, '拒绝');
    expect(JSON.stringify(again)).toContain('此申请已确认');

    const tasks = await ask('小周', '/我的任务', '我的检查任务');
    expect(textOf(tasks.content)).not.toContain('暂时不能使用');
    expect((await models.AuditEntry.find({ subject: 'name:周新' }).lean()).map((e) => e.action)).toEqual([
      'person.bind-requested',
      'person.bound',
    ]);
  });
});
