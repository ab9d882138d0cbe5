import { addDays, shanghaiDate } from '../../../src/domain/calendar';
import { DEMO_NOW } from '../../helpers/demo-bot';
import { textOf } from '../../helpers/chat';
import { useHandlerDeps } from '../../helpers/handler-deps';

/**
 * `/人员` (handlers/pool/roster.ts) over the demo bureau (its clock: Thu 2026-11-26; the demo roster's
 * certificates are dated from it).
 */
describe('/人员: officers whose 执法证 lapses, who are away, or whose dates are missing', () => {
  const h = useHandlerDeps();
  const db = h.db;
  afterEach(() => expect(h.errors).toEqual([]));
  const today = shanghaiDate(DEMO_NOW);
  /** `name` says `text`; the one card answering it, which must have the title `expected`. */
  const ask = async (name: string, text: string, expected: string) => {
    const cards = await h.say(name, text);
    expect(cards.map(h.title)).toEqual([expected]);
    return { content: cards[0]!.card };
  };

  it('shows 彭世杰 (治安大队 责任人) his unit: the certificate lapsing in 45 days, the officer on leave', async () => {
    const { models } = db();
    const lapsing = await models.Person.findOne({
      unitName: '治安大队',
      certExpires: addDays(today, 45),
    }).lean();
    const away = await models.Person.findOne({ unitName: '治安大队', 'absence.kind': 'leave' }).lean();
    expect(lapsing && away).toBeTruthy();
    const card = await ask('彭世杰', '/人员', '执法人员资格：治安大队');
    const text = textOf(card.content);
    expect(text).toContain(
      `60 天内到期（1 人）：\\n- ${lapsing!.name}（${lapsing!.badgeNo}） ${addDays(today, 45)} 到期`,
    );
    expect(text).toContain(
      `不在岗或即将不在岗（1 人）：\\n- ${away!.name}（${away!.badgeNo}） 休假 ${addDays(today, -3)} 起至 ${addDays(today, 11)}`,
    );
    expect(text).not.toContain('禁毒大队');
    // An expired certificate is listed first, as one the draws leave out.
    await models.Person.updateOne({ _id: lapsing!._id }, { $set: { certExpires: addDays(today, -1) } });
    const again = await ask('彭世杰', '/人员 治安大队', '执法人员资格：治安大队');
    expect(textOf(again.content)).toContain(`执法证已过期（1 人，不会被抽中）：\\n- ${lapsing!.name}`);
    await models.Person.updateOne({ _id: lapsing!._id }, { $set: { certExpires: addDays(today, 45) } });
  });

  it('lets the office see any unit, and says which units there are when one is misnamed', async () => {
    const one = await ask('陶向东', '/人员 禁毒大队', '执法人员资格：禁毒大队');
    expect(textOf(one.content)).toContain('**禁毒大队**：在岗执法人员');
    const all = await ask('陶向东', '/人员', '执法人员资格：全部单位');
    expect(textOf(all.content)).toMatch(/治安大队.*禁毒大队/);
    const wrong = await ask('陶向东', '/人员 刑侦大队', '无法完成');
    expect(textOf(wrong.content)).toContain('没有名为“刑侦大队”的单位（现有：');
  });

  it('refuses a leader without a unit to keep, and a unit head asking for another unit', async () => {
    const refused = await ask('赵晓辉', '/人员', '无法完成');
    expect(textOf(refused.content)).toContain(
      '只有各单位负责人、责任人或领导小组办公室可以查看执法人员资格（/人员）',
    );
    const other = await ask('彭世杰', '/人员 禁毒大队', '无法完成');
    expect(textOf(other.content)).toContain('您只能查看本单位（治安大队）的执法人员，发送 /人员 即可');
  });
});
