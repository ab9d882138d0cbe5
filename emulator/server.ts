import { once } from 'node:events';
import Busboy from '@fastify/busboy';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EventBus, PLATFORM_EVENT_OPTIONS, type EventOptions } from './events';
import { OpenApi, PLATFORM_LIMITS, type Limits } from './open-api';
import { RateLimiter } from './rate-limit';
import { EmulatorState, type AppSeed, type ChatSeed, type UserSeed } from './state';
import { serveConsole } from './console';
import { TestApi } from './test-api';
import { CLIENT_CONFIG, LongConnections } from './ws-server';
import { send, type BusinessClock, type Faults } from './http-shared';

export { send, type BusinessClock, type Faults };

export interface EmulatorOptions {
  apps: AppSeed[];
  users: UserSeed[];
  chats?: ChatSeed[];
  port?: number;
  host?: string;
  /** The clock in ms; tests inject one to cross token expiry or the 14-day PATCH window. */
  now?: () => number;
  limits?: Partial<Limits>;
  events?: Partial<EventOptions>;
  /** Seed of the deterministic ids. */
  seed?: string;
  /** The long connection's client config (seconds); the platform's by default. */
  wsClientConfig?: typeof CLIENT_CONFIG;
  /** The bot's business clock, when its host lets the console move it forward (the demo). */
  businessClock?: BusinessClock;
}

export interface Emulator {
  /** Base URL, to give the SDK as `domain`. */
  url: string;
  state: EmulatorState;
  api: OpenApi;
  events: EventBus;
  connections: LongConnections;
  faults: Faults;
  server: Server;
  stop(): Promise<void>;
}

/** Uploads go up to 30 MB (files) plus multipart overhead. */
const MAX_BODY = 32 * 1024 * 1024;

/** Starts the Feishu Open Platform emulator on a free port (or `port`). */
export async function startEmulator(opts: EmulatorOptions): Promise<Emulator> {
  const now = opts.now ?? Date.now;
  const state = new EmulatorState(opts, opts.seed);
  const limiter = new RateLimiter(now);
  const api = new OpenApi(state, now, limiter, { ...PLATFORM_LIMITS, ...opts.limits });
  const events = new EventBus(state, now, { ...PLATFORM_EVENT_OPTIONS, ...opts.events });
  const faults: Faults = { errorsUntil: 0, latencyMs: 0, resets: 0 };
  const connections = new LongConnections(state, events, now, opts.wsClientConfig ?? CLIENT_CONFIG);
  const testApi = new TestApi(state, api, events, connections, faults, limiter, now, opts.businessClock);
  let baseUrl = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: Error) => {
      if (!res.headersSent) send(res, 500, { code: 1, msg: `emulator error: ${err.message}` });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const raw = await readBody(req);
    if (raw === null) return send(res, 413, { code: 230001, msg: 'request body too large' });
    let body: unknown = undefined;
    const contentType = req.headers['content-type'] ?? '';
    if (contentType.startsWith('multipart/form-data')) {
      body = await parseMultipart(raw, contentType).catch(() => undefined);
      if (!body) return send(res, 400, { code: 9499, msg: 'Bad Request: malformed multipart body' });
    } else if (raw.length > 0) {
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        if (url.pathname.startsWith('/open-apis/'))
          return send(res, 400, { code: 9499, msg: 'Bad Request: body is not JSON' });
      }
    }
    if (url.pathname.startsWith('/_emulator/')) return testApi.handle(req.method ?? 'GET', url, body, res);
    if (req.method === 'GET' && (await serveConsole(url.pathname, res))) return;
    if (req.method === 'POST' && url.pathname === '/callback/ws/endpoint') {
      const answer = connections.endpoint(body, baseUrl);
      return send(res, answer.status, answer.body);
    }
    if (faults.latencyMs > 0) await new Promise((r) => setTimeout(r, faults.latencyMs));
    if (faults.resets > 0) {
      faults.resets--;
      return void req.socket.destroy();
    }
    if (now() < faults.errorsUntil)
      return send(res, 500, { code: 1, msg: 'internal error (injected fault)' });
    const answer = await api.handle({
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });
    // Unknown paths and methods: the gateway's plain-text 404, not a JSON code.
    if (!answer) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('404 page not found');
    }
    if (answer.binary) {
      res.writeHead(200, {
        'content-type': answer.binary.contentType,
        'content-length': String(answer.binary.data.length),
        'content-disposition': `attachment; filename="${encodeURIComponent(answer.binary.filename)}"`,
      });
      return void res.end(answer.binary.data);
    }
    send(res, answer.status, answer.body, answer.headers);
  }

  connections.attach(server);
  server.listen(opts.port ?? 0, opts.host ?? '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  baseUrl = `http://127.0.0.1:${port}`;
  const emulator: Emulator = {
    url: baseUrl,
    state,
    api,
    events,
    connections,
    faults,
    server,
    stop: async () => {
      events.stop();
      connections.close();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      // Clients in this process (tests) see their keep-alive connections end before stop() resolves, so
      // their next request finds the port closed (ECONNREFUSED), not a dead pooled socket (socket hang up).
      await new Promise((r) => setTimeout(r, 10));
    },
  };
  return emulator;
}

/** A multipart upload as the file APIs receive it: its text fields and its one file. */
export interface Multipart {
  fields: Record<string, string>;
  file?: { field: string; name: string; type: string; data: Buffer };
}

/**
 * Parses a multipart upload with busboy. The SDK sends the file part without a filename, which the
 * WHATWG parser would read as a text field (and decode as UTF-8); the file APIs' `file`/`image`
 * fields are always files here.
 */
function parseMultipart(raw: Buffer, contentType: string): Promise<Multipart> {
  return new Promise((resolve, reject) => {
    const out: Multipart = { fields: {} };
    const bb = Busboy({
      headers: { 'content-type': contentType },
      isPartAFile: (field, type, name) =>
        field === 'file' || field === 'image' || name !== undefined || type === 'application/octet-stream',
    });
    bb.on('field', (name, value) => (out.fields[name] = value));
    bb.on('file', (field, stream, name, _encoding, type) => {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => (out.file = { field, name: name ?? '', type, data: Buffer.concat(chunks) }));
    });
    bb.on('finish', () => resolve(out));
    bb.on('error', reject);
    bb.end(raw);
  });
}

async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
