/**
 * A structural check of Feishu card JSON 2.0, strict where the platform is (unknown properties and
 * tags are errors in 2.0), for the components the bot uses. It returns every problem with its path,
 * so a bad card fails here, in tests, and not in a bureau's chat. Sources: shared/feishu-platform-notes.md §6.
 */

export const CARD_MAX_BYTES = 30 * 1024;
export const CARD_MAX_ELEMENTS = 200;

const COMMON = ['tag', 'element_id', 'margin'];
const TEXT_TAGS = ['plain_text', 'lark_md'];
const TEMPLATES = [
  'blue',
  'wathet',
  'turquoise',
  'green',
  'yellow',
  'orange',
  'red',
  'carmine',
  'violet',
  'purple',
  'indigo',
  'grey',
  'default',
];
const BUTTON_TYPES = [
  'default',
  'primary',
  'danger',
  'text',
  'primary_text',
  'danger_text',
  'primary_filled',
  'danger_filled',
  'laser',
];

interface TagSpec {
  allowed: string[];
  required: string[];
  /** Has a `name` that a form submits, and may be `required`. */
  interactive?: boolean;
  /** Child element lists, by property. */
  children?: string[];
  /** May not appear inside another container. */
  topLevelOnly?: boolean;
}

const SPECS: Record<string, TagSpec> = {
  markdown: {
    allowed: ['content', 'text_align', 'text_size', 'icon', 'i18n_content'],
    required: ['content'],
  },
  div: { allowed: ['text', 'icon', 'fields', 'text_align', 'text_size'], required: [] },
  hr: { allowed: [], required: [] },
  img: {
    allowed: [
      'img_key',
      'alt',
      'title',
      'scale_type',
      'size',
      'transparent',
      'preview',
      'corner_radius',
      'mode',
    ],
    required: ['img_key'],
  },
  column_set: {
    allowed: ['columns', 'flex_mode', 'background_style', 'horizontal_spacing', 'horizontal_align', 'action'],
    required: ['columns'],
  },
  column: {
    allowed: [
      'elements',
      'width',
      'weight',
      'vertical_align',
      'vertical_spacing',
      'padding',
      'background_style',
      'direction',
    ],
    required: ['elements'],
    children: ['elements'],
  },
  form: {
    allowed: ['name', 'elements', 'direction', 'vertical_spacing', 'padding'],
    required: ['name', 'elements'],
    children: ['elements'],
    topLevelOnly: true,
  },
  collapsible_panel: {
    allowed: ['header', 'elements', 'expanded', 'border', 'vertical_spacing', 'padding', 'background_color'],
    required: ['header', 'elements'],
    children: ['elements'],
  },
  interactive_container: {
    allowed: [
      'elements',
      'behaviors',
      'width',
      'height',
      'background_style',
      'has_border',
      'border_color',
      'corner_radius',
      'padding',
      'direction',
      'vertical_spacing',
    ],
    required: ['elements'],
    children: ['elements'],
  },
  button: {
    allowed: [
      'text',
      'type',
      'size',
      'width',
      'icon',
      'hover_tips',
      'disabled',
      'disabled_tips',
      'confirm',
      'behaviors',
      'name',
      'form_action_type',
      'complex_interaction',
    ],
    required: ['text'],
    interactive: true,
  },
  input: {
    allowed: [
      'name',
      'required',
      'disabled',
      'placeholder',
      'default_value',
      'width',
      'max_length',
      'input_type',
      'show_icon',
      'rows',
      'auto_resize',
      'max_rows',
      'label',
      'label_position',
      'value',
      'behaviors',
      'fallback',
    ],
    required: ['name'],
    interactive: true,
  },
  select_static: {
    allowed: [
      'name',
      'required',
      'disabled',
      'placeholder',
      'width',
      'initial_option',
      'initial_index',
      'options',
      'type',
      'behaviors',
    ],
    required: ['name', 'options'],
    interactive: true,
  },
  multi_select_static: {
    allowed: ['name', 'required', 'disabled', 'placeholder', 'width', 'selected_values', 'options', 'type'],
    required: ['name', 'options'],
    interactive: true,
  },
  date_picker: {
    allowed: ['name', 'required', 'disabled', 'placeholder', 'width', 'initial_date', 'behaviors'],
    required: ['name'],
    interactive: true,
  },
  picker_time: {
    allowed: ['name', 'required', 'disabled', 'placeholder', 'width', 'initial_time', 'behaviors'],
    required: ['name'],
    interactive: true,
  },
  picker_datetime: {
    allowed: ['name', 'required', 'disabled', 'placeholder', 'width', 'initial_datetime', 'behaviors'],
    required: ['name'],
    interactive: true,
  },
  checker: {
    allowed: [
      'name',
      'checked',
      'text',
      'overall_checkable',
      'button_area',
      'checked_style',
      'disabled',
      'behaviors',
      'padding',
    ],
    required: ['name'],
    interactive: true,
  },
  table: {
    allowed: [
      'page_size',
      'row_height',
      'header_style',
      'columns',
      'rows',
      'freeze_first_column',
      'row_max_height',
    ],
    required: ['columns', 'rows'],
    topLevelOnly: true,
  },
  chart: {
    allowed: ['chart_spec', 'aspect_ratio', 'color_theme', 'preview', 'height'],
    required: ['chart_spec'],
  },
  person: { allowed: ['user_id', 'size', 'show_avatar', 'show_name', 'style'], required: ['user_id'] },
  person_list: {
    allowed: ['persons', 'size', 'show_avatar', 'show_name', 'lines', 'icon'],
    required: ['persons'],
  },
};

const REMOVED: Record<string, string> = {
  note: '2.0 卡片已移除 note 组件',
  action: '2.0 卡片已移除 action 模块：按钮直接放在 elements 或 column_set 中',
};

export interface CardProblem {
  path: string;
  message: string;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every structural problem of a card, or [] if it is valid. */
export function validateCard(card: unknown, rawJson?: string): CardProblem[] {
  const problems: CardProblem[] = [];
  const bad = (path: string, message: string) => problems.push({ path, message });
  if (!isObj(card)) return [{ path: '', message: 'card must be a JSON object' }];
  const size = Buffer.byteLength(rawJson ?? JSON.stringify(card));
  if (size > CARD_MAX_BYTES) bad('', `card is ${size} bytes, over the ${CARD_MAX_BYTES}-byte limit`);
  if (card.schema !== '2.0') bad('schema', 'schema must be "2.0" (the bot only sends JSON 2.0 cards)');
  for (const key of Object.keys(card)) {
    if (!['schema', 'config', 'card_link', 'header', 'body'].includes(key)) {
      bad(
        key,
        key === 'elements' || key === 'i18n_elements'
          ? `${key} at the top level is JSON 1.0: use body.elements`
          : `unknown property ${key}`,
      );
    }
  }
  if (card.config !== undefined) {
    if (!isObj(card.config)) bad('config', 'must be an object');
    else if (card.config.update_multi === false)
      bad('config.update_multi', 'JSON 2.0 cards are always shared: update_multi may only be true');
  }
  if (card.header !== undefined) checkHeader(card.header, bad);
  if (!isObj(card.body)) bad('body', 'body is required and must be an object');
  else if (!Array.isArray(card.body.elements)) bad('body.elements', 'body.elements must be an array');
  else {
    const ctx = { count: 0, ids: new Set<string>(), names: new Set<string>() };
    checkElements(card.body.elements, 'body.elements', { inForm: false, inContainer: false }, ctx, bad);
    if (ctx.count > CARD_MAX_ELEMENTS)
      bad('body.elements', `${ctx.count} components, over the limit of ${CARD_MAX_ELEMENTS}`);
  }
  return problems;
}

function checkText(v: unknown, path: string, bad: (p: string, m: string) => void): void {
  if (!isObj(v) || typeof v.tag !== 'string' || !TEXT_TAGS.includes(v.tag) || typeof v.content !== 'string') {
    bad(path, 'must be {tag: "plain_text"|"lark_md", content: string}');
  }
}

function checkHeader(h: unknown, bad: (p: string, m: string) => void): void {
  if (!isObj(h)) return bad('header', 'must be an object');
  for (const key of Object.keys(h)) {
    if (
      ![
        'title',
        'subtitle',
        'text_tag_list',
        'icon',
        'template',
        'padding',
        'ud_icon',
        'i18n_title',
      ].includes(key)
    )
      bad(`header.${key}`, 'unknown property');
  }
  checkText(h.title, 'header.title', bad);
  if (h.subtitle !== undefined) checkText(h.subtitle, 'header.subtitle', bad);
  if (h.template !== undefined && !TEMPLATES.includes(String(h.template)))
    bad('header.template', `unknown colour ${String(h.template)}`);
  if (Array.isArray(h.text_tag_list) && h.text_tag_list.length > 3)
    bad('header.text_tag_list', 'at most 3 tags');
}

interface Where {
  inForm: boolean;
  inContainer: boolean;
}

function checkElements(
  list: unknown,
  path: string,
  where: Where,
  ctx: { count: number; ids: Set<string>; names: Set<string> },
  bad: (p: string, m: string) => void,
): void {
  if (!Array.isArray(list)) return bad(path, 'must be an array');
  list.forEach((el, i) => {
    const at = `${path}[${i}]`;
    if (!isObj(el) || typeof el.tag !== 'string') return bad(at, 'element must be an object with a tag');
    ctx.count++;
    const tag = el.tag;
    if (REMOVED[tag]) return bad(at, REMOVED[tag]);
    const spec = SPECS[tag];
    if (!spec) return bad(at, `unknown component tag "${tag}"`);
    for (const key of Object.keys(el))
      if (!COMMON.includes(key) && !spec.allowed.includes(key))
        bad(`${at}.${key}`, `unknown property of ${tag}`);
    for (const key of spec.required)
      if (el[key] === undefined && !(key === 'name' && !where.inForm && tag !== 'form'))
        bad(`${at}.${key}`, `${tag} requires ${key}`);
    if (el.element_id !== undefined) {
      const id = String(el.element_id);
      if (!/^[A-Za-z][A-Za-z0-9_]{0,19}$/.test(id))
        bad(`${at}.element_id`, 'letters, digits and _, starting with a letter, at most 20');
      else if (ctx.ids.has(id)) bad(`${at}.element_id`, `duplicate element_id ${id}`);
      ctx.ids.add(id);
    }
    if (spec.topLevelOnly && where.inContainer) bad(at, `${tag} may not be nested in a container`);
    if (spec.interactive) {
      if (where.inForm && typeof el.name !== 'string')
        bad(`${at}.name`, `${tag} inside a form needs a card-unique name (client error 200530)`);
      if (typeof el.name === 'string') {
        if (ctx.names.has(el.name)) bad(`${at}.name`, `duplicate component name ${el.name}`);
        ctx.names.add(el.name);
      }
      if (el.required !== undefined && !where.inForm)
        bad(`${at}.required`, 'required is only valid inside a form');
    }
    if (tag === 'markdown' && typeof el.content !== 'string') bad(`${at}.content`, 'must be a string');
    if (tag === 'div' && el.text !== undefined) checkText(el.text, `${at}.text`, bad);
    if (tag === 'button') checkButton(el, at, where, bad);
    if (
      tag === 'input' ||
      tag.startsWith('select') ||
      tag.startsWith('multi_select') ||
      tag.startsWith('picker') ||
      tag === 'date_picker'
    ) {
      if (el.placeholder !== undefined) checkText(el.placeholder, `${at}.placeholder`, bad);
    }
    if (tag === 'select_static' || tag === 'multi_select_static')
      checkOptions(el.options, `${at}.options`, bad);
    if (tag === 'column_set') {
      if (!Array.isArray(el.columns)) bad(`${at}.columns`, 'must be an array of columns');
      else
        el.columns.forEach((col, j) => {
          if (!isObj(col) || col.tag !== 'column')
            bad(`${at}.columns[${j}]`, 'must be {tag: "column", elements: […]}');
        });
      checkElements(el.columns, `${at}.columns`, { ...where, inContainer: true }, ctx, bad);
    }
    if (tag === 'form') {
      const buttons = Array.isArray(el.elements) ? collectButtons(el.elements) : [];
      if (!buttons.some((b) => b.form_action_type === 'submit'))
        bad(at, 'a form needs a button with form_action_type "submit"');
    }
    if (tag === 'table') {
      if (!Array.isArray(el.columns)) bad(`${at}.columns`, 'must be an array');
      if (!Array.isArray(el.rows)) bad(`${at}.rows`, 'must be an array');
    }
    if (tag === 'chart' && !isObj(el.chart_spec))
      bad(`${at}.chart_spec`, 'must be an object (a VChart spec)');
    // Every container, a form included, may not hold a form or a table.
    for (const child of spec.children ?? []) {
      checkElements(
        el[child],
        `${at}.${child}`,
        { inForm: where.inForm || tag === 'form', inContainer: true },
        ctx,
        bad,
      );
    }
  });
}

function collectButtons(list: unknown[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const el of list) {
    if (!isObj(el)) continue;
    if (el.tag === 'button') out.push(el);
    for (const key of ['elements', 'columns'])
      if (Array.isArray(el[key])) out.push(...collectButtons(el[key] as unknown[]));
  }
  return out;
}

function checkButton(
  el: Record<string, unknown>,
  at: string,
  where: Where,
  bad: (p: string, m: string) => void,
): void {
  checkText(el.text, `${at}.text`, bad);
  if (el.type !== undefined && !BUTTON_TYPES.includes(String(el.type)))
    bad(`${at}.type`, `unknown button type ${String(el.type)}`);
  if (el.form_action_type !== undefined) {
    if (!['submit', 'reset'].includes(String(el.form_action_type)))
      bad(`${at}.form_action_type`, 'must be submit or reset');
    if (!where.inForm) bad(`${at}.form_action_type`, 'only valid inside a form');
  }
  if (el.behaviors !== undefined) {
    if (!Array.isArray(el.behaviors)) return bad(`${at}.behaviors`, 'must be an array');
    el.behaviors.forEach((b, i) => {
      if (!isObj(b) || !['callback', 'open_url'].includes(String(b.type)))
        bad(`${at}.behaviors[${i}]`, 'type must be callback or open_url');
      else if (b.type === 'open_url' && typeof b.default_url !== 'string')
        bad(`${at}.behaviors[${i}].default_url`, 'open_url needs default_url');
      else if (b.type === 'callback' && b.value === undefined)
        bad(`${at}.behaviors[${i}].value`, 'callback needs a value');
    });
  }
}

function checkOptions(options: unknown, at: string, bad: (p: string, m: string) => void): void {
  if (!Array.isArray(options) || options.length === 0) return bad(at, 'must be a non-empty array');
  options.forEach((o, i) => {
    if (!isObj(o) || typeof o.value !== 'string') bad(`${at}[${i}]`, 'option needs a string value');
    else checkText(o.text, `${at}[${i}].text`, bad);
  });
}
