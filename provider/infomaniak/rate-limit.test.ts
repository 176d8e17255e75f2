import type { Clock } from './clock';
import { RateLimiter } from './rate-limit';

/** A clock that only moves when someone sleeps. */
function fakeClock(): Clock & { t: number; sleeps: number[] } {
  const clock = {
    t: 0,
    sleeps: [] as number[],
    now: () => clock.t,
    sleep: async (ms: number, signal?: AbortSignal) => {
      signal?.throwIfAborted();
      clock.sleeps.push(ms);
    },
  };
  return clock;
}

describe('RateLimiter', () => {
  it('lets a burst through at once, then spaces requests at the sustained rate', () => {
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 3 }, fakeClock());
    const waits = Array.from({ length: 6 }, () => limiter.reserve());
    expect(waits).toEqual([0, 0, 0, 1000, 2000, 3000]);
  });

  it('refills over time, never beyond the burst', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 120, burst: 2 }, clock);
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 500]);
    clock.t = 60_000; // a long quiet period
    expect([limiter.reserve(), limiter.reserve(), limiter.reserve()]).toEqual([0, 0, 500]);
  });

  it('never admits more than burst + rate × window in any window', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 600, burst: 4 }, clock);
    const starts = Array.from({ length: 50 }, () => clock.t + limiter.reserve());
    for (let i = 0; i < starts.length; i++) {
      for (let j = i + 1; j < starts.length; j++) {
        const admitted = j - i + 1;
        const window = starts[j] - starts[i];
        expect(admitted).toBeLessThanOrEqual(4 + Math.floor(window / 100));
      }
    }
  });

  it('pauses everyone until a Retry-After has passed, and resumes at the sustained rate', () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 5 }, clock);
    limiter.pauseUntil(10_000);
    expect([limiter.reserve(), limiter.reserve()]).toEqual([10_000, 11_000]);
  });

  it('acquire waits on the clock and honours an aborted signal', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter({ requestsPerMinute: 60, burst: 1 }, clock);
    await limiter.acquire();
    await limiter.acquire();
    expect(clock.sleeps).toEqual([1000]);
    const aborted = AbortSignal.abort();
    await expect(limiter.acquire(aborted)).rejects.toBeDefined();
  });

  it('refuses nonsense settings', () => {
    expect(() => new RateLimiter({ requestsPerMinute: 0 })).toThrow(/requestsPerMinute/);
    expect(() => new RateLimiter({ burst: 0 })).toThrow(/burst/);
    expect(() => new RateLimiter({ burst: 1.5 })).toThrow(/burst/);
  });
});
