import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EventBus, EventSink } from './events';
import type { EmulatorState } from './state';
import { FRAME_CONTROL, FRAME_DATA, decodeFrame, encodeFrame, header } from './ws-frames';

/** What the platform tells a client at connect time and in every pong (seconds). */
export const CLIENT_CONFIG = {
  PingInterval: 120,
  ReconnectCount: -1,
  ReconnectInterval: 120,
  ReconnectNonce: 30,
};
const SERVICE_ID = 33554678;

/**
 * The long connection (WSClient): `POST /callback/ws/endpoint` hands out a ticketed URL; the socket
 * carries protobuf frames — pings answered with pongs, events pushed as data frames and acknowledged
 * by the client with the handler's answer. Each connected client is an event sink of its app.
 */
export class LongConnections {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, { appId: string; expiresAt: number }>();
  private readonly sockets = new Set<WebSocket>();
  private n = 0;

  constructor(
    private readonly state: EmulatorState,
    private readonly events: EventBus,
    private readonly now: () => number,
    /** Tests shorten the reconnect interval (seconds) to see a client come back quickly. */
    private readonly clientConfig: typeof CLIENT_CONFIG = CLIENT_CONFIG,
  ) {}

  /** `POST /callback/ws/endpoint`: the SDK destructures `data` before checking `code`, so errors keep `data: {}`. */
  endpoint(body: unknown, baseUrl: string): { status: number; body: unknown } {
    const b = body as { AppID?: unknown; AppSecret?: unknown } | undefined;
    const app = typeof b?.AppID === 'string' ? this.state.apps.get(b.AppID) : undefined;
    if (!app || b?.AppSecret !== app.appSecret)
      return { status: 200, body: { code: 514, msg: 'auth failed', data: {} } };
    const ticket = this.state.ids.eventId();
    this.tickets.set(ticket, { appId: app.appId, expiresAt: this.now() + 60_000 });
    const deviceId = this.state.ids.eventId().slice(0, 19);
    const url = `${baseUrl.replace(/^http/, 'ws')}/ws/v2?fpid=493&aid=552564&device_id=${deviceId}&access_key=${this.state.ids.eventId()}&service_id=${SERVICE_ID}&ticket=${ticket}`;
    return { status: 200, body: { code: 0, msg: 'ok', data: { URL: url, ClientConfig: this.clientConfig } } };
  }

  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://emulator');
      const ticket = this.tickets.get(url.searchParams.get('ticket') ?? '');
      if (url.pathname !== '/ws/v2' || !ticket || ticket.expiresAt < this.now()) {
        socket.end(
          'HTTP/1.1 403 Forbidden\r\nHandshake-Status: 403\r\nHandshake-Msg: invalid ticket\r\n\r\n',
        );
        return;
      }
      this.tickets.delete(url.searchParams.get('ticket')!);
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, ticket.appId));
    });
  }

  private accept(ws: WebSocket, appId: string): void {
    this.sockets.add(ws);
    const pending = new Map<
      string,
      { resolve: (v: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }
    >();
    const sink: EventSink = {
      send: (envelope, timeoutMs) =>
        new Promise((resolve, reject) => {
          const messageId = `${this.state.ids.eventId().slice(0, 16)}_${++this.n}`;
          const timer = setTimeout(() => {
            pending.delete(messageId);
            reject(new Error('timeout'));
          }, timeoutMs);
          pending.set(messageId, { resolve, reject, timer });
          ws.send(
            encodeFrame({
              SeqID: this.n,
              LogID: this.n,
              service: SERVICE_ID,
              method: FRAME_DATA,
              headers: [
                { key: 'type', value: 'event' },
                { key: 'message_id', value: messageId },
                { key: 'sum', value: '1' },
                { key: 'seq', value: '0' },
                { key: 'trace_id', value: this.state.ids.eventId() },
              ],
              payload: Buffer.from(JSON.stringify(envelope)),
            }),
          );
        }),
    };
    const sinks = this.events.sinks.get(appId) ?? [];
    sinks.push(sink);
    this.events.sinks.set(appId, sinks);

    ws.on('message', (data: Buffer) => {
      let frame;
      try {
        frame = decodeFrame(data);
      } catch {
        return;
      }
      if (frame.method === FRAME_CONTROL && header(frame, 'type') === 'ping') {
        ws.send(
          encodeFrame({
            SeqID: 0,
            LogID: 0,
            service: frame.service,
            method: FRAME_CONTROL,
            headers: [{ key: 'type', value: 'pong' }],
            payload: Buffer.from(JSON.stringify(this.clientConfig)),
          }),
        );
        return;
      }
      if (frame.method === FRAME_DATA) {
        const waiter = pending.get(header(frame, 'message_id') ?? '');
        if (!waiter) return;
        pending.delete(header(frame, 'message_id')!);
        clearTimeout(waiter.timer);
        try {
          const ack = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8')) as {
            code: number;
            data?: string;
          };
          if (ack.code !== 200) return waiter.reject(new Error(`HTTP ${ack.code}`));
          waiter.resolve(ack.data ? JSON.parse(Buffer.from(ack.data, 'base64').toString('utf8')) : {});
        } catch (err) {
          waiter.reject(err as Error);
        }
      }
    });
    ws.on('close', () => {
      this.sockets.delete(ws);
      const list = (this.events.sinks.get(appId) ?? []).filter((s) => s !== sink);
      this.events.sinks.set(appId, list);
      for (const w of pending.values()) {
        clearTimeout(w.timer);
        w.reject(new Error('connection closed'));
      }
    });
  }

  /** Drops every connection (a fault, or shutdown); clients reconnect on their own. */
  dropAll(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  close(): void {
    this.dropAll();
    this.wss.close();
  }
}
