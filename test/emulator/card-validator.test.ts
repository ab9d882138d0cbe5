import { validateCard } from '../../emulator/card-validator';

const card = (elements: unknown[], extra: Record<string, unknown> = {}) => ({
  schema: '2.0',
  body: { elements },
  ...extra,
});
const messages = (c: unknown) => validateCard(c).map((p) => `${p.path}: ${p.message}`);

describe('card JSON 2.0 validator', () => {
  it('accepts the components the bot uses', () => {
    const ok = card(
      [
        { tag: 'markdown', content: '**娱乐场所** 抽取 16 户', element_id: 'summary' },
        { tag: 'hr' },
        {
          tag: 'column_set',
          columns: [
            {
              tag: 'column',
              width: 'weighted',
              weight: 1,
              elements: [{ tag: 'div', text: { tag: 'plain_text', content: '比例 50%' } }],
            },
          ],
        },
        {
          tag: 'table',
          columns: [{ name: 'n', display_name: '名称', data_type: 'text' }],
          rows: [{ n: '甲' }],
          page_size: 10,
        },
        { tag: 'chart', chart_spec: { type: 'bar', data: { values: [] } } },
        {
          tag: 'form',
          name: 'report',
          elements: [
            {
              tag: 'select_static',
              name: 'result',
              required: true,
              options: [{ text: { tag: 'plain_text', content: '未发现问题' }, value: 'clean' }],
            },
            { tag: 'date_picker', name: 'date', required: true },
            { tag: 'input', name: 'notes', input_type: 'multiline_text', max_length: 500 },
            {
              tag: 'button',
              name: 'go',
              text: { tag: 'plain_text', content: '提交' },
              type: 'primary',
              form_action_type: 'submit',
              behaviors: [{ type: 'callback', value: { a: 1 } }],
            },
          ],
        },
      ],
      {
        config: { update_multi: true },
        header: { title: { tag: 'plain_text', content: '抽查预览' }, template: 'orange' },
      },
    );
    expect(messages(ok)).toEqual([]);
  });

  it('rejects JSON 1.0 shapes and removed components by name', () => {
    expect(messages({ elements: [], header: { title: { tag: 'plain_text', content: 'x' } } })).toEqual([
      'schema: schema must be "2.0" (the bot only sends JSON 2.0 cards)',
      'elements: elements at the top level is JSON 1.0: use body.elements',
      'body: body is required and must be an object',
    ]);
    expect(
      messages(card([{ tag: 'note', elements: [] }, { tag: 'action', actions: [] }, { tag: 'blink' }])),
    ).toEqual([
      'body.elements[0]: 2.0 卡片已移除 note 组件',
      'body.elements[1]: 2.0 卡片已移除 action 模块：按钮直接放在 elements 或 column_set 中',
      'body.elements[2]: unknown component tag "blink"',
    ]);
  });

  it('rejects unknown properties, bad ids, duplicate names and misplaced form features', () => {
    expect(
      messages(
        card([
          { tag: 'markdown', content: 'x', colour: 'red', element_id: '1bad' },
          { tag: 'markdown', content: 'y', element_id: 'ok_id' },
          { tag: 'markdown', content: 'z', element_id: 'ok_id' },
          { tag: 'input', name: 'a', required: true },
          {
            tag: 'button',
            text: { tag: 'plain_text', content: 'b' },
            form_action_type: 'submit',
            type: 'huge',
          },
          {
            tag: 'column_set',
            columns: [{ tag: 'column', elements: [{ tag: 'table', columns: [], rows: [] }] }],
          },
          {
            tag: 'form',
            name: 'f',
            elements: [
              { tag: 'input', name: 'a' },
              { tag: 'form', name: 'g', elements: [] },
              { tag: 'table', columns: [], rows: [] },
            ],
          },
        ]),
      ),
    ).toEqual([
      'body.elements[0].colour: unknown property of markdown',
      'body.elements[0].element_id: letters, digits and _, starting with a letter, at most 20',
      'body.elements[2].element_id: duplicate element_id ok_id',
      'body.elements[3].required: required is only valid inside a form',
      'body.elements[4].type: unknown button type huge',
      'body.elements[4].form_action_type: only valid inside a form',
      'body.elements[5].columns[0].elements[0]: table may not be nested in a container',
      'body.elements[6]: a form needs a button with form_action_type "submit"',
      'body.elements[6].elements[0].name: duplicate component name a',
      'body.elements[6].elements[1]: form may not be nested in a container',
      'body.elements[6].elements[1]: a form needs a button with form_action_type "submit"',
      'body.elements[6].elements[2]: table may not be nested in a container',
    ]);
  });

  it('counts every component against the 200 limit and measures the 30 KB limit', () => {
    const many = card(Array.from({ length: 201 }, () => ({ tag: 'hr' })));
    expect(messages(many)).toEqual(['body.elements: 201 components, over the limit of 200']);
    const nested = card([
      {
        tag: 'column_set',
        columns: Array.from({ length: 100 }, () => ({ tag: 'column', elements: [{ tag: 'hr' }] })),
      },
    ]);
    expect(messages(nested)).toEqual(['body.elements: 201 components, over the limit of 200']);
    expect(messages(card([{ tag: 'markdown', content: 'x'.repeat(31 * 1024) }]))[0]).toMatch(
      /over the 30720-byte limit/,
    );
  });

  it('refuses non-shared 2.0 cards', () => {
    expect(messages(card([], { config: { update_multi: false } }))).toEqual([
      'config.update_multi: JSON 2.0 cards are always shared: update_multi may only be true',
    ]);
  });
});
