// A fixed-window counter per key (IP, board, ...). In memory, per server instance.
export interface RateLimit {
  /** Max events per window. */
  max: number;
  windowMs: number;
}

export class RateLimiter {
  private readonly hits = new Map<string, { start: number; count: number }>();
  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  private entry(key: string) {
    const t = this.now();
    let e = this.hits.get(key);
    if (!e || t - e.start >= this.limit.windowMs) {
      e = { start: t, count: 0 };
      this.hits.set(key, e);
      if (this.hits.size > 50_000) this.sweep(t);
    }
    return e;
  }

  /** True when `key` has used up its window (without counting this call). */
  blocked(key: string): boolean {
    return this.entry(key).count >= this.limit.max;
  }

  /** Counts one event; returns false when it goes over the limit. */
  take(key: string): boolean {
    const e = this.entry(key);
    if (e.count >= this.limit.max) return false;
    e.count++;
    return true;
  }

  /** Seconds until `key` may try again. */
  retryAfter(key: string): number {
    const e = this.hits.get(key);
    if (!e) return 0;
    return Math.max(1, Math.ceil((e.start + this.limit.windowMs - this.now()) / 1000));
  }

  private sweep(t: number) {
    for (const [k, e] of this.hits) if (t - e.start >= this.limit.windowMs) this.hits.delete(k);
  }
}
