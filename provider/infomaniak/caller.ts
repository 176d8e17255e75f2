/**
 * The one path every API call takes: rate limiter → transport → decode, with retries.
 *
 * Retry rules:
 * - `idempotent` calls (GET, DELETE, PATCH/PUT with the same body, and POSTs whose
 *   repetition is harmless such as regenerate) are retried on 429, 5xx, timeouts and
 *   connection failures, with capped exponential backoff and full jitter;
 * - `unsent-only` calls (creates) are retried only when the failure proves the request
 *   took no effect: a 429 or a connection that never opened. Anything ambiguous is
 *   thrown to the operation, which reconciles by listing (see device-create.ts, webmail.ts).
 * Never retried: 501 (the route is not enabled for this account; see NotImplementedError).
 * A 429's (or a 400 `too_many_attempts_*`'s) Retry-After pauses the whole client's
 * limiter, not just this call.
 * Passwords and invitation links seen in answers join the client's redaction set.
 */
import type { z } from 'zod';
import type { Clock } from './clock';
import { decodeFailure, decodeSuccess, missingResource } from './decode';
import {
  AbortedError,
  type HttpMethod,
  MailApiError,
  NotFoundError,
  RateLimitedError,
  type RequestDescription,
  ServerError,
} from './errors';
import { formatRequestLine, type MailApiLogger, type RequestLogEvent } from './logger';
import type { RateLimiter } from './rate-limit';
import type { ServerClock } from './server-clock';
import { SecretSet, secretsOf } from './redact';
import { backoffDelay, type RetryPolicy } from './retry';
import type { Transport } from './transport';
import { routePath, routes, type RouteName, type RouteParams } from './wire-routes';

/** Per-call options every operation accepts. */
export interface CallOptions {
  /** Cancels the call, including waits for the limiter and between retries. */
  readonly signal?: AbortSignal;
  /** Overrides the client's per-request timeout for each attempt of this call. */
  readonly timeoutMs?: number;
  /**
   * For a call that must not be abandoned once sent (a create, a regenerate; see
   * after-stop.ts): `signal` then cancels it only until its request goes out; this
   * signal cancels what is on the wire, and retries of an attempt that may have taken effect.
   */
  readonly onceSent?: AbortSignal;
  /**
   * Called as each attempt leaves the limiter, just before it is sent: what the answer
   * reflects happened no earlier (device-list-batch.ts shares a list queued in the limiter
   * with creates that answer meanwhile).
   */
  readonly onSending?: () => void;
}

export type RetryMode = 'idempotent' | 'unsent-only';

export interface CallSpec<T> {
  readonly method: HttpMethod;
  readonly route: RouteName;
  readonly params: RouteParams;
  readonly query?: Readonly<Record<string, string | number>>;
  readonly body?: unknown;
  /** The whole envelope's schema (successEnvelope / pagedEnvelope of wire.ts). */
  readonly schema: z.ZodType<T>;
  /** Default: `idempotent` for every method but POST. */
  readonly retry?: RetryMode;
  /**
   * For deletes: the result to return when a retry finds the target gone after an
   * earlier attempt may have deleted it (its answer was lost).
   */
  readonly goneMeansDone?: T;
}

export interface CallerDeps {
  readonly transport: Transport;
  readonly limiter: RateLimiter;
  readonly retry: RetryPolicy;
  readonly clock: Clock;
  readonly random: () => number;
  readonly logger?: MailApiLogger;
  /** Strings to scrub from every error text (the token). */
  readonly secrets: readonly string[];
  /** Told the `Date` of every answer. */
  readonly serverClock?: ServerClock;
}

export class Caller {
  /** Private field: util.inspect of a client never shows the secrets list. */
  readonly #deps: CallerDeps;
  readonly #learnt = new SecretSet();

  constructor(deps: CallerDeps) {
    this.#deps = deps;
  }

  async call<T>(spec: CallSpec<T>, options: CallOptions = {}): Promise<T> {
    const request: RequestDescription = {
      method: spec.method,
      route: routes[spec.route],
      params: spec.params,
    };
    const path = routePath(spec.route, spec.params) + queryString(spec.query);
    const secrets = [...this.#deps.secrets, ...this.#learnt.values(), ...secretsOf(spec.body)];
    const mode = spec.retry ?? (spec.method === 'POST' ? 'unsent-only' : 'idempotent');
    let maybeDone = false;
    let signal = options.signal;
    for (let attempt = 1; ; attempt++) {
      await this.wait(() => this.#deps.limiter.acquire(signal), request, maybeDone, signal);
      // The limiter may let us through just as the caller stops: then nothing is sent.
      if (signal?.aborted) throw new AbortedError(request, maybeDone);
      const started = this.#deps.clock.now();
      let error: MailApiError;
      try {
        options.onSending?.();
        const answer = await this.#deps.transport.send({
          request,
          path,
          body: spec.body,
          signal: options.onceSent ?? signal,
          timeoutMs: options.timeoutMs,
        });
        const ctx = { request, secrets, now: this.#deps.clock.now() };
        this.#deps.serverClock?.observe(answer.headers.date, Date.now());
        if (answer.status >= 200 && answer.status < 300) {
          const data = decodeSuccess(answer, spec.schema, ctx);
          this.#learnt.add(secretsOf(data));
          this.log({
            ...request,
            status: answer.status,
            durationMs: this.elapsed(started),
            attempt,
            outcome: 'ok',
          });
          return data;
        }
        error = decodeFailure(answer, ctx);
      } catch (caught) {
        if (!(caught instanceof MailApiError)) throw caught;
        error = caught;
      }
      error.attempts = attempt;
      if (maybeDone && spec.goneMeansDone !== undefined && isGoneTarget(error, request)) {
        this.log({ ...request, status: 404, durationMs: this.elapsed(started), attempt, outcome: 'ok' });
        return spec.goneMeansDone;
      }
      const delay = this.retryDelay(error, attempt, mode);
      // Pause the whole client first: nothing else may start inside the service's wait.
      if (error instanceof RateLimitedError && delay !== undefined) {
        this.#deps.limiter.pauseUntil(this.#deps.clock.now() + delay);
      }
      this.log({
        ...request,
        status: error.status,
        durationMs: this.elapsed(started),
        attempt,
        outcome: error.kind,
        retryInMs: delay,
      });
      if (delay === undefined) throw error;
      maybeDone ||= error.mayHaveCommitted;
      // An attempt that may have taken effect is seen through: its retry is part of it, not a new call.
      if (maybeDone && options.onceSent) signal = options.onceSent;
      await this.wait(() => this.#deps.clock.sleep(delay, signal), request, maybeDone, signal);
    }
  }

  /** How long to wait before trying again, or undefined to give up. */
  private retryDelay(error: MailApiError, attempt: number, mode: RetryMode): number | undefined {
    const { retry, random } = this.#deps;
    if (!error.retryable || attempt >= retry.maxAttempts) return undefined;
    if (mode === 'unsent-only' && error.mayHaveCommitted) return undefined;
    const retryAfterMs =
      error instanceof RateLimitedError || error instanceof ServerError ? error.retryAfterMs : undefined;
    if (retryAfterMs !== undefined && retryAfterMs > retry.maxRetryAfterMs) return undefined;
    return backoffDelay(retry, attempt, random, retryAfterMs);
  }

  /** Runs a wait (limiter, backoff) and turns the caller's abort into an AbortedError. */
  private async wait(
    waiting: () => Promise<void>,
    request: RequestDescription,
    maybeDone: boolean,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    try {
      await waiting();
    } catch (error) {
      if (signal?.aborted) throw new AbortedError(request, maybeDone);
      throw error;
    }
  }

  private elapsed(started: number): number {
    return this.#deps.clock.now() - started;
  }

  private log(event: RequestLogEvent): void {
    const debug = this.#deps.logger?.debug;
    if (!debug) return;
    const clean: RequestLogEvent = {
      method: event.method,
      route: event.route,
      status: event.status,
      durationMs: event.durationMs,
      attempt: event.attempt,
      outcome: event.outcome,
      retryInMs: event.retryInMs,
    };
    debug.call(this.#deps.logger, formatRequestLine(clean), clean);
  }
}

/** A 404 about the very thing being deleted (not its mailbox or hosting). */
function isGoneTarget(error: MailApiError, request: RequestDescription): boolean {
  return error instanceof NotFoundError && error.resource === missingResource(undefined, request);
}

function queryString(query: CallSpec<unknown>['query']): string {
  if (!query) return '';
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
