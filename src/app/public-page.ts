import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Models } from '../adapters/db/models';
import { shanghaiDate } from '../domain/calendar';
import { parseDrawNumber } from '../domain/draw/policy';
import { cachedPublicView, publishedDrawRecord } from '../services/public-view';
import { renderPublicMessage, renderPublicPage, VERIFY_SCRIPT_PATH } from '../adapters/http/public-html';
import { PUBLIC_CSS } from '../adapters/http/public-css';
import type { Route } from '../adapters/http/server';
import { verifyScript, type VerifyScript } from '../adapters/http/verify-bundle';

/** Results per page of the public page. */
export const RESULTS_PER_PAGE = 100;
/** Drawn targets listed per draw (the downloaded record has them all). */
export const TARGETS_PER_DRAW = 300;

const HTML_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-cache',
  // Nothing by default; the stylesheet and the one script (/public/verify.js) from here, that script's
  // only request (the record) to here, forms only to here. No inline script or style.
  'content-security-policy':
    "default-src 'none'; script-src 'self'; connect-src 'self'; style-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * 一公开's read-only web page: `GET /public` (the year's plan, draws with their verification data, and
 * the published results, searchable by `?q=`), `GET /public/style.css`,
 * `GET /public/draws/<drawNo>/record.json` (the verifier's record of a published draw, as a download) and
 * `GET /public/verify.js` (the page's only script: the same verifier, bundled for 在线核验 in the
 * visitor's browser, src/adapters/http/verify-bundle.ts). Only published publications are shown
 * (src/services/public-view.ts). Other methods: 405.
 */
export function publicRoutes(
  models: Models,
  opts: { bureauName?: string; now?: () => Date; onError?: (err: unknown) => void } = {},
): Record<string, Route> {
  const now = opts.now ?? (() => new Date());
  const publicView = cachedPublicView(models);
  const onError = opts.onError ?? ((err: unknown) => console.error('公示页面出错：', err));

  const guarded =
    (serve: (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>): Route =>
    (req, res) => {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        res.setHeader('allow', 'GET, HEAD');
        return sendHtml(
          req,
          res,
          405,
          renderPublicMessage('不支持的请求', '公示页面只读，只接受 GET 请求。'),
        );
      }
      serve(req, res, new URL(req.url ?? '/', 'http://localhost')).catch((err: unknown) => {
        onError(err);
        if (!res.headersSent)
          sendHtml(req, res, 500, renderPublicMessage('暂时无法显示', '公示页面暂时无法显示，请稍后再试。'));
        else res.end();
      });
    };

  const page = guarded(async (req, res, url) => {
    const thisYear = Number(shanghaiDate(now()).slice(0, 4));
    const yearParam = url.searchParams.get('year') ?? '';
    const year = /^\d{4}$/.test(yearParam) ? Number(yearParam) : thisYear;
    const pageParam = Number(url.searchParams.get('page') ?? '1');
    const view = await publicView({
      year,
      query: (url.searchParams.get('q') ?? '').slice(0, 100),
      page: Number.isInteger(pageParam) && pageParam > 0 ? pageParam : 1,
      pageSize: RESULTS_PER_PAGE,
      targetsPerDraw: TARGETS_PER_DRAW,
    });
    const bureau = opts.bureauName ?? view.plan?.content.bureau ?? '';
    sendHtml(req, res, 200, renderPublicPage(view, bureau));
  });

  const under = guarded(async (req, res, url) => {
    if (url.pathname === '/public/') return redirect(res, `/public${url.search}`);
    if (url.pathname === '/public/style.css') {
      res.writeHead(200, {
        'content-type': 'text/css; charset=utf-8',
        'cache-control': 'public, max-age=3600',
        'x-content-type-options': 'nosniff',
      });
      return void res.end(req.method === 'HEAD' ? undefined : PUBLIC_CSS);
    }
    if (url.pathname === VERIFY_SCRIPT_PATH) return sendScript(req, res, await verifyScript());
    const m = /^\/public\/draws\/([^/]+)\/record\.json$/.exec(url.pathname);
    const drawNo = m ? parseDrawNumber(safeDecode(m[1]!)) : null;
    const record = drawNo ? await publishedDrawRecord(models, drawNo) : null;
    if (!record) {
      const message = m
        ? `没有已公示的抽取“${safeDecode(m[1]!)}”：每次抽取自发起起即公示，请核对抽取编号。`
        : '没有这个页面。';
      return sendHtml(req, res, 404, renderPublicMessage('未找到', message));
    }
    const body = `${JSON.stringify(record, null, 2)}\n`;
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="${drawNo}.json"; filename*=UTF-8''${encodeURIComponent(`抽取记录-${drawNo}.json`)}`,
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });

  return { '/public': page, '/public/*': under };
}

function sendHtml(req: IncomingMessage, res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { ...HTML_HEADERS, 'content-length': Buffer.byteLength(body) });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** The verifier's bundle, gzipped when the client takes it, revalidated by its ETag. */
function sendScript(req: IncomingMessage, res: ServerResponse, script: VerifyScript): void {
  const headers: Record<string, string | number> = {
    'content-type': 'text/javascript; charset=utf-8',
    'cache-control': 'no-cache',
    etag: script.etag,
    vary: 'accept-encoding',
    'x-content-type-options': 'nosniff',
  };
  const known = (req.headers['if-none-match'] ?? '').split(',').map((t) => t.trim());
  if (known.includes(script.etag) || known.includes('*')) return void res.writeHead(304, headers).end();
  const gzip = acceptsGzip(req.headers['accept-encoding']);
  const body = gzip ? script.gzip : script.body;
  if (gzip) headers['content-encoding'] = 'gzip';
  res.writeHead(200, { ...headers, 'content-length': body.length });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Whether `accept-encoding` lists gzip (or `*`) without `q=0`. */
function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && !(q && Number(q.slice(2)) === 0);
  });
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(301, { location });
  res.end();
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
