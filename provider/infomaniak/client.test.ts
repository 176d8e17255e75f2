/**
 * The client against a tiny local HTTP server of its own: transport, retries,
 * timeouts, resets, cancellation, logging, and that no secret leaks anywhere.
 * (The sandbox integration tests in test/integration/ cover the API semantics.)
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import type { Clock } from './clock';
import { MailClient, type MailClientOptions } from './client';
import {
  AbortedError,
  BadResponseError,
  ConnectionError,
  MailApiError,
  RateLimitedError,
  RejectedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './errors';

const TOKEN = 'unit-test-token-4f9c2a7e51d3';
const PASSWORD = 'a-chosen-password-that-is-secret';
const ref = { hosting: 7, mailbox: 'contact' };

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
  socket: number;
}
type Handler = (req: Seen, res: ServerResponse, raw: IncomingMessage) => void;

let server: Server;
let url: string;
let handler: Handler;
let seen: Seen[];

beforeAll(async () => {
  let socketIds = 0;
  const ids = new WeakMap<object, number>();
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      if (!ids.has(req.socket)) ids.set(req.socket, ++socketIds);
      const entry = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body,
        socket: ids.get(req.socket)!,
      };
      seen.push(entry);
      handler(entry, res, req);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

let clients: MailClient[] = [];
beforeEach(() => {
  seen = [];
  handler = (_req, res) =>
    json(res, 500, { result: 'error', error: { code: 'x', description: 'no handler' } });
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
  clients = [];
});

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
const ok = (data: unknown, extra: object = {}) => ({ result: 'success', data, ...extra });

/** Sleeps are recorded and skipped (time jumps ahead), so retry waits cost no time. */
function recordingClock(): Clock & { sleeps: number[] } {
  const sleeps: number[] = [];
  let skipped = 0;
  return {
    sleeps,
    now: () => Date.now() + skipped,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      skipped += ms;
    },
  };
}

function client(options: Partial<MailClientOptions> = {}): MailClient {
  const c = new MailClient({
    token: TOKEN,
    endpoint: url,
    requestsPerMinute: 6000,
    burst: 100,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    timeoutMs: 2000,
    clock: recordingClock(),
    ...options,
  });
  clients.push(c);
  return c;
}

const device = (id: number, label = 'x') => ({
  id,
  label,
  user_id: null,
  protocols: ['imap'],
  created_at: 1,
  password_changed_at: 1,
  is_generic: false,
});
const mailbox = (name: string) => ({ mailbox_name: name, email: `${name}@example.ch`, created_at: 1 });

/** Every way an error can be printed or serialised. */
function everyRendering(error: unknown): string {
  return [
    inspect(error, { depth: 20, showHidden: true }),
    JSON.stringify(error),
    String(error),
    (error as Error).stack ?? '',
  ].join('\n');
}

describe('MailClient transport', () => {
  it('sends the bearer token and JSON headers, and reuses one keep-alive connection', async () => {
    handler = (_req, res) => json(res, 200, ok(mailbox('contact')));
    const c = client();
    for (let i = 0; i < 5; i++) await c.mailboxes.show(ref);
    expect(seen.map((s) => s.url)).toEqual(Array(5).fill('/1/mail_hostings/7/mailboxes/contact'));
    expect(seen[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0].headers.accept).toBe('application/json');
    // Keep-alive: connections are reused (the pool may open a second one while the first is released).
    expect(new Set(seen.map((s) => s.socket)).size).toBeLessThan(seen.length);
  });

  it('keeps a path prefix of the endpoint and encodes path parameters', async () => {
    handler = (_req, res) => json(res, 200, ok(mailbox('a b')));
    await client({ endpoint: `${url}/proxy/` }).mailboxes.show({ hosting: 7, mailbox: 'a b' });
    expect(seen[0].url).toBe('/proxy/1/mail_hostings/7/mailboxes/a%20b');
  });

  it('walks every page of a list with page/per_page', async () => {
    const all = Array.from({ length: 5 }, (_, i) => device(i + 1));
    handler = (req, res) => {
      const q = new URL(req.url, 'http://x').searchParams;
      const page = Number(q.get('page'));
      const per = Number(q.get('per_page'));
      json(
        res,
        200,
        ok(all.slice((page - 1) * per, page * per), { total: 5, pages: 3, page, items_per_page: per }),
      );
    };
    const list = await client({ perPage: 2 }).devices.list(ref);
    expect(list.map((d) => d.id)).toEqual([1, 2, 3, 4, 5]);
    expect(seen.map((s) => s.url)).toEqual(
      [1, 2, 3].map((p) => `/1/mail_hostings/7/mailboxes/contact/accesses/devices?page=${p}&per_page=2`),
    );
  });

  it('sends a JSON body and parses the answer', async () => {
    handler = (req, res) => json(res, 200, ok({ ...device(5, JSON.parse(req.body).label), password: 'p' }));
    const c = client();
    await c.devices.updateLabel(5, 'Phone');
    expect(seen[0]).toMatchObject({
      method: 'PATCH',
      url: '/1/mail_hostings/accesses/devices/5',
      body: '{"label":"Phone"}',
    });
    expect(seen[0].headers['content-type']).toBe('application/json');
  });

  it('refuses an answer of the wrong shape, naming the field and the endpoint', async () => {
    handler = (_req, res) => json(res, 200, ok({ ...mailbox('contact'), created_at: 'yesterday' }));
    const error = await client()
      .mailboxes.show(ref)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as Error).message).toContain('data.created_at');
    expect((error as Error).message).toContain('GET /1/mail_hostings/{hosting}/mailboxes/{mailbox}');
  });
});

describe('MailClient retries', () => {
  it('retries a GET after 5xx with capped backoff, logging each attempt', async () => {
    let n = 0;
    handler = (_req, res) => (++n < 3 ? json(res, 503, {}) : json(res, 200, ok(mailbox('contact'))));
    const lines: string[] = [];
    const clock = recordingClock();
    const c = client({ clock, logger: { debug: (line) => lines.push(line) } });
    await c.mailboxes.show(ref);
    expect(seen).toHaveLength(3);
    expect(clock.sleeps).toHaveLength(2);
    for (const ms of clock.sleeps) expect(ms).toBeLessThanOrEqual(50);
    expect(lines[0]).toMatch(
      /^GET \/1\/mail_hostings\/\{hosting\}\/mailboxes\/\{mailbox\} 503 \d+ms attempt 1, retrying in \d+ms$/,
    );
    expect(lines[2]).toMatch(/ 200 \d+ms attempt 3$/);
  });

  it('gives up after maxAttempts with the last error and its attempt count', async () => {
    handler = (_req, res) =>
      json(res, 500, { result: 'error', error: { code: 'internal_error', description: 'boom' } });
    const error = await client()
      .mailboxes.show(ref)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ attempts: 3, retryable: true, status: 500 });
    expect(seen).toHaveLength(3);
  });

  it('honours Retry-After (seconds and HTTP date) on 429', async () => {
    let n = 0;
    handler = (_req, res) => {
      n++;
      if (n === 1) return json(res, 429, {}, { 'retry-after': '2' });
      if (n === 2) return json(res, 429, {}, { 'retry-after': new Date(Date.now() + 10_000).toUTCString() });
      json(res, 200, ok(mailbox('contact')));
    };
    const clock = recordingClock();
    await client({ clock }).mailboxes.show(ref);
    // The client's clock already jumped the first 2 s; the date has a 1 s resolution.
    const waits = clock.sleeps.filter((ms) => ms >= 1000);
    expect(waits).toHaveLength(2);
    expect(waits[0]).toBeGreaterThanOrEqual(2000);
    expect(waits[1]).toBeGreaterThanOrEqual(6000);
  });

  it('does not wait for an unreasonable Retry-After', async () => {
    handler = (_req, res) => json(res, 429, {}, { 'retry-after': '3600' });
    const error = await client()
      .mailboxes.show(ref)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toMatchObject({ retryAfterMs: 3_600_000, attempts: 1 });
  });

  it('retries a connection reset on a GET', async () => {
    let n = 0;
    handler = (_req, res, raw) => (++n === 1 ? raw.socket.destroy() : json(res, 200, ok(mailbox('contact'))));
    await expect(client().mailboxes.show(ref)).resolves.toMatchObject({ mailbox_name: 'contact' });
    expect(seen).toHaveLength(2);
  });

  it('times out a slow answer and retries it', async () => {
    let n = 0;
    handler = (_req, res) => {
      if (++n === 1) return; // never answers
      json(res, 200, ok(mailbox('contact')));
    };
    await expect(client({ timeoutMs: 100 }).mailboxes.show(ref)).resolves.toBeDefined();
    expect(seen).toHaveLength(2);
  });

  it('reports a timeout once attempts are spent', async () => {
    handler = () => undefined;
    const error = await client({ timeoutMs: 50, retry: { maxAttempts: 2, baseDelayMs: 1 } })
      .mailboxes.show(ref)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ kind: 'timeout', attempts: 2, mayHaveCommitted: true });
  });

  it('does not repeat a non-idempotent POST after an ambiguous failure: it reconciles', async () => {
    const granted = { user_id: 9, email: 'u@x.ch', display_name: 'U', permissions: ['read'], created_at: 1 };
    handler = (req, res, raw) => {
      if (req.method === 'POST') return raw.socket.destroy(); // as if committed, answer lost
      json(res, 200, ok([granted], { total: 1, pages: 1, page: 1, items_per_page: 100 }));
    };
    await expect(client().webmail.grant(ref, 9, ['read'])).resolves.toEqual(granted);
    expect(seen.map((s) => s.method)).toEqual(['POST', 'GET']);
  });

  it('repeats a POST when the connection never opened', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await client({ endpoint: `http://127.0.0.1:${port}` })
      .mailboxes.create(ref)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error).toMatchObject({ causeCode: 'ECONNREFUSED', mayHaveCommitted: false, attempts: 3 });
  });

  it('treats a 404 after a lost DELETE answer as done', async () => {
    let n = 0;
    handler = (_req, res, raw) =>
      ++n === 1
        ? raw.socket.destroy()
        : json(res, 404, { result: 'error', error: { code: 'device_not_found', description: 'gone' } });
    await expect(client().devices.revoke(ref, 5)).resolves.toBeUndefined();
    expect(seen).toHaveLength(2);
  });

  it('a plain 404 on DELETE is still an error', async () => {
    handler = (_req, res) =>
      json(res, 404, { result: 'error', error: { code: 'device_not_found', description: 'gone' } });
    await expect(client().devices.revoke(ref, 5)).rejects.toMatchObject({
      kind: 'not_found',
      resource: 'device',
    });
  });
});

describe('MailClient cancellation', () => {
  it('aborts a request in flight', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    const pending = client().mailboxes.show(ref, { signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect((error as Error).name).toBe('AbortError');
    expect(seen).toHaveLength(1);
  });

  it('does not send when already aborted', async () => {
    const error = await client()
      .mailboxes.show(ref, { signal: AbortSignal.abort() })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortedError);
    expect(seen).toHaveLength(0);
  });
});

describe('MailClient secrets', () => {
  it('no error, log line or client rendering holds the token or a password', async () => {
    handler = (req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, {});
      // A careless service echoing the submitted password back.
      json(res, 422, {
        result: 'error',
        error: {
          code: 'validation_failed',
          description: `password ${PASSWORD} is weak`,
          errors: [
            { code: 'weak', description: `"${PASSWORD}" is weak`, context: { attribute: 'password' } },
          ],
        },
      });
    };
    const lines: unknown[] = [];
    const logger = {
      debug: (...args: unknown[]) => lines.push(args),
      warn: (...args: unknown[]) => lines.push(args),
    };
    const c = client({ logger });
    const errors = [
      await c.devices
        .create(ref, { label: 'x', protocols: ['imap'], password: PASSWORD })
        .catch((e: unknown) => e),
      await c.devices.regenerate(ref, 5, { password: PASSWORD }).catch((e: unknown) => e),
    ];
    const other = client({ token: 'another-token-000111222', logger });
    errors.push(await other.mailboxes.list(7).catch((e: unknown) => e));
    expect(errors[0]).toBeInstanceOf(RejectedError);
    expect(errors[1]).toBeInstanceOf(RejectedError);
    expect(errors[2]).toBeInstanceOf(UnauthorizedError);
    for (const error of errors) {
      expect(error).toBeInstanceOf(MailApiError);
      const text = everyRendering(error);
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain('another-token-000111222');
      expect(text).not.toContain(PASSWORD);
    }
    const logged = inspect(lines, { depth: 20 });
    expect(lines.length).toBeGreaterThan(0);
    expect(logged).not.toContain(TOKEN);
    expect(logged).not.toContain(PASSWORD);
    expect(inspect(c, { depth: 20, showHidden: true })).not.toContain(TOKEN);
  });

  it('trims a token read from a file, and refuses one no header can carry without echoing it', () => {
    expect(() => new MailClient({ token: `${TOKEN}\n`, endpoint: url }).close()).not.toThrow();
    expect(() => new MailClient({ token: 'has space-secret', endpoint: url })).toThrow(
      /spaces or characters/,
    );
    try {
      new MailClient({ token: 'has space-secret', endpoint: url });
    } catch (error) {
      expect(everyRendering(error)).not.toContain('space-secret');
    }
    expect(() => new MailClient({ token: '', endpoint: url })).toThrow(/empty/);
  });
});
