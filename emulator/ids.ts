import { createHash } from 'node:crypto';

/**
 * Deterministic ids in the platform's shapes (ou_, on_, oc_, om_ + 32 hex; c- card tokens), from a
 * per-emulator counter, so test snapshots are stable and ids never collide within a run.
 */
export class IdFactory {
  private n = 0;
  constructor(private readonly seed: string) {}

  private hex(len: number): string {
    return createHash('sha256').update(`${this.seed}:${++this.n}`).digest('hex').slice(0, len);
  }

  openId = () => `ou_${this.hex(32)}`;
  unionId = () => `on_${this.hex(32)}`;
  userId = () => this.hex(8);
  chatId = () => `oc_${this.hex(32)}`;
  messageId = () => `om_${this.hex(32)}`;
  eventId = () => this.hex(32);
  tenantToken = () => `t-${this.hex(40)}`;
  cardToken = () => `c-${this.hex(40)}`;
  fileKey = () => `file_v3_${this.hex(24)}`;
  imageKey = () => `img_v3_${this.hex(24)}`;
}
