import { shanghaiDateTime } from '../../domain/calendar';
import { ITEM_CATEGORIES } from '../../domain/plan-template';
import type { PublicView } from '../../domain/publication';
import type { PublicDraw } from '../../domain/publication-draw';
import { DISQUALIFICATION_TEXT, type Disqualification } from '../../domain/qualification';
import { correctedLine, objectionLine } from '../../domain/objection';
import { Markup, markup } from './markup';

/**
 * The public page's HTML, a pure function of the view: server-rendered, one stylesheet
 * (`/public/style.css`) and one script, `/public/verify.js` (the draw verifier for 在线核验,
 * src/browser/verify-page.ts), which only adds that button: everything else works without script.
 * Every interpolated value is escaped by the `markup` tag (./markup.ts).
 */

/** The page's address with these parameters (empty ones left out). */
export function publicHref(params: { year?: number; q?: string; page?: number }, hash = ''): string {
  const search = new URLSearchParams();
  if (params.year) search.set('year', String(params.year));
  if (params.q) search.set('q', params.q);
  if (params.page && params.page > 1) search.set('page', String(params.page));
  const s = search.toString();
  return `/public${s ? `?${s}` : ''}${hash}`;
}

export const recordHref = (drawNo: string) => `/public/draws/${encodeURIComponent(drawNo)}/record.json`;

const dash = (text: string | null | undefined) => (text ? text : '—');
const SELECTED = new Markup(' selected');
const OPEN = new Markup(' open');

/** The script of 在线核验 (src/app/public-page.ts serves it; the page's CSP allows only it). */
export const VERIFY_SCRIPT_PATH = '/public/verify.js';
const VERIFY_SCRIPT = markup`
<script src="${VERIFY_SCRIPT_PATH}" defer></script>`;

function layout(title: string, body: Markup, script: Markup | '' = ''): string {
  return `<!doctype html>\n${
    markup`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<link rel="stylesheet" href="/public/style.css">${script}
</head>
<body>
${body}
</body>
</html>
`.text
  }`;
}

/** The whole public page of one year (and one search). */
export function renderPublicPage(view: PublicView, bureau: string): string {
  const { year, query } = view;
  const title = `${bureau}“双随机、一公开”抽查信息公示`;
  return layout(
    `${title}（${year} 年）`,
    markup`<header>
<h1>${title}</h1>
${view.plan ? markup`<p class="muted">依据：${view.plan.content.basedOn}${(view.plan.content.amends ?? []).map((a) => markup`（调整前：${a.docNumber}，${a.effectiveOn} 起施行）`)}</p>` : ''}
<form method="get" action="/public" role="search">
<label>年度 <select name="year">${view.years.map(
      (y) => markup`<option value="${y}"${y === year ? SELECTED : ''}>${y} 年</option>`,
    )}</select></label>
<label>检查对象 <input type="search" name="q" value="${query}" maxlength="100" placeholder="名称或统一社会信用代码"></label>
<button type="submit">查询</button>
${query ? markup`<a href="${publicHref({ year })}">清除查询</a>` : ''}
</form>
<nav><a href="#plan">年度抽查计划</a> · <a href="#draws">抽取公示</a> · <a href="#results">抽查结果公示</a> · <a href="#verify">如何验证抽取</a></nav>
</header>
<main>
${query ? markup`<p class="notice" id="search-summary">查询“${query}”：抽查结果 ${view.results.total} 条，抽取 ${view.draws.length} 次。</p>` : ''}
${planSection(view)}
${drawsSection(view)}
${resultsSection(view)}
${verifySection()}
</main>
<footer><p class="muted">本页只公开年度抽查计划、每一次抽取发起的验证数据和已审核并公示的抽查结果；抽查结果按公示表公开检查结果、后续处置和整改情况；检查人员的联系方式、检查记录中的问题描述、审核时的意见和检查对象的地址、电话不予公开。</p>
${auditHeadLine(view)}</footer>`,
    VERIFY_SCRIPT,
  );
}

/** 审计日志截至第 N 条，哈希 …（时间）: the log's head, published (the text of `describeHead`). */
function auditHeadLine({ auditHead: h }: PublicView): Markup | '' {
  return h
    ? markup`<p class="muted" id="audit-head">审计日志截至第 ${h.seq} 条，哈希 <code>${h.hash}</code>（${shanghaiDateTime(new Date(h.at))}）</p>`
    : '';
}

function planSection(view: PublicView): Markup {
  const plan = view.plan;
  if (!plan)
    return markup`<section id="plan"><h2>${view.year} 年度抽查计划</h2><p class="empty">本年度的抽查计划尚未公示。</p></section>`;
  return markup`<section id="plan">
<h2>${view.year} 年度随机抽查事项清单</h2>
<p class="muted">${plan.content.bureau}，公示日期 ${plan.publishedOn}</p>
<div class="scroll"><table class="plan">
<thead><tr><th>序号</th><th>事项</th><th>依据</th><th>检查主体</th><th>类别</th><th>检查对象</th><th>比例</th><th>频次</th><th>方式</th><th>责任单位</th><th>轮次日期</th></tr></thead>
<tbody>${plan.content.items.map(
    (i) => markup`<tr>
<td>${i.seq}</td><td>${i.name}</td><td class="basis">${i.basis}</td><td>${i.inspectingBody}</td><td>${ITEM_CATEGORIES[i.category as keyof typeof ITEM_CATEGORIES] ?? i.category}</td><td>${i.targetType}</td><td>${i.ratioText}</td><td>${i.frequencyText}</td><td>${i.methods.join('、')}</td><td>${i.unit}</td>
<td><ul class="rounds">${i.rounds.map((r) => markup`<li>第 ${r.round} 轮：${r.drawBy} 前抽取，${r.deadline} 前完成</li>`)}</ul></td>
</tr>`,
  )}</tbody>
</table></div>
</section>`;
}

const STATUS_TEXT: Record<string, string> = {
  proposed: '已发起，待提交审批',
  submitted: '待审批',
  approved: '已批准',
  dispatched: '已批准并派发',
  rejected: '已驳回',
  cancelled: '已取消',
  failed: '无法抽取',
};
const ENDED_BY: Record<string, string> = {
  approved: '批准',
  dispatched: '批准',
  rejected: '驳回',
  cancelled: '取消',
  failed: '判定无法抽取',
};
const code = (value: string | null | undefined) => (value ? markup`<code>${value}</code>` : '—');

function drawArticle(
  { content: d, publishedOn, shown, more }: PublicView['draws'][number],
  searching: boolean,
) {
  const v2 = d.commitment !== null;
  const drawn = d.status === 'dispatched' || d.status === 'approved';
  const decision = d.decision;
  return markup`<article class="draw status-${d.status}" id="draw-${d.drawNo}">
<h3>${d.drawNo} · ${d.itemName} · 第 ${d.round} 轮 · 第 ${d.attempt} 次发起 <span class="status">${STATUS_TEXT[d.status] ?? d.status}</span>${d.late ? markup` <span class="status late">逾期抽取</span>` : ''}</h3>
<dl>
<dt>发起日期</dt><dd>${d.drawnOn}</dd>
${d.proposedBy ? markup`<dt>发起人</dt><dd>${d.proposedBy}</dd>` : ''}
<dt>责任单位</dt><dd>${d.unit}</dd>
<dt>对象库户数</dt><dd>${d.poolSize}</dd>
<dt>${drawn ? '抽取户数' : '计划抽取户数'}</dt><dd>${d.count}</dd>
${d.notes.length ? markup`<dt>说明</dt><dd>${d.notes.join('；')}</dd>` : ''}
${decision ? markup`<dt>${ENDED_BY[decision.status] ?? '决定'}</dt><dd>${decision.by}，${decision.on}${decision.reason ? markup`；理由：<span class="reason">${decision.reason}</span>` : ''}</dd>` : ''}
<dt>算法版本</dt><dd>${d.algorithmVersion}</dd>
${
  v2
    ? markup`<dt>发起承诺值</dt><dd><code class="commitment">${d.commitment}</code></dd>
<dt>系统密钥承诺</dt><dd><code class="secret-commitment">${d.seedCommitment}</code></dd>
<dt>系统密钥</dt><dd class="secret">${d.secret ? code(d.secret) : '（抽取结束或批准时公开）'}</dd>
<dt>审批随机码</dt><dd class="phrase">${d.phrase ?? (drawn ? '—' : '（批准时由审批人输入）')}</dd>`
    : markup`<dt>种子承诺值</dt><dd><code class="commitment">${d.seedCommitment}</code></dd>`
}
<dt>随机种子</dt><dd>${d.seed ? markup`<code class="seed">${d.seed}</code>` : v2 ? '（批准时产生）' : '—'}</dd>
<dt>对象库哈希</dt><dd>${code(d.hashes.pool)}</dd>
<dt>执法人员名单哈希</dt><dd>${code(d.hashes.officers)}</dd>
${d.hashes.recusals ? markup`<dt>回避承诺哈希</dt><dd>${code(d.hashes.recusals)}</dd>` : ''}
<dt>输入哈希</dt><dd>${code(d.hashes.inputs)}</dd>
<dt>公示日期</dt><dd>${publishedOn}</dd>
</dl>
<p class="verify"><a class="record" href="${recordHref(d.drawNo)}" download>下载抽取记录（JSON，用于验证）</a>
<button type="button" data-verify="${recordHref(d.drawNo)}" hidden>在线核验</button>
<output class="verdict" aria-live="polite"></output></p>
${
  d.status === 'dispatched'
    ? markup`<details${searching ? OPEN : ''}>
<summary>${searching ? `匹配的检查对象（${shown.length} 户，本次共抽中 ${d.targets.length} 户）` : `抽中的检查对象（${d.targets.length} 户）`}</summary>
<ol class="targets">${shown.map((t) => markup`<li>${t.name}（${t.creditCode}）</li>`)}</ol>
${more > 0 && !searching ? markup`<p class="muted">另有 ${more} 户未在此列出，完整名单见抽取记录。</p>` : ''}
</details>`
    : ''
}
${d.reassignments?.length ? reassignmentsPart(d.reassignments) : ''}
</article>`;
}

/** 改派: each replaced inspector, the candidates, the commitments and — once decided — how the pick follows. */
function reassignmentsPart(list: NonNullable<PublicDraw['reassignments']>) {
  return markup`<details class="reassignments"><summary>改派记录（${list.length}）</summary>
${list.map((r) => {
  const name = (k: string) => r.names[k] ?? k;
  return markup`<dl class="reassignment">
<dt>任务</dt><dd>${r.taskNo}（${r.targetName}）</dd>
<dt>原检查人员</dt><dd>${name(r.inputs.replaced)}：${DISQUALIFICATION_TEXT[r.inputs.reason as Disqualification] ?? r.inputs.reason}（${r.inputs.date} 发现，任务期限 ${r.inputs.deadline}）</dd>
<dt>候选人员（${r.inputs.candidates.length} 人）</dt><dd>${r.inputs.candidates.map(name).join('、')}</dd>
<dt>改派承诺值</dt><dd>${code(r.commitment)}</dd>
<dt>系统密钥承诺</dt><dd>${code(r.secretCommitment)}</dd>
<dt>系统密钥</dt><dd>${r.secret ? code(r.secret) : '（改派时公开）'}</dd>
<dt>改派随机码</dt><dd>${r.phrase ?? '（改派时由单位负责人输入）'}</dd>
<dt>随机种子</dt><dd>${code(r.seed)}</dd>
<dt>改派为</dt><dd>${r.picked ? markup`${name(r.picked)}（${r.decidedBy ?? ''}，${r.decidedOn ?? ''}）` : '（待改派）'}</dd>
</dl>`;
})}
</details>`;
}

function drawsSection(view: PublicView): Markup {
  const searching = Boolean(view.query);
  const draws = view.draws.map((d) => drawArticle(d, searching));
  const empty = searching ? '没有抽中该检查对象的抽取。' : '本年度尚无抽取。';
  return markup`<section id="draws">
<h2>抽取公示（${view.draws.length} 次发起）</h2>
<p class="muted">每一次发起都在此公示，无论其后被批准、驳回、取消还是无法抽取；结束的发起公开其系统密钥和结束理由。</p>
${draws.length ? draws : markup`<p class="empty">${empty}</p>`}
${
  view.waivers.length && !searching
    ? markup`<h3>免于抽查（${view.waivers.length} 轮）</h3>
<ul class="waivers">${view.waivers.map(
        ({ content: w }) =>
          markup`<li>${w.itemName} ${w.year} 年第 ${w.round} 轮（应于 ${w.drawBy} 前抽取）：${w.decidedBy} 于 ${w.decidedOn} 决定免于抽查，理由：${w.reason}</li>`,
      )}</ul>`
    : ''
}
</section>`;
}

function resultsSection(view: PublicView): Markup {
  const { rows, total, page, pages } = view.results;
  const link = (p: number, text: string) =>
    markup`<a href="${publicHref({ year: view.year, q: view.query, page: p }, '#results')}">${text}</a>`;
  const empty = view.query ? '没有该检查对象已公示的抽查结果。' : '本年度尚无已公示的抽查结果。';
  const table = markup`<div class="scroll"><table class="results">
<thead><tr><th>事项</th><th>检查对象</th><th>统一社会信用代码</th><th>检查日期</th><th>检查方式</th><th>检查结果</th><th>后续处置</th><th>整改情况</th><th>检查人员</th><th>检查机关/单位</th><th>公示日期</th></tr></thead>
<tbody>${rows.map(
    ({ content: r, publishedOn }) => markup`<tr>
<td>${r.itemName}</td><td>${r.targetName}</td><td>${r.creditCode}</td><td class="date">${r.inspectedOn}</td><td>${r.method}</td><td>${r.resultCategory}${resultNotes(r)}</td><td>${dash(r.followUp)}</td><td>${dash(r.rectification)}</td><td>${dash(r.inspectors.join('、'))}</td><td>${r.authority} ${r.unitName}</td><td class="date">${publishedOn}</td>
</tr>`,
  )}</tbody>
</table></div>`;
  return markup`<section id="results">
<h2>抽查结果公示表</h2>
<p class="count">共 ${total} 条${pages > 1 ? `，第 ${page} / ${pages} 页` : ''}</p>
${total ? table : markup`<p class="empty">${empty}</p>`}
${pages > 1 ? markup`<nav class="pages">${page > 1 ? link(page - 1, '上一页') : ''} ${page < pages ? link(page + 1, '下一页') : ''}</nav>` : ''}
</section>`;
}

/** 异议 and 更正 beside a result: its objection's state, and the versions it replaced, each marked 已更正. */
function resultNotes(r: PublicView['results']['rows'][number]['content']) {
  return markup`${r.objection ? markup`<br><span class="objection">${objectionLine(r.objection)}</span>` : ''}${
    r.history?.length
      ? markup`<details class="history"><summary>第 ${r.version ?? r.history.length + 1} 版，原结果已更正</summary>${r.history.map(
          (h) => markup`<p>${correctedLine(h)}</p>`,
        )}</details>`
      : ''
  }`;
}

function verifySection(): Markup {
  return markup`<section id="verify">
<h2>如何验证一次抽取</h2>
<p>抽取算法 DRAW-2 保证：发起时只公布对象库、人员名单、规则的哈希和系统密钥的承诺值，不产生任何抽取结果；批准时，审批人输入的随机码与这把已承诺的密钥共同生成随机种子，结果才第一次产生并立即固定。因此批准前，发起人、审批人和系统管理员都无法看到或挑选结果；任何一次重新发起都会在本页留下记录。不能保证的是：审批人与系统管理员串通；系统管理员在批准时拦下审批、等待审批人换一个随机码重试（审批人应始终输入同一个随机码重试）。</p>
<ol>
<li>下载该次抽取的记录（JSON）。记录包含发起时的对象库快照、执法人员名单、回避承诺值、抽取规则、承诺值，以及结束后公开的系统密钥、审批随机码、随机种子和抽取结果。</li>
<li>核对记录中的发起承诺值与本页发起时公布的一致；系统密钥的 SHA-256 应等于系统密钥承诺。</li>
<li>重新计算：点击该次抽取下的“在线核验”，您的浏览器下载这份记录，用与验证程序相同的代码在本机重新计算，除下载这份记录外不向服务器发出任何请求。离线验证程序 <code>npm run verify-draw -- 记录文件.json</code> 运行的是同一份代码，不依赖本站、不需联网，做同样的核验。显示“一致”即表示结果可由公开的输入、系统密钥与审批随机码完全重现。</li>
<li>也可按公开的算法说明（docs/draw-algorithm.md，算法版本 DRAW-2，附 JSON Schema 和测试向量）自行实现并比对。</li>
</ol>
</section>`;
}

/** A short page for errors and refusals (unknown draw, method not allowed). */
export function renderPublicMessage(title: string, message: string): string {
  return layout(
    title,
    markup`<main><h1>${title}</h1><p>${message}</p><p><a href="/public">返回公示首页</a></p></main>`,
  );
}
