/**
 * When and how long to wait before sending a request again.
 *
 * Backoff is capped exponential with full jitter (a random wait between 0 and
 * min(cap, base * 2^(n-1))), so many clients failing together do not retry in step.
 * A Retry-After from the service is a floor: we never come back sooner than asked.
 */
export interface RetryOptions {
  /** Total tries of one request, the first included. Default 4. */
  readonly maxAttempts?: number;
  /** Backoff base in ms. Default 500. */
  readonly baseDelayMs?: number;
  /** Backoff cap in ms. Default 20 000. */
  readonly maxDelayMs?: number;
  /**
   * A Retry-After longer than this is not waited for: the error is thrown at once so
   * a run does not hang for an hour. Default 120 000.
   */
  readonly maxRetryAfterMs?: number;
}

export type RetryPolicy = Required<RetryOptions>;

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

export function retryPolicy(options: RetryOptions = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY, ...definedOnly(options) };
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a whole number of at least 1, got ${policy.maxAttempts}`);
  }
  for (const key of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    if (!(policy[key] >= 0)) throw new RangeError(`retry.${key} must be 0 or more, got ${policy[key]}`);
  }
  return policy;
}

/**
 * The wait before attempt `failedAttempts + 1`; `random` returns [0, 1).
 * `retryAfterMs`, when the service sent one, is the minimum.
 */
export function backoffDelay(
  policy: RetryPolicy,
  failedAttempts: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, failedAttempts - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

/**
 * Reads a Retry-After header: delta-seconds (`"120"`, tolerating decimals) or an HTTP
 * date. Returns ms from `now`, never negative; undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!raw) return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  // An HTTP date always names a day or month; this keeps Date.parse from reading "-5" as a year.
  if (!/[a-z]/i.test(raw)) return undefined;
  const date = Date.parse(raw);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
