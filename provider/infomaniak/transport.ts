/**
 * One HTTP exchange with the Mail API over undici: a keep-alive pool per endpoint,
 * the bearer token, a per-request timeout combined with the caller's AbortSignal,
 * and network failures turned into MailApiErrors. It does not interpret statuses or
 * bodies (see decode.ts) and does not retry (see caller.ts).
 */
import type { Dispatcher, Pool } from 'undici';
import {
  AbortedError,
  ConnectionError,
  type HttpMethod,
  type RequestDescription,
  TimeoutError,
} from './errors';

export const DEFAULT_ENDPOINT = 'https://api.infomaniak.com';
export const DEFAULT_TIMEOUT_MS = 30_000;
const USER_AGENT = 'infomaniak-mail-access (+https://github.com/mailaccess)';
/** An answer bigger than this is not a Mail API answer; refuse to buffer it. */
const MAX_BODY_BYTES = 32 * 1024 * 1024;

export interface TransportOptions {
  readonly endpoint?: string;
  readonly token: string;
  readonly timeoutMs?: number;
  /** For tests or proxies: an undici dispatcher used instead of our own pool (we do not close it). */
  readonly dispatcher?: Dispatcher;
  /** Keep-alive connections kept open to the endpoint. Default 4. */
  readonly connections?: number;
}

export interface HttpExchange {
  readonly request: RequestDescription;
  /** The filled path, with query; never shown in errors or logs. */
  readonly path: string;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
}

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** System and undici codes meaning the request never reached the server. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export class Transport {
  readonly origin: string;
  readonly timeoutMs: number;
  private readonly basePath: string;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  /** A private field: util.inspect of the client or transport never shows the token. */
  readonly #authorization: string;

  constructor(options: TransportOptions) {
    const url = parseEndpoint(options.endpoint ?? DEFAULT_ENDPOINT);
    this.origin = url.origin;
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new RangeError(`timeoutMs must be positive, got ${this.timeoutMs}`);
    this.#authorization = `Bearer ${checkedToken(options.token)}`;
    this.ownsDispatcher = options.dispatcher === undefined;
    this.dispatcher =
      options.dispatcher ??
      newPool(this.origin, {
        connections: options.connections ?? 4,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
      });
  }

  async send(exchange: HttpExchange): Promise<HttpAnswer> {
    const timeoutMs = exchange.timeoutMs ?? this.timeoutMs;
    const deadline = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      deadline.abort();
    }, timeoutMs);
    const signal = exchange.signal ? AbortSignal.any([exchange.signal, deadline.signal]) : deadline.signal;
    try {
      exchange.signal?.throwIfAborted();
      return await this.exchange(exchange, signal);
    } catch (error) {
      if (timedOut) throw new TimeoutError(exchange.request, timeoutMs);
      if (exchange.signal?.aborted) throw new AbortedError(exchange.request, true);
      // Network and undici failures carry a code; anything else is a bug to surface as is.
      if (errorCode(error) === undefined) throw error;
      throw networkError(exchange.request, error, this.origin);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Closes our pool; keep-alive sockets would otherwise hold the process open. */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async exchange(exchange: HttpExchange, signal: AbortSignal): Promise<HttpAnswer> {
    const headers: Record<string, string> = {
      authorization: this.#authorization,
      accept: 'application/json',
      'user-agent': USER_AGENT,
    };
    let body: string | undefined;
    if (exchange.body !== undefined) {
      body = JSON.stringify(exchange.body);
      headers['content-type'] = 'application/json';
    }
    const response = await this.dispatcher.request({
      origin: this.origin,
      path: this.basePath + exchange.path,
      method: exchange.request.method satisfies HttpMethod,
      headers,
      body,
      signal,
    });
    const text = await readText(response.body);
    return { status: response.statusCode, headers: response.headers, text };
  }
}

async function readText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
    size += buffer.length;
    if (size > MAX_BODY_BYTES) {
      body.destroy();
      throw Object.assign(new Error('answer too large'), { code: 'RESPONSE_TOO_LARGE' });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function networkError(request: RequestDescription, error: unknown, origin: string): ConnectionError {
  const code = errorCode(error);
  return new ConnectionError(request, code, !(code !== undefined && NOT_SENT_CODES.has(code)), origin);
}

/** The code of an undici or system error, looking one level into `cause` (undici wraps some). */
function errorCode(error: unknown): string | undefined {
  const own = (error as { code?: unknown } | null)?.code;
  if (typeof own === 'string') return own;
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  return typeof cause === 'string' ? cause : undefined;
}

/** A token read from a file often ends with a newline: tolerate that, refuse what no header can carry. */
function checkedToken(token: string): string {
  const trimmed = (token ?? '').trim();
  if (!trimmed) throw new Error('The Infomaniak API token is empty: pass a token with the "mail" scope.');
  if (!/^[\x21-\x7e]+$/.test(trimmed)) {
    // The value is not echoed: it is a secret.
    throw new Error('The Infomaniak API token contains spaces or characters an HTTP header cannot carry.');
  }
  return trimmed;
}

function parseEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    // The value is not echoed: a mistyped endpoint may hold credentials.
    throw new Error('The API endpoint is not a URL; expected e.g. https://api.infomaniak.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`The API endpoint must be http(s), got "${url.protocol}"`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error('The API endpoint must not carry credentials, a query or a fragment');
  }
  return url;
}

/**
 * undici is loaded when the first pool is made (ConfigureProvider), not when this module
 * is: terraform starts the provider two or three times per command, mostly for schemas
 * and validation, which never reach the API (undici is ~45 ms of every start otherwise).
 * In the bundled executable the call becomes esbuild's lazy module initialiser.
 */
function newPool(origin: string, options: Pool.Options): Pool {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const undici = require('undici') as typeof import('undici');
  return new undici.Pool(origin, options);
}
