import type * as lark from '@larksuiteoapi/node-sdk';
import type { ReadinessCheck } from '../http/server';
import { withFreshToken } from './client';

type ProbeError = {
  code?: string;
  message?: string;
  response?: { status?: number; data?: { code?: number; msg?: string } };
};

/**
 * A request that died on a pooled keep-alive socket the server had already closed: the socket is stale,
 * which says nothing about whether the platform answers now, so the probe asks once more (on a new
 * connection) before reporting.
 */
const staleSocket = (e: ProbeError) => !e.response && e.code === 'ECONNRESET';

/**
 * `/readyz`'s Feishu check: one authenticated call (bot info), so the tenant token must be obtainable
 * (the SDK fetches or reuses it) and the Open API must answer. A token the platform refuses is replaced
 * within the probe (`withFreshToken`), so the check recovers by itself. Its failure names only the
 * platform's code and message, or the network error — never a token.
 */
export function feishuReadiness(client: lark.Client, timeoutMs = 1500): ReadinessCheck {
  const probe = () =>
    withFreshToken(client, () =>
      client.request<{ code?: number; msg?: string }>({
        method: 'GET',
        url: '/open-apis/bot/v3/info',
        timeout: timeoutMs,
      }),
    );
  return async () => {
    let res: { code?: number; msg?: string };
    try {
      res = await probe().catch((err: ProbeError) => {
        if (staleSocket(err)) return probe();
        throw err;
      });
    } catch (err) {
      const e = err as ProbeError;
      const data = e.response?.data;
      throw new Error(
        data?.code
          ? `${data.code} ${data.msg ?? ''}`.trim()
          : e.response?.status
            ? `HTTP ${e.response.status}`
            : (e.message ?? 'failed'),
        { cause: err },
      );
    }
    if (res.code) throw new Error(`${res.code} ${res.msg ?? ''}`.trim());
  };
}
