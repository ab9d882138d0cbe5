import type * as lark from '@larksuiteoapi/node-sdk';
import { withFreshToken } from './client';

/** Who a Feishu user is, as the contact API says (the part of it the bot uses). */
export interface Directory {
  /** Name and mobile of a user, or null if the app may not see them. */
  userByOpenId(openId: string): Promise<{ name: string; mobile: string | null } | null>;
  /** Open ids for mobiles (11 digits); a mobile with no Feishu account is absent from the map. */
  openIdsByMobile(mobiles: string[]): Promise<Map<string, string>>;
}

/**
 * The Feishu contact API as the identity service needs it (a refused tenant token is replaced once:
 * `withFreshToken`). Scopes: contact:user.base / user.phone / user.id:readonly.
 */
export function feishuDirectory(client: lark.Client): Directory {
  return {
    async userByOpenId(openId) {
      try {
        const res = await withFreshToken(client, () =>
          client.contact.v3.user.get({ path: { user_id: openId }, params: { user_id_type: 'open_id' } }),
        );
        const u = res.data?.user;
        return u?.name ? { name: u.name, mobile: u.mobile || null } : null;
      } catch (err) {
        // 41050: the user is outside the app's contact scope — the same as unknown to us.
        if ((err as { response?: { data?: { code?: number } } }).response?.data?.code === 41050) return null;
        throw err;
      }
    },
    async openIdsByMobile(mobiles) {
      const out = new Map<string, string>();
      for (let i = 0; i < mobiles.length; i += 50) {
        const res = await withFreshToken(client, () =>
          client.contact.v3.user.batchGetId({
            params: { user_id_type: 'open_id' },
            data: { mobiles: mobiles.slice(i, i + 50) },
          }),
        );
        for (const u of res.data?.user_list ?? []) if (u.user_id && u.mobile) out.set(u.mobile, u.user_id);
      }
      return out;
    },
  };
}
