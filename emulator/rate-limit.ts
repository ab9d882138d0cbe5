/** Sliding-window counters per key (app, user, chat, message), on the emulator's clock. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  constructor(private readonly now: () => number) {}

  /**
   * Records a call under `key` if every window allows it. Returns null when allowed, else the
   * window's limit and the seconds until a slot frees (the x-ogw-ratelimit-* headers).
   */
  take(
    key: string,
    windows: { limit: number; ms: number }[],
  ): { limit: number; resetSeconds: number } | null {
    const t = this.now();
    const longest = Math.max(...windows.map((w) => w.ms));
    const list = (this.hits.get(key) ?? []).filter((at) => at > t - longest);
    for (const w of windows) {
      const inWindow = list.filter((at) => at > t - w.ms);
      if (inWindow.length >= w.limit) {
        this.hits.set(key, list);
        return { limit: w.limit, resetSeconds: Math.max(1, Math.ceil((inWindow[0]! + w.ms - t) / 1000)) };
      }
    }
    list.push(t);
    this.hits.set(key, list);
    return null;
  }

  reset(): void {
    this.hits.clear();
  }
}
