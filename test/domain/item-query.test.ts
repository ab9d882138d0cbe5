import { readPlanTemplate } from '../../src/adapters/plan-file';
import { queryItems } from '../../src/domain/item-query';

describe('what a chat user means by an item', () => {
  const items = readPlanTemplate().items;
  const q = (text: string) => queryItems(items, text);

  it('takes names, codes and the aliases people type', () => {
    expect(
      [
        '娱乐',
        '危爆',
        '爆炸',
        '易制毒',
        '旅馆',
        '公章',
        '废旧金属',
        'ktv',
        'ＫＴＶ',
        ' 娱 乐 场 所 ',
        'hotels',
      ].map((t) => q(t)),
    ).toEqual(
      [
        'entertainment',
        'civil-explosives',
        'civil-explosives',
        'precursor-chemicals',
        'hotels',
        'seal-engraving',
        'scrap-metal',
        'entertainment',
        'entertainment',
        'entertainment',
        'hotels',
      ].map((code) => ({ kind: 'one', code })),
    );
  });

  it('offers a choice for a group or a word several items share, in plan order', () => {
    expect(q('特种行业')).toEqual({ kind: 'choice', codes: ['hotels', 'seal-engraving', 'scrap-metal'] });
    expect(q('收购')).toEqual({ kind: 'one', code: 'scrap-metal' });
    expect(q('')).toEqual({ kind: 'choice', codes: items.map((i) => i.code) });
  });

  it('finds a name inside longer words, and the words inside a name', () => {
    expect(q('娱乐场所检查')).toEqual({ kind: 'one', code: 'entertainment' });
    expect(q('民用爆炸')).toEqual({ kind: 'one', code: 'civil-explosives' });
    expect(q('刻制')).toEqual({ kind: 'one', code: 'seal-engraving' });
  });

  it('marks a guess: words that are neither part of the name nor contain it (a typo caught by an alias)', () => {
    expect(q('娱乐厂所')).toEqual({ kind: 'one', code: 'entertainment', approximate: true });
    expect(q('娱乐')).toEqual({ kind: 'one', code: 'entertainment' });
    expect(q('娱乐场所')).toEqual({ kind: 'one', code: 'entertainment' });
  });

  it('suggests the nearest spellings when nothing fits, and nothing for gibberish', () => {
    expect(q('歌午厅')).toEqual({ kind: 'none', suggestions: ['entertainment'] });
    expect(q('刻张')).toEqual({ kind: 'none', suggestions: ['seal-engraving'] });
    expect(q('食品安全')).toEqual({ kind: 'none', suggestions: [] });
  });

  it('asks rather than guesses when another item is spelled about as close (another bureau’s items)', () => {
    const other = [
      {
        code: 'a',
        seq: 1,
        name: '娱乐场所',
        targetType: '娱乐场所',
        aliases: ['娱乐'],
        section: { heading: '（一）' },
      },
      {
        code: 'b',
        seq: 2,
        name: '娱乐服务场所',
        targetType: '娱乐服务场所',
        aliases: [],
        section: { heading: '（二）' },
      },
      { code: 'c', seq: 3, name: '旅馆业', targetType: '旅馆', aliases: [], section: { heading: '（三）' } },
    ];
    const o = (text: string) => queryItems(other, text);
    // Caught by a's alias 娱乐, yet one character from b's name: both are offered.
    expect(o('娱乐服务厂所')).toEqual({ kind: 'choice', codes: ['a', 'b'], close: true });
    // One character from a, three from b: the guess stands, and is said.
    expect(o('娱乐厂所')).toEqual({ kind: 'one', code: 'a', approximate: true });
    expect(o('娱乐场所')).toEqual({ kind: 'one', code: 'a' });
    // No rival in the bureau's own plan for its usual typos.
    expect(q('娱乐厂所')).toEqual({ kind: 'one', code: 'entertainment', approximate: true });
    expect(q('公章刻字')).toEqual({ kind: 'one', code: 'seal-engraving', approximate: true });
  });
});
