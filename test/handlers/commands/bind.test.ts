import { buttons, textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/**
 * `/绑定 姓名 [单位]` and 确认绑定 / 拒绝 (handlers/commands/bind.ts): someone the bot cannot match asks
 * to be linked to a person of the people data; only the office decides, once.
 */
describe('/绑定, 确认绑定 and 拒绝', () => {
  const h = useHandlerDeps({ extraUsers: [{ name: '小周', mobile: '13912345678' }, { name: '小吴' }] });
  afterEach(() => expect(h.errors).toEqual([]));
  const request = () => h.platform.cards.filter((c) => h.title(c)?.startsWith('身份绑定申请：')).pop()!;
  const valueOf = (card: unknown, label: string) => buttons(card).find((b) => b.text === label)!.value;

  beforeAll(async () => {
    await h.db().models.Person.create({
      key: 'name:周新',
      name: '周新',
      unitName: '治安大队',
      roles: ['responsible'],
      createdBy: 'test',
      updatedBy: 'test',
    });
  });

  it('says how to use it, names someone not in the people data, and refuses a person already linked', async () => {
    expect(textOf((await h.say('小周', '/绑定'))[0]!.card)).toContain('用法：/绑定 姓名 [单位]');
    expect(textOf((await h.say('小周', '/绑定 周旧'))[0]!.card)).toContain('名单中没有“周旧”');
    expect(textOf((await h.say('彭世杰', '/绑定 周新'))[0]!.card)).toContain(
      '您已是 彭世杰（治安大队），无需绑定',
    );
  });

  it('asks the office; a unit’s 责任人 may not decide; the office confirms once', async () => {
    const [asked] = await h.say('小周', '/绑定 周新');
    expect(asked!.card.header.title.content).toBe('已提交绑定申请');
    expect(textOf(asked!.card)).toContain('周新（治安大队）');
    const card = request();
    expect(card.to).toEqual({ openId: h.openId('陶向东') });
    expect(textOf(card.card)).toContain('飞书用户「小周」（手机 13912345678）');

    const confirm = valueOf(card.card, '确认绑定');
    const refused = await h.click('彭世杰', confirm, undefined, card.messageId);
    expect(refused.toast?.type).toBe('error');
    const done = await h.click('陶向东', confirm, undefined, card.messageId);
    expect(done.toast).toEqual({ type: 'success', content: '已确认：周新' });
    expect(done.card.header.title.content).toBe('已绑定：周新');
    expect((await h.db().models.Person.findOne({ key: 'name:周新' }).lean())?.feishuOpenId).toBe(
      h.openId('小周'),
    );
    const again = await h.click('陶向东', valueOf(card.card, '拒绝'), undefined, card.messageId);
    expect(JSON.stringify(again)).toContain('此申请已确认');
  });
});
