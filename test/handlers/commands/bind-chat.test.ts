import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/** `/设为工作群` (handlers/commands/bind-chat.ts): a unit's task lists go to its work chat from now on. */
describe('/设为工作群', () => {
  const h = useHandlerDeps();
  afterEach(() => expect(h.errors).toEqual([]));
  const unit = async () => (await h.db().models.Unit.findOne({ name: '治安大队' }).lean())?.chatId;

  it('asks for the unit’s group when sent in a one-to-one chat', async () => {
    const [card] = await h.say('彭世杰', '/设为工作群');
    expect(textOf(card!.card)).toContain('请在单位的工作群里 @抽查助手 发送 /设为工作群');
    expect(await unit()).toBeFalsy();
  });

  it('refuses an inspector, then binds the 责任人’s unit to the group', async () => {
    const inspector = (await h
      .db()
      .models.Person.findOne({ roles: ['inspector'] })
      .lean())!.name;
    const [refused] = await h.sayIn('oc_work', inspector, '/设为工作群');
    expect(refused!.card.header.title.content).toBe('无法完成');
    const [done] = await h.sayIn('oc_work', '彭世杰', '/设为工作群');
    expect(done!.card.header.title.content).toBe('已设为工作群');
    expect(textOf(done!.card)).toContain('治安大队的检查任务清单今后发到本群。');
    expect(await unit()).toBe('oc_work');
  });
});
