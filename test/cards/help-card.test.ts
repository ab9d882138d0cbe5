import { helpCard } from '../../cards/help-card';
import { validateCard } from '../../emulator/card-validator';
import { COMMANDS } from '../../handlers/commands/help';

const items = ['易制毒化学品从业单位', '涉爆从业单位', '旅馆业', '娱乐场所', '公章刻制业', '废旧金属收购业'];

describe('help card', () => {
  it('lists the commands, marking any not yet served', () => {
    const card = helpCard({ commands: COMMANDS, items });
    expect(card).toMatchSnapshot();
    expect(validateCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('/抽查 事项** — 发起随机抽取（如 /抽查 娱乐场所）\\n');
    const notYet = helpCard({
      commands: [{ usage: '/考评 [年份]', description: '单位考评', available: false }],
      items,
    });
    expect(JSON.stringify(notYet)).toContain('/考评 [年份]** — 单位考评（即将上线）');
  });

  it('says what it did not understand and suggests the nearest command', () => {
    const card = helpCard({ commands: COMMANDS, items, unknownText: '/抽察 娱乐', suggestion: '/抽查 事项' });
    expect(card).toMatchSnapshot();
    expect(validateCard(card)).toEqual([]);
    expect(card.header.template).toBe('orange');
  });
});
