import { ACTIONS } from './actions';
import { echo } from './echo';
import { button, card, text } from './parts';

export interface ItemChoiceView {
  /** What the user typed, when it matched several items or none. */
  query?: string;
  items: { code: string; name: string; ratioText: string; frequencyText: string }[];
  /** True when the query named none of `items` but was spelled about as close to each. */
  close?: boolean;
  /** True when `items` are suggestions for a query that matched nothing. */
  suggestions?: boolean;
  /** Every item's name, for a query that matched nothing and has no near spelling. */
  allNames?: string[];
}

/** `/抽查` without a clear item: pick one. Each button starts the draw of that item. Pure. */
export function itemChoiceCard(v: ItemChoiceView) {
  const intro = v.suggestions
    ? v.items.length > 0
      ? `没有名为“${echo(v.query ?? '')}”的抽查事项。您是不是要抽：`
      : `没有名为“${echo(v.query ?? '')}”的抽查事项。本年度的事项有：${(v.allNames ?? []).join('、')}。请发送“/抽查 事项名称”重试。`
    : v.query && v.close
      ? `“${echo(v.query)}”与以下几个事项都相近，请选择要抽取的一项：`
      : v.query
        ? `“${echo(v.query ?? '')}”包括以下事项，请选择要抽取的一项：`
        : '请选择要抽取的事项：';
  return card({
    title: '选择抽查事项',
    template: v.suggestions ? 'orange' : 'blue',
    elements: [
      text(intro),
      ...v.items.map((i) =>
        button(`${i.name}（${i.ratioText}，${i.frequencyText}）`, {
          action: ACTIONS.drawStart,
          item: i.code,
        }),
      ),
    ],
  });
}
