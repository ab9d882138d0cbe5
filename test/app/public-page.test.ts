import { targetsWhere } from '../helpers/targets';
import { findTarget } from '../../src/services/target-registry';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicRoutes } from '../../src/app/public-page';
import { renderPublicPage } from '../../src/adapters/http/public-html';
import { createHttpServer } from '../../src/adapters/http/server';
import { PROJECT_ROOT } from '../../src/config/paths';
import { loadDemoData } from '../../src/demo/load-demo';
import { verifyDrawRecord } from '../../src/domain/draw/verify';
import type { RecordV2 } from '../../src/domain/draw/v2/schema';
import type { PublicResult } from '../../src/domain/publication';
import { storedPublicDraw, type PublicDraw } from '../../src/domain/publication-draw';
import { publicationsChanged, publishResults } from '../../src/services/publications';
import { queryLog } from '../helpers/query-log';
import type { PublicView } from '../../src/services/public-view';
import { fileReport, reviewReport } from '../../src/services/reports';
import { demoDraw, demoReport } from '../helpers/publications';
import { useTestDb } from '../helpers/services';

const NOW = new Date('2026-12-01T02:00:00Z');
const LATER = new Date('2026-12-03T02:00:00Z');
/** The cells of each row of the table with this class, entities decoded. */
function tableRows(html: string, cls: string): string[][] {
  const table = new RegExp(`<table class="${cls}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1]!)),
  );
}
/** Every script element's start tag. */
const scripts = (html: string) => html.match(/<script\b[^>]*>/gi) ?? [];
const VERIFY_SCRIPT_TAG = '<script src="/public/verify.js" defer>';
const decode = (s: string) =>
  s
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();

describe('the public page (一公开) on FerretDB', () => {
  const db = useTestDb({ monitorCommands: true });
  let server: Server;
  const base = () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const get = (path: string, init?: RequestInit) => fetch(`${base()}${path}`, init);
  const page = async (query = '') => {
    const res = await get(`/public${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    return res.text();
  };

  const drawNos: string[] = [];
  let undispatched: string;
  let tasks: { taskNo: string; inspectorKeys: string[]; targetName: string; targetCreditCode: string }[];
  /** [published, returned, accepted but pending, reported only] */
  let published: (typeof tasks)[number];
  let returned: (typeof tasks)[number];
  let pending: (typeof tasks)[number];

  beforeAll(async () => {
    const { models } = db();
    await loadDemoData(models, mkdtempSync(join(tmpdir(), 'public-page-')), 2026, NOW);
    drawNos.push(await demoDraw(models, 'hotels', NOW), await demoDraw(models, 'entertainment', NOW));
    undispatched = await demoDraw(models, 'scrap-metal', NOW, { dispatch: false });
    tasks = await models.Task.find(
      { drawNo: drawNos[0] },
      { taskNo: 1, inspectorKeys: 1, targetName: 1, targetCreditCode: 1 },
    )
      .sort({ taskNo: 1 })
      .lean();
    // A target may be in both pools (a hotel with a KTV) and drawn twice: use targets of one draw only,
    // so a search for one names exactly one draw.
    const other = new Set(
      (await models.Task.find({ drawNo: drawNos[1] }, { targetCreditCode: 1 }).lean()).map(
        (t) => t.targetCreditCode,
      ),
    );
    tasks = tasks.filter((t) => !other.has(t.targetCreditCode));
    [published, returned, pending] = tasks as [typeof published, typeof returned, typeof pending];
    const reported = tasks[3]!;
    for (const t of [published, returned, pending, reported])
      await fileReport(models, t.taskNo, t.inspectorKeys[0]!, demoReport(`内部检查记录-${t.taskNo}`), NOW);
    await reviewReport(models, returned.taskNo, 'name:彭世杰', 'return', '退回意见：照片不清', NOW);
    await reviewReport(models, published.taskNo, 'name:彭世杰', 'accept', '审核意见：内部备注', NOW);
    await reviewReport(models, pending.taskNo, 'name:彭世杰', 'accept', '审核意见：另一条', NOW);
    expect(await publishResults(models, [published.taskNo], 'name:彭世杰', LATER)).toEqual([
      published.taskNo,
    ]);

    server = createHttpServer({}, publicRoutes(models, { now: () => NOW }));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
  }, 120_000);
  afterAll(() => new Promise((r) => server?.close(r)));

  it('shows the plan’s six items with their ratios, frequencies, methods and rounds', async () => {
    const html = await page();
    const rows = tableRows(html, 'plan');
    const plan = (await db().models.Publication.findOne({ _id: 'plan-2026' }).lean())!;
    const items = (plan.content as { items: { name: string; ratioText: string; frequencyText: string }[] })
      .items;
    expect(rows).toHaveLength(6);
    expect(rows.map((r) => [r[1], r[6], r[7]])).toEqual(
      items.map((i) => [i.name, i.ratioText, i.frequencyText]),
    );
    expect(rows[2]).toEqual(
      expect.arrayContaining([
        '3',
        '旅馆业',
        '一般检查事项和重点检查事项相结合',
        '现场检查、书面检查',
        '治安大队',
        expect.stringMatching(/^第 1 轮：2026-\d\d-\d\d 前抽取/),
      ]),
    );
    expect(html).toContain('<title>洛阳市公安局偃师分局“双随机、一公开”抽查信息公示（2026 年）</title>');
    expect(scripts(html)).toEqual([VERIFY_SCRIPT_TAG]);
  });

  it('serves its one script, the draw verifier, under a CSP that allows only that script', async () => {
    const { models } = db();
    const res = await get('/public');
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    );
    const html = await res.text();
    for (const drawNo of [...drawNos, undispatched])
      expect(html).toContain(
        `<button type="button" data-verify="/public/draws/${drawNo}/record.json" hidden>在线核验</button>\n<output class="verdict" aria-live="polite"></output>`,
      );

    const js = await get('/public/verify.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('x-content-type-options')).toBe('nosniff');
    expect(js.headers.get('content-encoding')).toBe('gzip'); // fetch asked for it, and unzips it
    const text = await js.text();
    expect(text.length).toBeGreaterThan(10_000);
    // The verifier's own strings, and nothing Node-only left to load.
    for (const s of ['ssj-draw-record/2', 'ssj-draw-2/seed', '核验中…', '不一致：'])
      expect(text).toContain(s);
    expect(text).not.toMatch(/\brequire\(|["']node:|process\.env|__dirname/);
    // No secret: not the draws' secrets or recusal keys (the open attempt's is still secret), no path.
    const stored = await models.Draw.find({}).select('+secret +recusalKey').lean();
    const secrets = stored.flatMap((d) => [d.secret, d.recusalKey]).filter((s): s is string => Boolean(s));
    expect(secrets.length).toBeGreaterThanOrEqual(2 * stored.length);
    expect(secrets.filter((s) => text.includes(s))).toEqual([]);
    expect(text).not.toContain(PROJECT_ROOT);

    // Built once: revalidated by its ETag, the same bytes uncompressed, HEAD without a body.
    const etag = js.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"[\w-]{27}"$/);
    const again = await get('/public/verify.js', { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    const plain = await get('/public/verify.js', { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('etag')).toBe(etag);
    expect(await plain.text()).toBe(text);
    const head = await get('/public/verify.js', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('shows exactly the published results — never a pending, returned or unreviewed one', async () => {
    const { models } = db();
    const html = await page();
    const pubs = await models.Publication.find({ kind: 'result', status: 'published' }).lean();
    expect(pubs.map((p) => p.subject)).toEqual([published.taskNo]);
    const expected = pubs.map((p) => {
      const r = p.content as PublicResult;
      return [
        r.itemName,
        r.targetName,
        r.creditCode,
        r.inspectedOn,
        r.method,
        r.resultCategory,
        r.followUp,
        r.rectification,
        r.inspectors.join('、'),
        `${r.authority} ${r.unitName}`,
        p.publishedOn,
      ];
    });
    expect(tableRows(html, 'results')).toEqual(expected);
    expect(expected[0]).toEqual(
      expect.arrayContaining([published.targetName, published.targetCreditCode, '2026-12-03']),
    );
    expect(html).toContain('共 1 条');
    // The pending result exists in the database and is still not on the page.
    expect(await models.Publication.countDocuments({ kind: 'result', status: 'pending' })).toBe(1);
    const results = html.slice(html.indexOf('id="results"'));
    for (const t of [returned, pending, tasks[3]!]) {
      expect(results).not.toContain(t.targetCreditCode);
      expect(results).not.toContain(t.taskNo);
    }
  });

  it('never shows a private field: mobiles, findings, review comments, addresses, phones', async () => {
    const { models } = db();
    const html = await page();
    const drawnCodes = (await models.Task.find({}, { targetCreditCode: 1 }).lean()).map(
      (t) => t.targetCreditCode,
    );
    const targets = await targetsWhere(models, (t) => drawnCodes.includes(t.creditCode));
    const inspectors = await models.Person.find(
      { key: { $in: tasks.flatMap((t) => t.inspectorKeys) } },
      { mobile: 1 },
    ).lean();
    const reports = await models.Report.find({}, { findings: 1, review: 1 }).lean();
    const secrets = [
      ...targets.flatMap((t) => [t.address, t.phone]),
      ...inspectors.map((p) => p.mobile),
      ...reports.flatMap((r) => [r.findings, r.review?.comment]),
      '内部检查记录',
      '内部备注',
      '照片不清',
    ].filter((s): s is string => Boolean(s));
    expect(secrets.length).toBeGreaterThan(40);
    const leaked = secrets.filter((s) => html.includes(s));
    expect(leaked).toEqual([]);
    // Legal representatives' names too (unless a published name happens to be the same).
    const shown = JSON.stringify(await models.Publication.find({ status: 'published' }).lean());
    for (const t of targets)
      if (t.legalRepresentative && !shown.includes(t.legalRepresentative))
        expect(html).not.toContain(t.legalRepresentative);
  });

  it('shows every attempt with its verification data; an open one without its secret or any target', async () => {
    const { models } = db();
    const html = await page();
    const articleOf = (drawNo: string) =>
      new RegExp(`<article class="draw status-\\w+" id="draw-${drawNo}">([\\s\\S]*?)</article>`).exec(
        html,
      )?.[1];
    for (const drawNo of drawNos) {
      const d = storedPublicDraw(
        (await models.Publication.findOne({ _id: `draw-${drawNo}` }).lean())!.content as PublicDraw,
      );
      const article = articleOf(drawNo);
      expect(article).toBeDefined();
      for (const v of [
        d.seed,
        d.secret,
        d.phrase,
        d.seedCommitment,
        d.commitment,
        d.hashes.pool,
        d.hashes.officers,
        d.hashes.recusals,
        d.hashes.inputs,
        d.algorithmVersion,
      ])
        expect(article).toContain(v);
      for (const t of d.targets) expect(article).toContain(t.creditCode);
      expect(article).toContain(`href="/public/draws/${drawNo}/record.json"`);
    }
    expect(html).toContain('抽取公示（3 次发起）');
    // The attempt still awaiting approval: its commitments, no secret, no target.
    const open = articleOf(undispatched)!;
    const stored = (await models.Draw.findOne({ drawNo: undispatched })
      .select('+secret +recusalKey')
      .lean())!;
    expect(open).toContain(stored.commitment!);
    expect(open).toContain('待提交审批');
    expect(open).toContain('（批准时产生）');
    expect(html).not.toContain(stored.secret!);
    expect(html).not.toContain(stored.recusalKey!);
    expect(open).not.toContain('抽中的检查对象');
  });

  it('searches results and draws by target name or credit code, in any case', async () => {
    const byName = await page(`?q=${encodeURIComponent(published.targetName)}`);
    expect(tableRows(byName, 'results').map((r) => r[2])).toEqual([published.targetCreditCode]);
    expect(byName).toContain(`id="draw-${drawNos[0]}"`);
    expect(byName).not.toContain(`id="draw-${drawNos[1]}"`);
    expect(byName).toContain('抽取 1 次');

    const byCode = await page(`?q=${published.targetCreditCode.toLowerCase()}`);
    expect(tableRows(byCode, 'results').map((r) => r[1])).toEqual([published.targetName]);

    // Drawn but its result not published: the draw shows it, the results do not.
    const drawnOnly = await page(`?q=${pending.targetCreditCode}`);
    expect(tableRows(drawnOnly, 'results')).toEqual([]);
    expect(drawnOnly).toContain('没有该检查对象已公示的抽查结果');
    expect(drawnOnly).toContain(`id="draw-${drawNos[0]}"`);

    // A draw is found by its number too (matched on its content: drawn targets, number, item).
    const byDrawNo = await page(`?q=${drawNos[1]!.toLowerCase()}`);
    expect(byDrawNo).toContain(`id="draw-${drawNos[1]}"`);
    expect(byDrawNo).not.toContain(`id="draw-${drawNos[0]}"`);

    const none = await page('?q=' + encodeURIComponent('不存在的单位<b>'));
    expect(none).toContain('查询“不存在的单位&lt;b&gt;”：抽查结果 0 条，抽取 0 次。');
    expect(none).toContain('value="不存在的单位&lt;b&gt;"');
  });

  it('shows another year on ?year= and defaults to the clock’s Beijing year', async () => {
    const other = await page('?year=2025');
    expect(other).toContain('本年度的抽查计划尚未公示');
    expect(other).toContain('本年度尚无抽取');
    expect(other).toContain('<option value="2026">2026 年</option>');
    expect(await page('?year=abc')).toContain('<option value="2026" selected>');
  });

  it('lets anyone download each attempt’s record, which the verifier accepts at its stage', async () => {
    const { models } = db();
    const draws = await models.Publication.find({ kind: 'draw', status: 'published' }, { subject: 1 }).lean();
    expect(draws.map((d) => d.subject).sort()).toEqual([...drawNos, undispatched].sort());
    for (const { subject: drawNo } of draws) {
      const res = await get(`/public/draws/${drawNo}/record.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(res.headers.get('content-disposition')).toMatch(
        new RegExp(`^attachment; filename="${drawNo}.json"`),
      );
      const text = await res.text();
      const record = JSON.parse(text) as RecordV2;
      expect(verifyDrawRecord(record)).toMatchObject({
        consistent: true,
        stage: drawNo === undispatched ? 'proposed' : 'drawn',
      });
      expect(record.inputs.drawNo).toBe(drawNo);
      expect(record.seed).toEqual(drawNo === undispatched ? null : expect.stringMatching(/^[0-9a-f]{64}$/));
      // The record holds no contact data, addresses or declared conflicts either.
      const people = await models.Person.find({ mobile: { $ne: null } }, { mobile: 1 }).lean();
      for (const p of people) expect(text).not.toContain(p.mobile!);
      const t = (await findTarget(models, record.inputs.pool[0]!.creditCode))!;
      expect(text).not.toContain(t.address);
      expect(text).not.toContain('conflicts');
    }
  });

  it('answers 404 in Chinese for an unknown or malformed draw, 405 for writes', async () => {
    for (const path of [
      '/public/draws/CC2026-99-R1-01/record.json',
      '/public/draws/%E4%B8%8D%3Cx%3E/record.json',
      '/public/nothing',
    ]) {
      const res = await get(path);
      expect(res.status).toBe(404);
      const body = await res.text();
      expect(body).toContain('未找到');
      expect(body).not.toContain('<x>');
    }
    const unknown = await (await get('/public/draws/CC2026-99-R1-01/record.json')).text();
    expect(unknown).toContain('没有已公示的抽取“CC2026-99-R1-01”');
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await get('/public', { method });
      expect(res.status).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD');
      expect(await res.text()).toContain('公示页面只读');
    }
    expect((await get(`/public/draws/${drawNos[0]}/record.json`, { method: 'POST' })).status).toBe(405);
    const css = await get('/public/style.css');
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('pages the results with a count', async () => {
    const { models } = db();
    // 120 more published results, written as publications (the page reads nothing else).
    const base = (await models.Publication.findOne({ _id: `result-${published.taskNo}` }).lean())!;
    await models.Publication.insertMany(
      Array.from({ length: 120 }, (_, i) => ({
        ...base,
        _id: `result-X-${String(i).padStart(3, '0')}`,
        subject: `X-${i}`,
        content: { ...(base.content as PublicResult), taskNo: `X-${i}`, targetName: `分页测试单位${i}` },
        searchText: `分页测试单位${i}`,
      })),
    );
    await publicationsChanged(models, NOW); // as every publishing write does
    try {
      const first = await page();
      expect(first).toContain('共 121 条，第 1 / 2 页');
      expect(tableRows(first, 'results')).toHaveLength(100);
      expect(first).toContain('href="/public?year=2026&amp;page=2#results"');
      const second = await page('?year=2026&page=2');
      expect(tableRows(second, 'results')).toHaveLength(21);
      expect(second).toContain('上一页');
      expect(tableRows(await page('?page=99'), 'results')).toHaveLength(21);
    } finally {
      await models.Publication.deleteMany({ _id: { $regex: '^result-X-' } });
      await publicationsChanged(models, NOW);
    }
  });

  it('reads the year’s publications once: later visits read the change stamp and the audit head, until a result is published', async () => {
    const { models, conn } = db();
    await page(); // whatever changed before, read now
    const log = queryLog(conn);
    const commands = () => [...new Set(log.shapes().map((s) => `${s.command} ${s.collection}`))].sort();
    await page('?q=' + encodeURIComponent(pending.targetName));
    await page('?page=2');
    // Nothing of the publications: the stamp by `_id`, and the audit log's head note and newest entries.
    expect(commands()).toEqual(['find audit_log', 'find receipts', 'find stamps']);
    expect(await page('?q=' + encodeURIComponent(pending.targetCreditCode))).toContain('共 0 条');

    // Published now (the 2nd of the three reviewed): the next visit reads the year again and shows it.
    log.clear();
    expect(await publishResults(models, [pending.taskNo], 'name:彭世杰', LATER)).toEqual([pending.taskNo]);
    const html = await page('?q=' + encodeURIComponent(pending.targetCreditCode));
    expect(html).toContain('共 1 条');
    expect(tableRows(html, 'results')[0]).toContain(pending.targetName);
    expect(commands()).toContain('find publications');
    log.stop();
  });

  it('states the audit log’s newest entry in the footer, for a later `verify-audit --head N:HASH`', async () => {
    const { models } = db();
    const newest = (await models.AuditEntry.findOne({}).sort({ seq: -1 }).lean())!;
    const beijing = new Date(newest.at.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
    const footer = /<footer>([\s\S]*?)<\/footer>/.exec(await page())![1]!;
    const line = /<p class="muted" id="audit-head">([\s\S]*?)<\/p>/.exec(footer)?.[1];
    expect(decode(line ?? '')).toBe(`审计日志截至第 ${newest.seq} 条，哈希 ${newest.hash}（${beijing}）`);
  });
});

describe('the public page’s HTML', () => {
  it('escapes every published value', () => {
    const evil = '<script>alert("x")</script> & \'quoted\'';
    const view: PublicView = {
      year: 2026,
      years: [2026],
      query: evil,
      plan: null,
      waivers: [],
      draws: [
        {
          content: {
            drawNo: 'CC2026-01-R1-01',
            year: 2026,
            itemName: evil,
            round: 1,
            drawnOn: '2026-03-01',
            unit: evil,
            poolSize: 1,
            count: 1,
            attempt: 1,
            status: 'dispatched',
            late: true,
            proposedBy: evil,
            algorithmVersion: 'DRAW-2',
            seedCommitment: 'c',
            commitment: 'm',
            notes: [evil],
            decision: { status: 'dispatched', by: evil, on: '2026-03-01', reason: evil },
            secret: 'k',
            phrase: evil,
            seed: 's',
            hashes: { pool: 'p', officers: 'o', inputs: 'i', recusals: 'r' },
            targets: [{ name: evil, creditCode: evil }],
            reassignments: [
              {
                taskNo: 'CC2026-03-R1-01-0001',
                targetName: evil,
                names: { 'badge:1': evil, 'badge:2': evil },
                inputs: {
                  taskNo: 'CC2026-03-R1-01-0001',
                  replaced: 'badge:1',
                  reason: 'UNAVAILABLE',
                  date: '2026-03-05',
                  deadline: '2026-04-01',
                  candidates: ['badge:2'],
                },
                secretCommitment: 'sc',
                commitment: 'cm',
                secret: 'k',
                phrase: evil,
                seed: 's',
                picked: 'badge:2',
                decidedBy: evil,
                decidedOn: '2026-03-05',
              },
            ],
          },
          publishedOn: '2026-03-01',
          shown: [{ name: evil, creditCode: evil }],
          more: 0,
        },
      ],
      results: { rows: [], total: 0, page: 1, pages: 1 },
    };
    const html = renderPublicPage(view, evil);
    expect(scripts(html)).toEqual([VERIFY_SCRIPT_TAG]);
    expect(html.split('</script>')).toHaveLength(2);
    expect(html).not.toContain('"x"');
    // 改派 too: every name, the phrase and who decided, escaped, with the reason in words.
    expect(html).toContain('改派记录（1）');
    expect(html).toContain('检查期间不在岗（2026-03-05 发现，任务期限 2026-04-01）');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quoted&#39;');
    // The footer says what the results table shows: 整改情况 is published, the findings' text is not.
    expect(html).toContain('抽查结果按公示表公开检查结果、后续处置和整改情况');
    expect(html).not.toContain('检查记录的文字内容');
  });
});
