// The emulator's chat console: pick a user, see their chats, type messages, see the bot's cards
// rendered (the card 2.0 subset the bot uses), click buttons and submit forms. Plain DOM, no
// framework, no CDN; every text goes through textContent or escaping.
'use strict';

const $ = (id) => document.getElementById(id);
const state = {
  users: [],
  chats: [],
  user: null,
  chat: null,
  rendered: new Map(),
  refreshing: Promise.resolve(),
};

async function api(method, path, body) {
  const res = await fetch(`/_emulator/${path}`, {
    method,
    headers: body ? { 'content-type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (!res.ok) throw new Error(json.error || res.statusText);
  return json;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') node.className = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat())
    if (c !== null && c !== undefined) node.append(c instanceof Node ? c : String(c));
  return node;
}

const escapeHtml = (s) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
  );

/**
 * Feishu's colour names for `<font color>` (the card colour enum: a hue, optionally with a shade such as
 * `red-500`, plus grey, white, default). Only these become a class; the text never reaches an attribute.
 */
const FONT_COLOURS = new Set([
  'blue',
  'carmine',
  'green',
  'indigo',
  'lime',
  'orange',
  'purple',
  'red',
  'sunflower',
  'turquoise',
  'violet',
  'wathet',
  'yellow',
  'grey',
  'gray',
  'white',
  'default',
]);
const fontClass = (colour) => {
  const hue = colour.toLowerCase().replace(/-\d+$/, '');
  return FONT_COLOURS.has(hue) ? `fc fc-${hue === 'gray' ? 'grey' : hue}` : 'fc';
};
// `<font color='red'>`, `<font color="red">` (or unquoted), after escaping; innermost first for nesting.
const FONT =
  /&lt;font\s+color\s*=\s*(&#39;|&quot;|)([A-Za-z][\w-]*)\1\s*&gt;((?:(?!&lt;font\s)[\s\S])*?)&lt;\/font&gt;/g;

/** The markdown subset cards use: bold, italics, links, line breaks, <font color>; escaped first. */
function markdown(text) {
  const div = el('div', { class: 'md' });
  let html = escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(.+?)\*/g, '<em>$1</em>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
  for (let before = ''; before !== html;) {
    before = html;
    html = html.replace(FONT, (_, q, colour, inner) => `<span class="${fontClass(colour)}">${inner}</span>`);
  }
  div.innerHTML = html.replace(/\n/g, '<br>');
  return div;
}

const textOf = (t) => (t && typeof t === 'object' ? t.content || '' : t || '');

function toast(text, kind) {
  const t = $('toast');
  t.textContent = text;
  t.className = `toast ${kind || ''}`;
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => (t.hidden = true), 3000);
}

async function act(messageId, value, extra) {
  try {
    const outcome = await api('POST', 'card-actions', {
      open_id: state.user.openId,
      message_id: messageId,
      value,
      ...extra,
    });
    if (!outcome.ok) toast(`${outcome.reason}（错误码 ${outcome.errorCode}）`, 'error');
    else if (outcome.toast) toast(outcome.toast.content, outcome.toast.type);
  } catch (e) {
    toast(e.message, 'error');
  }
  await refresh();
}

const callbackValue = (c) => ((c.behaviors || []).find((b) => b.type === 'callback') || {}).value;

const pad = (n) => String(n).padStart(2, '0');
function parseDay(s) {
  const m =
    /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(s) ||
    /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d
    ? `${y}-${pad(mo)}-${pad(d)}`
    : null;
}
function parseClock(s) {
  const m = /^(\d{1,2})\s*[:：时]\s*(\d{1,2})\s*分?$/.exec(s);
  return m && Number(m[1]) < 24 && Number(m[2]) < 60 ? `${pad(m[1])}:${pad(m[2])}` : null;
}
function parseDayClock(s) {
  const m = /^(.+?)(?:\s+|T)(\d{1,2}\s*[:：时]\s*\d{1,2}\s*分?)$/.exec(s);
  const day = m && parseDay(m[1].trim());
  const clock = m && parseClock(m[2]);
  return day && clock ? `${day} ${clock}` : null;
}

/**
 * Dates and times as Chinese readers write them (年/月/日, 24-hour), whatever the browser's language:
 * Chromium draws its own date inputs in its UI locale (mm/dd/yyyy in an English one) and ignores `lang`.
 * So the field is text in that format, with the native picker one click away. Values are kept as
 * "YYYY-MM-DD", "HH:MM", "YYYY-MM-DD HH:MM"; callbacks get them as the client sends them, "… +0800".
 */
const PICKERS = {
  date_picker: {
    native: 'date',
    hint: '年/月/日',
    example: '2026/03/08',
    initial: 'initial_date',
    parse: (s) => parseDay(s.trim()),
    show: (v) => v.replace(/-/g, '/'),
    toNative: (v) => v,
    fromNative: (v) => v,
    icon: '📅',
    title: '选择日期',
  },
  picker_time: {
    native: 'time',
    hint: '时:分',
    example: '09:30',
    initial: 'initial_time',
    parse: (s) => parseClock(s.trim()),
    show: (v) => v,
    toNative: (v) => v,
    fromNative: (v) => v.slice(0, 5),
    icon: '🕘',
    title: '选择时间',
  },
  picker_datetime: {
    native: 'datetime-local',
    hint: '年/月/日 时:分',
    example: '2026/03/08 09:30',
    initial: 'initial_datetime',
    parse: (s) => parseDayClock(s.trim()),
    show: (v) => v.replace(/-/g, '/'),
    toNative: (v) => v.replace(' ', 'T'),
    fromNative: (v) => v.slice(0, 16).replace('T', ' '),
    icon: '📅',
    title: '选择日期和时间',
  },
};

function pickerField(e) {
  const kind = PICKERS[e.tag];
  const initial = kind.parse(String(e[kind.initial] || ''));
  const text = el('input', {
    type: 'text',
    name: e.name,
    lang: 'zh-CN',
    placeholder: kind.hint,
    value: initial ? kind.show(initial) : '',
    autocomplete: 'off',
    disabled: e.disabled,
    'data-picker': e.tag,
  });
  text.addEventListener('blur', () => {
    const v = kind.parse(text.value);
    if (v) text.value = kind.show(v);
  });
  const native = el('input', {
    type: kind.native,
    class: 'native-picker',
    tabindex: '-1',
    'aria-hidden': 'true',
  });
  native.addEventListener('change', () => {
    if (native.value) text.value = kind.show(kind.fromNative(native.value));
  });
  const open = el(
    'button',
    {
      type: 'button',
      class: 'pick',
      title: kind.title,
      'aria-label': kind.title,
      disabled: e.disabled,
      onclick: () => {
        const v = kind.parse(text.value);
        native.value = v ? kind.toNative(v) : '';
        try {
          native.showPicker();
        } catch {
          text.focus();
        }
      },
    },
    kind.icon,
  );
  return el('label', {}, textOf(e.placeholder), el('span', { class: 'picker' }, text, open, native));
}

/** Form values as the client sends them in `form_value`. */
function formValueOf(form, components) {
  const values = {};
  for (const c of components) {
    const input = form.querySelector(`[name="${CSS.escape(c.name)}"]`);
    if (!input) continue;
    if (c.tag === 'multi_select_static') values[c.name] = [...input.selectedOptions].map((o) => o.value);
    else if (PICKERS[c.tag]) {
      const v = PICKERS[c.tag].parse(input.value);
      values[c.name] = v ? `${v} +0800` : '';
    } else if (c.tag === 'checker') values[c.name] = input.checked;
    else values[c.name] = input.value;
  }
  return values;
}

/** A heading's words: its first bold part, else its text; none when it reads like a paragraph. */
function headingText(e) {
  if (!e) return '';
  const raw = e.tag === 'markdown' ? e.content || '' : e.tag === 'div' ? textOf(e.text) : '';
  const bold = /\*\*(.+?)\*\*/.exec(raw);
  const words = (bold ? bold[1] : raw.split('\n')[0])
    .replace(/<[^>]*>/g, '')
    .replace(/[*_~`]/g, '')
    .trim();
  return words.length <= 20 ? words : '';
}

/**
 * What a person calls each named field of a form: its label, else the heading just above it (how cards
 * label selects and date pickers), else its placeholder or text — never its name.
 */
function fieldLabels(elements, labels = new Map()) {
  (elements || []).forEach((c, i) => {
    if (c.name && c.tag !== 'button')
      labels.set(
        c.name,
        textOf(c.label) ||
          headingText(elements[i - 1]) ||
          textOf(c.placeholder) ||
          textOf(c.text) ||
          '未命名的一项',
      );
    if (c.elements) fieldLabels(c.elements, labels);
    for (const col of c.columns || []) fieldLabels(col.elements, labels);
  });
  return labels;
}

/** The values typed into a rendered card's forms, to put back when the same card is drawn again. */
function captureValues(node) {
  const values = new Map();
  for (const f of node.querySelectorAll('form [name]'))
    values.set(`${f.form ? f.form.dataset.form : ''}\u0000${f.name}`, {
      value: f.value,
      checked: f.checked,
      selected: f.tagName === 'SELECT' ? [...f.selectedOptions].map((o) => o.value) : null,
    });
  return values;
}
function restoreValues(node, values) {
  for (const f of node.querySelectorAll('form [name]')) {
    const v = values.get(`${f.form ? f.form.dataset.form : ''}\u0000${f.name}`);
    if (!v) continue;
    if (f.type === 'checkbox') f.checked = v.checked;
    else if (v.selected) for (const o of f.options) o.selected = v.selected.includes(o.value);
    else f.value = v.value;
  }
}

function flatten(elements) {
  const out = [];
  for (const e of elements || []) {
    out.push(e);
    if (e.elements) out.push(...flatten(e.elements));
    if (e.columns) out.push(...flatten(e.columns));
  }
  return out;
}

function renderElements(elements, ctx) {
  return (elements || []).map((e) => renderElement(e, ctx));
}

function renderElement(e, ctx) {
  switch (e.tag) {
    case 'markdown':
      return markdown(e.content || '');
    case 'div':
      return el('div', {}, textOf(e.text));
    case 'hr':
      return el('hr');
    case 'img':
      // The uploaded image itself, shown small as Feishu shows a card's picture (a click opens it).
      return el(
        'a',
        { class: 'img', href: `/_emulator/files/${encodeURIComponent(e.img_key)}/raw`, target: '_blank' },
        el('img', { src: `/_emulator/files/${encodeURIComponent(e.img_key)}/raw`, alt: textOf(e.alt) }),
      );
    case 'column_set':
      return el(
        'div',
        { class: 'cols' },
        (e.columns || []).map((c) => el('div', {}, renderElements(c.elements, ctx))),
      );
    case 'column':
      return el('div', {}, renderElements(e.elements, ctx));
    case 'collapsible_panel':
    case 'interactive_container':
      return el('div', {}, renderElements(e.elements, ctx));
    case 'table':
      return el(
        'table',
        {},
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            (e.columns || []).map((c) => el('th', {}, c.display_name || c.name)),
          ),
        ),
        el(
          'tbody',
          {},
          (e.rows || []).map((r) =>
            el(
              'tr',
              {},
              (e.columns || []).map((c) => el('td', {}, r[c.name] ?? '')),
            ),
          ),
        ),
      );
    case 'chart':
      return renderChart(e.chart_spec || {});
    case 'button': {
      const kind = e.type || 'default';
      if (ctx.form && e.form_action_type) {
        return el(
          'button',
          {
            type: e.form_action_type === 'reset' ? 'reset' : 'submit',
            class: `btn-${kind}`,
            'data-name': e.name || '',
          },
          textOf(e.text),
        );
      }
      const url = ((e.behaviors || []).find((b) => b.type === 'open_url') || {}).default_url;
      return el(
        'button',
        {
          type: 'button',
          class: `btn-${kind}`,
          disabled: e.disabled,
          onclick: () =>
            url
              ? window.open(url, '_blank')
              : act(ctx.messageId, callbackValue(e), { tag: 'button', name: e.name }),
        },
        textOf(e.text),
      );
    }
    case 'form': {
      const components = flatten(e.elements).filter((c) => c.name && c.tag !== 'button');
      const labels = fieldLabels(e.elements);
      const form = el('form', { 'data-form': e.name }, renderElements(e.elements, { ...ctx, form: true }));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const button = ev.submitter;
        const spec = flatten(e.elements).find(
          (c) => c.tag === 'button' && (c.name || '') === (button && button.dataset.name),
        );
        const values = formValueOf(form, components);
        const unreadable = components.find(
          (c) =>
            PICKERS[c.tag] &&
            !values[c.name] &&
            form.querySelector(`[name="${CSS.escape(c.name)}"]`).value.trim(),
        );
        if (unreadable) {
          const kind = PICKERS[unreadable.tag];
          return toast(`${labels.get(unreadable.name)}应写作 ${kind.hint}，例如 ${kind.example}`, 'warning');
        }
        const empty = (v) => v === '' || v === false || (Array.isArray(v) && v.length === 0);
        const missing = components.filter((c) => c.required && empty(values[c.name]));
        if (missing.length)
          return toast(`请填写：${missing.map((c) => labels.get(c.name)).join('、')}`, 'warning');
        act(ctx.messageId, spec ? callbackValue(spec) : undefined, {
          tag: 'button',
          name: spec && spec.name,
          form_value: values,
        });
      });
      return form;
    }
    case 'input': {
      const attrs = {
        name: e.name,
        placeholder: textOf(e.placeholder),
        maxlength: e.max_length,
        required: false,
      };
      const field =
        e.input_type === 'multiline_text'
          ? el('textarea', { ...attrs, rows: e.rows || 3 }, e.default_value || '')
          : el('input', { ...attrs, value: e.default_value || '' });
      return el('label', {}, textOf(e.label) || '', field);
    }
    case 'select_static':
    case 'multi_select_static': {
      const multi = e.tag === 'multi_select_static';
      const options = e.options || [];
      const initial = multi
        ? e.selected_values || []
        : [e.initial_option ?? (e.initial_index ? (options[e.initial_index - 1] || {}).value : undefined)];
      const select = el(
        'select',
        { name: e.name, multiple: multi, disabled: e.disabled },
        multi ? null : el('option', { value: '' }, textOf(e.placeholder) || '请选择'),
        options.map((o) =>
          el('option', { value: o.value, selected: initial.includes(o.value) }, textOf(o.text)),
        ),
      );
      return el('label', {}, select);
    }
    case 'date_picker':
    case 'picker_time':
    case 'picker_datetime':
      return pickerField(e);
    case 'checker':
      return el(
        'label',
        {},
        el('input', { type: 'checkbox', name: e.name, checked: e.checked }),
        textOf(e.text),
      );
    default:
      // Never silence: an unknown component shows where it would be.
      return el('div', { class: 'placeholder' }, `[控制台尚不支持的组件：${e.tag}]`);
  }
}

/** A simple bar drawing of a VChart spec's first data series (category, or grouped categories → value). */
function renderChart(spec) {
  const values = (Array.isArray(spec.data) ? (spec.data[0] || {}).values : (spec.data || {}).values) || [];
  const fields = [].concat(spec.xField || 'x');
  const label = (v) => fields.map((f) => v[f]).join(' · ');
  const y = spec.yField || 'y';
  const max = Math.max(1, ...values.map((v) => Number(v[y]) || 0));
  return el(
    'div',
    { class: 'chart' },
    spec.title ? el('strong', {}, textOf(spec.title.text || spec.title)) : null,
    values.map((v) =>
      el(
        'div',
        { class: 'bar-row' },
        el('span', {}, String(label(v))),
        el('div', { class: 'bar', style: `width:${(200 * (Number(v[y]) || 0)) / max}px` }),
        el('span', {}, String(v[y])),
      ),
    ),
  );
}

function renderCard(card, m) {
  const box = el('div', { class: 'card', 'data-message-id': m.message_id });
  if (m.urgent.some((u) => u.openIds.includes(state.user.openId)))
    box.append(el('div', { class: 'urgent' }, '加急'));
  if (card.header) {
    box.append(
      el(
        'div',
        { class: `card-header tpl-${card.header.template || 'blue'}` },
        textOf(card.header.title),
        card.header.subtitle ? el('div', { class: 'sub' }, textOf(card.header.subtitle)) : null,
      ),
    );
  }
  box.append(
    el(
      'div',
      { class: 'card-body' },
      renderElements((card.body || {}).elements, { messageId: m.message_id }),
    ),
  );
  if (m.versions.length > 1)
    box.append(el('div', { class: 'versions' }, `已更新（共 ${m.versions.length} 个版本）`));
  return box;
}

function renderMessage(m) {
  const mine = m.sender.sender_type === 'user' && m.sender.id === state.user.openId;
  const who =
    m.sender.sender_type === 'app'
      ? '抽查助手'
      : (state.users.find((u) => u.openId === m.sender.id) || {}).name || m.sender.id;
  let body;
  if (m.msg_type === 'interactive') body = renderCard(m.content, m);
  else if (m.msg_type === 'text')
    body = el('div', { class: 'bubble' }, String(m.content.text || '').replace(/@_user_\d+/g, '@抽查助手'));
  else if (m.msg_type === 'image' && m.file)
    body = el(
      'div',
      { class: 'bubble image' },
      el('img', { src: `/_emulator/files/${encodeURIComponent(m.file.key)}/raw`, alt: m.file.name }),
    );
  else if (m.msg_type === 'file' && m.file)
    body = el(
      'div',
      { class: 'bubble file' },
      '文件：',
      el(
        'a',
        { href: `/_emulator/files/${encodeURIComponent(m.file.key)}/raw`, download: m.file.name },
        m.file.name,
      ),
      ` （${Math.max(1, Math.round(m.file.size / 1024))} KB）`,
    );
  else body = el('div', { class: 'bubble placeholder' }, `[${m.msg_type} 消息]`);
  return el('div', { class: `msg ${mine ? 'mine' : ''}` }, el('div', { class: 'who' }, who), body);
}

/** The largest attachment the console sends (the emulator takes request bodies up to 32 MB, base64 included). */
const MAX_ATTACHMENT = 20 * 1024 * 1024;

/**
 * Sends a file as the current user, as Feishu's chat does: a picture as an image message, anything
 * else as a file message (a pool spreadsheet to import, say).
 */
async function sendAttachment(file) {
  if (file.size === 0) throw new Error(`“${file.name}”是空文件`);
  if (file.size > MAX_ATTACHMENT) throw new Error(`“${file.name}”超过 20 MB，控制台无法发送`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  const attachment = { name: file.name, base64: btoa(binary), content_type: file.type || undefined };
  const kind = /^image\//.test(file.type) ? 'image' : 'file';
  await api('POST', 'messages', {
    open_id: state.user.openId,
    chat_id: state.chat ? state.chat.chatId : undefined,
    [kind]: attachment,
  });
}

/** How near the bottom (px) still counts as reading the newest messages. */
const NEAR_BOTTOM = 40;

/**
 * Draws the chat's messages. Unchanged messages keep their nodes (a form being filled in keeps its
 * values and focus); a message drawn again with the same card gets its typed values back. The pane
 * follows new messages only when it was at the bottom (or `toBottom`: a chat just opened, a message sent).
 */
function refresh(opts = {}) {
  state.refreshing = state.refreshing
    .then(() => draw(opts))
    .catch((e) => ($('status').textContent = e.message));
  return state.refreshing;
}

async function draw({ toBottom = false }) {
  if (!state.user) return;
  const { user, chat } = state;
  const query = chat ? `chat_id=${chat.chatId}` : `open_id=${user.openId}`;
  const messages = await api('GET', `messages?${query}`);
  if (state.user !== user || state.chat !== chat) return; // switched meanwhile: that draw is coming
  $('status').textContent = '';
  const box = $('messages');
  const follow = toBottom || box.scrollHeight - box.scrollTop - box.clientHeight <= NEAR_BOTTOM;
  const rendered = new Map();
  const nodes = messages.map((m) => {
    const content = JSON.stringify([m.msg_type, m.content, m.file]);
    const urgent = m.urgent.some((u) => u.openIds.includes(user.openId));
    const key = JSON.stringify([content, m.versions.length, urgent]);
    const old = state.rendered.get(m.message_id);
    let node = old && old.key === key ? old.node : null;
    if (!node) {
      node = renderMessage(m);
      if (old && old.content === content) restoreValues(node, captureValues(old.node));
    }
    rendered.set(m.message_id, { key, content, node });
    return node;
  });
  state.rendered = rendered;
  nodes.forEach((node, i) => {
    if (box.children[i] !== node) box.insertBefore(node, box.children[i] || null);
  });
  while (box.children.length > nodes.length) box.lastElementChild.remove();
  if (follow) box.scrollTop = box.scrollHeight;
}

async function loadChats() {
  state.chats = (await api('GET', 'chats')).filter(
    (c) => c.type === 'group' && c.members.includes(state.user.openId),
  );
  const items = [el('li', { 'data-chat': '', onclick: () => selectChat(null) }, '与抽查助手私聊')];
  for (const c of state.chats)
    items.push(el('li', { 'data-chat': c.chatId, onclick: () => selectChat(c) }, c.name));
  $('chats').replaceChildren(...items);
  selectChat(null);
}

function selectChat(chat) {
  state.chat = chat;
  state.rendered = new Map();
  $('messages').replaceChildren();
  $('chat-title').textContent = chat ? chat.name : '与抽查助手私聊';
  for (const li of $('chats').children)
    li.classList.toggle('active', li.dataset.chat === (chat ? chat.chatId : ''));
  refresh({ toBottom: true });
}

const WEEKDAYS = '日一二三四五六';

/** The bot's business time (the demo's clock), shown in Beijing time; hidden where it cannot move. */
async function showClock() {
  const c = await api('GET', 'clock');
  $('clock').hidden = !c.adjustable;
  const bj = new Date(c.now + 8 * 3600_000);
  $('clock-now').textContent =
    `${bj.toISOString().slice(0, 16).replace('T', ' ')} 周${WEEKDAYS[bj.getUTCDay()]}`;
}

/**
 * Moves the bot's clock forward `days` days, or ('next') to the next day on which the schedule sends
 * something; each day passed runs that day's schedule before the next.
 */
async function advanceClock(days) {
  const buttons = $('clock').querySelectorAll('button');
  buttons.forEach((b) => (b.disabled = true));
  $('clock-now').textContent = '推进中…';
  try {
    await api('POST', 'clock', days === 'next' ? { next_event: true } : { advance_days: days });
  } catch (e) {
    toast(e.message, 'error');
  }
  buttons.forEach((b) => (b.disabled = false));
  await showClock();
  await refresh();
}

async function start() {
  for (const b of $('clock').querySelectorAll('button'))
    b.addEventListener('click', () =>
      advanceClock(b.dataset.days === 'next' ? 'next' : Number(b.dataset.days)),
    );
  await showClock();
  state.users = await api('GET', 'users');
  $('user').replaceChildren(...state.users.map((u) => el('option', { value: u.openId }, u.name)));
  const wanted = new URLSearchParams(location.search).get('user');
  state.user = state.users.find((u) => u.name === wanted) || state.users[0];
  $('user').value = state.user.openId;
  $('user').addEventListener('change', () => {
    state.user = state.users.find((u) => u.openId === $('user').value);
    state.rendered = new Map();
    loadChats();
  });
  $('composer').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const text = $('text').value.trim();
    if (!text) return;
    $('text').value = '';
    try {
      await api('POST', 'messages', {
        open_id: state.user.openId,
        chat_id: state.chat ? state.chat.chatId : undefined,
        text,
      });
    } catch (e) {
      toast(e.message, 'error');
    }
    refresh({ toBottom: true });
  });
  $('attach').addEventListener('change', async () => {
    const input = $('attach');
    const file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    try {
      await sendAttachment(file);
    } catch (e) {
      toast(e.message, 'error');
    }
    refresh({ toBottom: true });
  });
  await loadChats();
  setInterval(() => refresh(), 1000);
}

start().catch((e) => toast(e.message, 'error'));
