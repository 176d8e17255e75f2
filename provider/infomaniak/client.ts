/**
 * The Infomaniak Mail API client: one object per token and endpoint, holding the
 * keep-alive connection pool and the rate limiter every call shares. It knows
 * nothing about Terraform.
 *
 *   const client = new MailClient({ token });
 *   const access = await client.devices.create({ hosting: 1234, mailbox: 'contact' }, { label: 'CRM', protocols: 'imap' });
 *   await client.close();
 */
import type { Dispatcher } from 'undici';
import { Caller } from './caller';
import { type Clock, systemClock } from './clock';
import { checkedPerPage, type ApiContext } from './context';
import { DevicesApi } from './devices';
import type { MailApiLogger } from './logger';
import { MailboxesApi } from './mailboxes';
import { OrganisationApi } from './organisation';
import { RateLimiter } from './rate-limit';
import { retryPolicy, type RetryOptions } from './retry';
import { ServerClock } from './server-clock';
import { Transport } from './transport';
import { WebmailApi } from './webmail';
import { DEFAULT_PER_PAGE, MAX_PER_PAGE } from './wire';

export interface MailClientOptions {
  /** API token with the `mail` scope. Never logged, never in an error. */
  readonly token: string;
  /** Default https://api.infomaniak.com; a path prefix is kept (for proxies). */
  readonly endpoint?: string;
  /** Client-side rate limit shared by all calls. Default 60. */
  readonly requestsPerMinute?: number;
  /** Requests that may start at once after a quiet period. Default 10. */
  readonly burst?: number;
  /** Per-attempt timeout in ms, headers and body included. Default 30 000. */
  readonly timeoutMs?: number;
  readonly retry?: RetryOptions;
  /**
   * Items per page for lists. Default 100, and the largest (MAX_PER_PAGE) for device lists:
   * those are read around every device create, so an address's accesses take one request.
   */
  readonly perPage?: number;
  readonly logger?: MailApiLogger;
  /** Keep-alive connections to the endpoint. Default 4. */
  readonly connections?: number;
  /** An undici dispatcher to use instead of the client's own pool (tests, proxies); not closed by close(). */
  readonly dispatcher?: Dispatcher;
  /**
   * How long a device create or regenerate already sent goes on after the call's signal
   * aborted (its password is shown only once). Default FINISH_AFTER_STOP_MS (60 000).
   */
  readonly finishAfterStopMs?: number;
  /** For tests: time and randomness (backoff jitter). */
  readonly clock?: Clock;
  readonly random?: () => number;
}

export class MailClient {
  readonly mailboxes: MailboxesApi;
  readonly devices: DevicesApi;
  readonly webmail: WebmailApi;
  readonly organisation: OrganisationApi;
  /** The shared limiter, exposed so a caller can see the configured rate. */
  readonly limiter: RateLimiter;
  readonly #transport: Transport;
  readonly #serverClock = new ServerClock();

  constructor(options: MailClientOptions) {
    const clock = options.clock ?? systemClock;
    this.#transport = new Transport(options);
    this.limiter = new RateLimiter(
      { requestsPerMinute: options.requestsPerMinute, burst: options.burst },
      clock,
    );
    const retry = retryPolicy(options.retry);
    const random = options.random ?? Math.random;
    const caller = new Caller({
      transport: this.#transport,
      limiter: this.limiter,
      retry,
      clock,
      random,
      logger: options.logger,
      secrets: [options.token.trim()],
      serverClock: this.#serverClock,
    });
    const ctx: ApiContext = {
      caller,
      perPage: checkedPerPage(options.perPage ?? DEFAULT_PER_PAGE),
      retry,
      clock,
      random,
      logger: options.logger,
      finishAfterStopMs: options.finishAfterStopMs,
    };
    this.devices = new DevicesApi({
      ...ctx,
      perPage: options.perPage === undefined ? MAX_PER_PAGE : ctx.perPage,
    });
    this.mailboxes = new MailboxesApi(ctx, (ref) => this.devices.mailboxCreated(ref));
    this.webmail = new WebmailApi(ctx);
    this.organisation = new OrganisationApi(ctx);
  }

  /** The endpoint's origin, e.g. https://api.infomaniak.com. */
  get origin(): string {
    return this.#transport.origin;
  }

  /**
   * The service's current time in ms (from the `Date` of its latest answer), to measure
   * ages of service timestamps; the local time until an answer has been received.
   */
  serverNow(): number {
    return this.#serverClock.now(Date.now());
  }

  /** Whether an answer has told the service's time yet (serverNow is the local time until then). */
  get serverTimeKnown(): boolean {
    return this.#serverClock.known;
  }

  /** Closes the keep-alive connections; the client is unusable afterwards. */
  close(): Promise<void> {
    return this.#transport.close();
  }
}
