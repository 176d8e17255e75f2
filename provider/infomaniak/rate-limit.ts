/**
 * Client-side rate limiter: a token bucket shared by every call of one client, so a
 * large plan stays under the service's limit (about 60 requests a minute per token)
 * instead of tripping 429s.
 *
 * It is written as a virtual schedule (GCRA): `nextFree` is when the bucket would be
 * full again if nobody asked. Each caller reserves its slot up front and sleeps until
 * then, which makes the queue first-come first-served without a list of waiters. A
 * caller that aborts while waiting loses its slot (it is not handed back): the limiter
 * errs on the slow side, never on the fast one.
 */
import { type Clock, systemClock } from './clock';

export interface RateLimitOptions {
  /** Sustained rate. Default 60. */
  readonly requestsPerMinute?: number;
  /** How many requests may start at once after a quiet period. Default 10. */
  readonly burst?: number;
}

export const DEFAULT_REQUESTS_PER_MINUTE = 60;
export const DEFAULT_BURST = 10;

export class RateLimiter {
  readonly requestsPerMinute: number;
  readonly burst: number;
  /** Milliseconds between two requests at the sustained rate. */
  private readonly interval: number;
  /** How far ahead of now the schedule may run before callers must wait. */
  private readonly tolerance: number;
  private nextFree = 0;

  constructor(
    options: RateLimitOptions = {},
    private readonly clock: Clock = systemClock,
  ) {
    this.requestsPerMinute = options.requestsPerMinute ?? DEFAULT_REQUESTS_PER_MINUTE;
    this.burst = options.burst ?? DEFAULT_BURST;
    if (!(this.requestsPerMinute > 0) || !Number.isFinite(this.requestsPerMinute)) {
      throw new RangeError(`requestsPerMinute must be a positive number, got ${this.requestsPerMinute}`);
    }
    if (!Number.isInteger(this.burst) || this.burst < 1) {
      throw new RangeError(`burst must be a whole number of at least 1, got ${this.burst}`);
    }
    this.interval = 60_000 / this.requestsPerMinute;
    this.tolerance = (this.burst - 1) * this.interval;
  }

  /** Waits for a slot. Rejects (without waiting further) when `signal` aborts. */
  async acquire(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await this.clock.sleep(wait, signal);
    else signal?.throwIfAborted();
  }

  /** Takes the next slot and returns how long to wait for it, in ms. */
  reserve(): number {
    const now = this.clock.now();
    const scheduled = Math.max(this.nextFree, now);
    const startAt = Math.max(now, scheduled - this.tolerance);
    this.nextFree = scheduled + this.interval;
    return startAt - now;
  }

  /**
   * Nobody starts before `until` (the service said Retry-After), and the burst is
   * spent: after a 429 we resume at the sustained rate.
   */
  pauseUntil(until: number): void {
    this.nextFree = Math.max(this.nextFree, until + this.tolerance);
  }
}
