// The emulator's chat console: pick a user, see their chats, type messages, see the bot's cards
// rendered (the card 2.0 subset the bot uses), click buttons and submit forms. Plain DOM, no
// framework, no CDN; every text goes through textContent or escaping.
'use strict';

const $ = (id) => document.getElementById(id);
const state = { users: [], chats: [], user: null, chat: null, lastRender: '' };

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

/** The markdown subset cards use: bold, italics, links, line breaks, <font color>; escaped first. */
function markdown(text) {
  const div = el('div', { class: 'md' });
  div.innerHTML = escapeHtml(text)
    .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
    .replace(/\*(.+?)\*/g, '<em>$1</em>')
    .replace(/\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>')
    .replace(
      /&lt;font color=&#39;?&quot;?(\w+)&#39;?&quot;?&gt;(.*?)&lt;\/font&gt;/g,
      '<span style="color:$1">$2</span>',
    )
    .replace(/\n/g, '<br>');
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
  await refresh(true);
}

const callbackValue = (c) => ((c.behaviors || []).find((b) => b.type === 'callback') || {}).value;

/** Date values in callbacks look like the client's: "2024-04-01 +0800". */
function formValueOf(form, components) {
  const values = {};
  for (const c of components) {
    const input = form.querySelector(`[name="${CSS.escape(c.name)}"]`);
    if (!input) continue;
    if (c.tag === 'multi_select_static') values[c.name] = [...input.selectedOptions].map((o) => o.value);
    else if (c.tag === 'date_picker') values[c.name] = input.value ? `${input.value} +0800` : '';
    else if (c.tag === 'picker_time') values[c.name] = input.value ? `${input.value} +0800` : '';
    else if (c.tag === 'picker_datetime')
      values[c.name] = input.value ? `${input.value.replace('T', ' ')} +0800` : '';
    else if (c.tag === 'checker') values[c.name] = input.checked;
    else values[c.name] = input.value;
  }
  return values;
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
      return el('div', { class: 'img' }, `[图片 ${e.img_key}] ${textOf(e.alt)}`);
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
      const form = el('form', { 'data-form': e.name }, renderElements(e.elements, { ...ctx, form: true }));
      form.addEventListener('submit', (ev) => {
        ev.preventDefault();
        const button = ev.submitter;
        const spec = flatten(e.elements).find(
          (c) => c.tag === 'button' && (c.name || '') === (button && button.dataset.name),
        );
        const missing = components.filter((c) => c.required && !formValueOf(form, [c])[c.name]);
        if (missing.length)
          return toast(
            `请填写：${missing.map((c) => textOf(c.label) || textOf(c.placeholder) || c.name).join('、')}`,
            'warning',
          );
        act(ctx.messageId, spec ? callbackValue(spec) : undefined, {
          tag: 'button',
          name: spec && spec.name,
          form_value: formValueOf(form, components),
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
      const select = el(
        'select',
        { name: e.name, multiple: e.tag === 'multi_select_static' },
        e.tag === 'select_static' ? el('option', { value: '' }, textOf(e.placeholder) || '请选择') : null,
        (e.options || []).map((o) =>
          el('option', { value: o.value, selected: o.value === e.initial_option }, textOf(o.text)),
        ),
      );
      return el('label', {}, select);
    }
    case 'date_picker':
      return el(
        'label',
        {},
        textOf(e.placeholder),
        el('input', { type: 'date', name: e.name, value: e.initial_date || '' }),
      );
    case 'picker_time':
      return el('label', {}, textOf(e.placeholder), el('input', { type: 'time', name: e.name }));
    case 'picker_datetime':
      return el('label', {}, textOf(e.placeholder), el('input', { type: 'datetime-local', name: e.name }));
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

async function refresh(force) {
  if (!state.user) return;
  const query = state.chat ? `chat_id=${state.chat.chatId}` : `open_id=${state.user.openId}`;
  const messages = await api('GET', `messages?${query}`);
  const key = JSON.stringify(messages.map((m) => [m.message_id, m.update_time, m.urgent.length]));
  if (!force && key === state.lastRender) return;
  state.lastRender = key;
  const box = $('messages');
  const active = document.activeElement && box.contains(document.activeElement);
  if (active && !force) return; // do not wipe a form the user is filling in
  box.replaceChildren(...messages.map(renderMessage));
  box.scrollTop = box.scrollHeight;
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
  state.lastRender = '';
  $('chat-title').textContent = chat ? chat.name : '与抽查助手私聊';
  for (const li of $('chats').children)
    li.classList.toggle('active', li.dataset.chat === (chat ? chat.chatId : ''));
  refresh(true);
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

/** Moves the bot's clock forward; each day passed runs that day's schedule before the next. */
async function advanceClock(days) {
  const buttons = $('clock').querySelectorAll('button');
  buttons.forEach((b) => (b.disabled = true));
  $('clock-now').textContent = '推进中…';
  try {
    await api('POST', 'clock', { advance_days: days });
  } catch (e) {
    toast(e.message, 'error');
  }
  buttons.forEach((b) => (b.disabled = false));
  await showClock();
  await refresh(true);
}

async function start() {
  for (const b of $('clock').querySelectorAll('button'))
    b.addEventListener('click', () => advanceClock(Number(b.dataset.days)));
  await showClock();
  state.users = await api('GET', 'users');
  $('user').replaceChildren(...state.users.map((u) => el('option', { value: u.openId }, u.name)));
  const wanted = new URLSearchParams(location.search).get('user');
  state.user = state.users.find((u) => u.name === wanted) || state.users[0];
  $('user').value = state.user.openId;
  $('user').addEventListener('change', () => {
    state.user = state.users.find((u) => u.openId === $('user').value);
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
    refresh(true);
  });
  await loadChats();
  setInterval(() => refresh(false).catch((e) => ($('status').textContent = e.message)), 1000);
}

start().catch((e) => toast(e.message, 'error'));
