/**
 * The client against a tiny local HTTP server of its own: transport, retries,
 * timeouts, resets, cancellation, logging, and that no secret leaks anywhere.
 * Fixtures are checked against wire.ts, so they are shapes the real API answers.
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
  NotFoundError,
  NotImplementedError,
  RateLimitedError,
  RejectedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from './errors';
import {
  deviceAccessSchema,
  mailboxPermissions,
  mailboxSchema,
  productSchema,
  webmailItemSchema,
} from './wire';

const TOKEN = 'unit-test-token-4f9c2a7e51d3';
const PASSWORD = 'a-generated-password-that-is-secret';
const LINK = 'https://ik.me/secret-invitation-link-1';
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

// Fixtures, each parsed by its wire schema so a test never relies on a shape the API cannot send.
const access = (id: number, label = 'x', deviceId = id + 1000) =>
  deviceAccessSchema.parse({
    id,
    device: { id: deviceId, label, type: 'phone', created_at: 1, device_uid: null },
    protocols: 'imap',
    last_connection: null,
    created_at: 1,
    status: 'healthy',
    mailbox: { mailbox_name: 'contact' },
  });
const mailbox = (name: string) =>
  mailboxSchema.parse({
    mailbox_name: name,
    mailbox: `${name}@example.ch`,
    mailbox_idn: `${name}@example.ch`,
    note: null,
    type: null,
    is_limited: false,
    is_free_mail: false,
    is_used_for_account: '',
    private: {},
    users: [],
    has_legacy_device: false,
  });
const person = (id: number) => ({
  id,
  display_name: `User ${id}`,
  first_name: 'U',
  last_name: String(id),
  email: `u${id}@example.ch`,
  avatar: '',
  is_sso: false,
});
const userItem = (id: number, flags: Record<string, boolean>) =>
  webmailItemSchema.parse({
    user_access: {
      id: id + 5000,
      user: person(id),
      status: 'healthy',
      last_used_at: null,
      is_primary: false,
      created_at: 1,
      permissions_binary: 0,
      permissions: flags,
      has_valid_password: true,
    },
  });
const invitationItem = (key: string) =>
  webmailItemSchema.parse({
    invitation: {
      short_url: LINK,
      key,
      sent_to: '',
      expired_at: 99,
      signature_template_id: '',
      permissions: { can_manage_filters: true },
    },
  });
const product = (id: number, account: number, service = 'email_hosting') =>
  productSchema.parse({
    id,
    account_id: account,
    service_id: 4,
    service_name: service,
    customer_name: `domain-${id}.ch`,
    internal_name: null,
    created_at: 1,
    expired_at: null,
    version: 1,
    has_maintenance: false,
    is_locked: false,
    has_operation_in_progress: false,
    tags: [],
    unique_id: id,
    is_free: false,
    is_zero_price: false,
    is_trial: false,
    rights: {},
  });
const paged = (items: unknown[], page = 1, pages = 1) =>
  ok(items, { total: items.length, page, pages, items_per_page: 100 });
const apiError = (code: string, description = code) => ({ result: 'error', error: { code, description } });
const query = (req: Seen) => new URL(req.url, 'http://x').searchParams;
const pathOf = (req: Seen) => new URL(req.url, 'http://x').pathname;

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
    expect(new Set(seen.map((s) => s.socket)).size).toBeLessThan(seen.length);
  });

  it('keeps a path prefix of the endpoint and encodes path parameters', async () => {
    handler = (_req, res) => json(res, 200, ok(mailbox('a b')));
    await client({ endpoint: `${url}/proxy/` }).mailboxes.show({ hosting: 7, mailbox: 'a b' });
    expect(seen[0].url).toBe('/proxy/1/mail_hostings/7/mailboxes/a%20b');
  });

  it('reads an address into the model', async () => {
    handler = (_req, res) =>
      json(
        res,
        200,
        ok({ ...mailbox('contact'), mailbox_idn: 'contact@exémple.ch', has_legacy_device: true }),
      );
    expect(await client().mailboxes.show(ref)).toEqual({
      mailboxName: 'contact',
      email: 'contact@exémple.ch',
      asciiEmail: 'contact@example.ch',
      note: null,
      hasGenericPassword: true,
      accessRights: undefined,
    });
  });

  it('walks every page of a device list, asking with=DEVICE_LIST_WITH', async () => {
    const all = Array.from({ length: 5 }, (_, i) => access(i + 1));
    handler = (req, res) => {
      const page = Number(query(req).get('page'));
      const per = Number(query(req).get('per_page'));
      json(
        res,
        200,
        ok(all.slice((page - 1) * per, page * per), { total: 5, pages: 3, page, items_per_page: per }),
      );
    };
    const list = await client({ perPage: 2 }).devices.list(ref);
    expect(list.map((d) => d.accessId)).toEqual([1, 2, 3, 4, 5]);
    expect(list[0]).toMatchObject({
      deviceId: 1001,
      label: 'x',
      type: 'phone',
      protocols: 'imap',
      userId: null,
    });
    expect(seen.map((s) => s.url)).toEqual(
      [1, 2, 3].map(
        (p) =>
          `/1/mail_hostings/7/mailboxes/contact/accesses/devices?with=device%2Cuser_access&page=${p}&per_page=2`,
      ),
    );
  });

  it.each([
    ['says one page', { pages: 1 }, 2, true],
    ['says more pages', { pages: 2 }, 2, false],
    ['says nothing, and the page is short', {}, 2, true],
    ['says nothing, and the page is full', {}, 1000, false],
  ])(
    "reads a Mail Service's addresses with one request of 1000; complete when the answer %s",
    async (_, paging, count, complete) => {
      handler = (_req, res) =>
        json(
          res,
          200,
          ok(
            Array.from({ length: count }, (_x, i) => mailbox(`a${i}`)),
            paging,
          ),
        );
      const directory = await client().mailboxes.directory(7);
      expect(directory.get(`a${count - 1}`)?.mailboxName).toBe(`a${count - 1}`);
      // Names are compared in lower case, as the API stores them.
      expect(directory.get('A1')?.mailboxName).toBe('a1');
      expect(directory.get(`a${count}`)).toBeUndefined();
      expect(directory.complete).toBe(complete);
      expect(seen.map((s) => s.url)).toEqual(['/1/mail_hostings/7/mailboxes?page=1&per_page=1000']);
    },
  );

  it('without `pages` in the answer, reads until a short page', async () => {
    const all = Array.from({ length: 5 }, (_, i) => access(i + 1));
    handler = (req, res) => {
      const page = Number(query(req).get('page'));
      const per = Number(query(req).get('per_page'));
      json(res, 200, ok(all.slice((page - 1) * per, page * per)));
    };
    const list = await client({ perPage: 2 }).devices.list(ref);
    expect(list).toHaveLength(5);
    expect(seen).toHaveLength(3);
  });

  it('refuses a listed access without its Device', async () => {
    const { device: _device, ...bare } = access(1);
    handler = (_req, res) => json(res, 200, paged([bare]));
    const error = await client()
      .devices.list(ref)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadResponseError);
    expect((error as BadResponseError).fields).toEqual(['data[0].device']);
  });

  it('relabels with a PATCH of the Device and reads the boolean answer', async () => {
    handler = (_req, res) => json(res, 200, ok(true));
    await client().devices.relabel(5, 'Phone');
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

describe('MailClient operations', () => {
  it('creates an address granting nobody, then reads it from the list of the Mail Service', async () => {
    handler = (req, res) =>
      req.method === 'POST'
        ? json(res, 201, ok({ mailbox: 'nouvelle@example.ch', quota: 1, used: 0, total: 1 }))
        : json(res, 200, ok([mailbox('autre'), mailbox('nouvelle')], { pages: 1 }));
    const created = await client().mailboxes.create({ hosting: 7, mailbox: 'nouvelle' }, { note: 'n' });
    expect(created.mailboxName).toBe('nouvelle');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /1/mail_hostings/7/mailboxes',
      'GET /1/mail_hostings/7/mailboxes?page=1&per_page=1000',
    ]);
    expect(JSON.parse(seen[0].body)).toEqual({
      mailbox_name: 'nouvelle',
      note: 'n',
      target: 'other_user',
      link_to_current_user: false,
    });
  });

  it('creates of one Mail Service in flight together are read back by one list', async () => {
    const names = ['une', 'deux', 'trois'];
    handler = (req, res) => {
      if (req.method === 'POST') {
        const { mailbox_name: name } = JSON.parse(req.body) as { mailbox_name: string };
        // The answers come back one by one; the list waits for the last.
        setTimeout(
          () => json(res, 201, ok({ mailbox: `${name}@example.ch`, quota: 1, used: 0, total: 1 })),
          10 * names.indexOf(name),
        );
      } else json(res, 200, ok(names.map(mailbox), { pages: 1 }));
    };
    const c = client();
    const created = await Promise.all(names.map((name) => c.mailboxes.create({ hosting: 7, mailbox: name })));
    expect(created.map((a) => a.mailboxName)).toEqual(names);
    expect(seen.map((s) => s.method)).toEqual(['POST', 'POST', 'POST', 'GET']);
  });

  it('reads an address alone when the list does not show it (a Mail Service larger than one page) or fails', async () => {
    let listFails = false;
    handler = (req, res) => {
      if (req.method === 'POST') json(res, 201, ok({ mailbox: 'x@example.ch', quota: 1, used: 0, total: 1 }));
      else if (req.url.includes('per_page')) {
        if (listFails) json(res, 404, { result: 'error', error: { code: 'not_found', description: 'gone' } });
        else json(res, 200, ok([mailbox('autre')], { pages: 2 }));
      } else json(res, 200, ok(mailbox('nouvelle')));
    };
    const c = client();
    expect((await c.mailboxes.create({ hosting: 7, mailbox: 'nouvelle' })).mailboxName).toBe('nouvelle');
    listFails = true;
    expect((await c.mailboxes.create({ hosting: 7, mailbox: 'nouvelle' })).mailboxName).toBe('nouvelle');
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual([
      'POST /1/mail_hostings/7/mailboxes',
      'GET /1/mail_hostings/7/mailboxes?page=1&per_page=1000',
      'GET /1/mail_hostings/7/mailboxes/nouvelle',
      'POST /1/mail_hostings/7/mailboxes',
      'GET /1/mail_hostings/7/mailboxes?page=1&per_page=1000',
      'GET /1/mail_hostings/7/mailboxes/nouvelle',
    ]);
  });

  it('creates a device access: list, POST {label, protocols}, read back; returns the password', async () => {
    const listed: ReturnType<typeof access>[] = [access(1, 'Old')];
    handler = (req, res) => {
      if (req.method === 'POST') {
        listed.push(access(2, JSON.parse(req.body).label));
        return json(res, 200, ok({ password: PASSWORD }));
      }
      json(res, 200, paged(listed));
    };
    const created = await client().devices.create(ref, {
      label: 'CRM',
      protocols: 'pop3-imap',
      type: 'computer',
    });
    expect(created).toMatchObject({ accessId: 2, label: 'CRM', password: PASSWORD });
    expect(JSON.parse(seen[1].body)).toEqual({ label: 'CRM', protocols: 'pop3-imap', type: 'computer' });
    // The read-back is the address's whole list (shared with other creates), not a search by label.
    expect(seen.map((s) => s.method)).toEqual(['GET', 'POST', 'GET']);
    expect(query(seen[2]).get('search')).toBeNull();
  });

  it('a lost create answer: finds the new access and regenerates it, one device in the end', async () => {
    const listed: ReturnType<typeof access>[] = [];
    handler = (req, res, raw) => {
      if (req.method === 'POST' && pathOf(req).endsWith('/devices')) {
        listed.push(access(2, 'CRM'));
        return raw.socket.destroy(); // committed, answer lost
      }
      if (req.method === 'POST') return json(res, 200, ok({ password: PASSWORD }));
      json(res, 200, paged(listed));
    };
    const created = await client().devices.create(ref, { label: 'CRM', protocols: 'imap' });
    expect(created).toMatchObject({ accessId: 2, password: PASSWORD });
    expect(listed).toHaveLength(1);
    expect(seen.map((s) => `${s.method} ${pathOf(s)}`)).toEqual([
      'GET /1/mail_hostings/7/mailboxes/contact/accesses/devices',
      'POST /1/mail_hostings/7/mailboxes/contact/accesses/devices',
      'GET /1/mail_hostings/7/mailboxes/contact/accesses/devices',
      'POST /1/mail_hostings/7/mailboxes/contact/accesses/devices/2',
    ]);
    expect(seen[3].body).toBe('');
  });

  it('regenerates with a bodiless POST, retried like an idempotent call', async () => {
    let n = 0;
    handler = (_req, res, raw) =>
      ++n === 1 ? raw.socket.destroy() : json(res, 200, ok({ password: PASSWORD }));
    expect(await client().devices.regenerate(ref, 9)).toEqual({ password: PASSWORD });
    expect(seen).toHaveLength(2);
    expect(
      seen.every((s) => s.url === '/1/mail_hostings/7/mailboxes/contact/accesses/devices/9' && s.body === ''),
    ).toBe(true);
  });

  it('grants with all eleven permission flags and reads them back as names', async () => {
    handler = (req, res) =>
      req.method === 'POST'
        ? json(res, 201, ok(true))
        : json(
            res,
            200,
            paged([
              userItem(9, { can_manage_filters: true, can_access_logs: true, can_restore_emails: false }),
            ]),
          );
    const c = client();
    await c.webmail.grant(ref, 9, ['access_logs', 'manage_filters']);
    const sent = JSON.parse(seen[0].body) as { user_id: number; permissions: Record<string, boolean> };
    expect(sent.user_id).toBe(9);
    expect(Object.keys(sent.permissions)).toHaveLength(mailboxPermissions.length);
    expect(
      Object.entries(sent.permissions)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['can_access_logs', 'can_manage_filters']);
    const { users } = await c.webmail.list(ref);
    expect(users[0].permissions).toEqual(['manage_filters', 'access_logs']);
  });

  it('splits the webmail list into users and invitations', async () => {
    handler = (_req, res) =>
      json(res, 200, paged([userItem(9, {}), invitationItem('abc'), {}, userItem(10, {})]));
    const access = await client().webmail.list(ref);
    expect(access.users.map((u) => u.userId)).toEqual([9, 10]);
    expect(access.invitations).toEqual([
      { key: 'abc', url: LINK, sentTo: null, expiresAt: 99, permissions: ['manage_filters'] },
    ]);
  });

  it('a lost grant answer: the user is listed with other permissions, so they are aligned', async () => {
    handler = (req, res, raw) => {
      if (req.method === 'POST') return raw.socket.destroy();
      if (req.method === 'PATCH') return json(res, 200, ok(true));
      json(res, 200, paged([userItem(9, {})]));
    };
    await client().webmail.grant(ref, 9, ['manage_rules']);
    expect(seen.map((s) => s.method)).toEqual(['POST', 'GET', 'PATCH']);
    expect(JSON.parse(seen[2].body).permissions.can_manage_rules).toBe(true);
  });

  it('finds the account of a Mail Service through /1/products, once per client', async () => {
    handler = (req, res) => {
      if (pathOf(req) === '/1/products') return json(res, 200, paged([product(7, 55), product(8, 66)]));
      json(res, 200, paged([{ ...accountUser(100001) }, { ...accountUser(null) }]));
    };
    const c = client();
    expect(await c.organisation.accountOf(7)).toBe(55);
    const users = await c.organisation.listUsers(7);
    expect(users).toEqual([
      { userId: 100001, email: 'a@example.ch', displayName: 'A', firstName: 'A', lastName: 'M' },
    ]);
    expect(seen.map((s) => pathOf(s))).toEqual(['/1/products', '/2/accounts/55/users']);
    expect(query(seen[0]).get('service_name')).toBe('email_hosting');
    const missing = await c.organisation.accountOf(999).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(NotFoundError);
    expect((missing as NotFoundError).resource).toBe('hosting');
  });

  it('withdrawing a gone invitation is done; sending never repeats after a lost answer', async () => {
    handler = (req, res, raw) =>
      req.method === 'DELETE' ? json(res, 404, apiError('object_not_found')) : raw.socket.destroy();
    const c = client();
    await expect(c.webmail.withdrawInvitation(ref, 'abc')).resolves.toBeUndefined();
    await expect(
      c.webmail.sendInvitation(ref, 'abc', { email: 'x@example.ch', language: 'fr' }),
    ).rejects.toBeInstanceOf(ConnectionError);
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(1);
    expect(pathOf(seen[1])).toBe(
      '/1/mail_hostings/7/mailboxes/contact/accesses/webmail/invitations/abc/send',
    );
  });
});

const accountUser = (id: number | null) => ({
  user_id: id,
  invitation_id: id === null ? 3 : null,
  first_name: 'A',
  last_name: 'M',
  display_name: 'A',
  email: 'a@example.ch',
  avatar: null,
  role_type: 'normal',
  state_in_account: 'active',
  is_correspondent: null,
  is_correspondent_billing: null,
  is_workspace_only: null,
  has_no_manager_access: null,
  has_billing_access: null,
  is_sso: false,
  language_id: null,
  unique_key: 'k',
  last_login_at: 1,
  partnership_id: null,
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
    handler = (_req, res) => json(res, 500, apiError('unexpected_error', 'boom'));
    const error = await client()
      .mailboxes.show(ref)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error).toMatchObject({ attempts: 3, retryable: true, status: 500 });
    expect(seen).toHaveLength(3);
  });

  it.each([
    ['accesses', (c: MailClient) => c.devices.list(ref), /not yet enabled for device and user accesses/],
    ['accesses', (c: MailClient) => c.webmail.grant(ref, 9, []), /not yet enabled/],
    [
      'legacy',
      (c: MailClient) => c.webmail.withdrawInvitation(ref, 'k'),
      /already moved to device and user accesses/,
    ],
  ] as const)('501 on the %s family is NotImplementedError, sent once', async (family, call, message) => {
    handler = (_req, res) => json(res, 501, apiError('not_implemented', 'Method not yet implemented'));
    const error = await call(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotImplementedError);
    expect(error).toMatchObject({ family, status: 501, attempts: 1 });
    expect((error as Error).message).toMatch(message);
    expect(seen).toHaveLength(1);
  });

  it('a 400 too_many_attempts_* is waited for and retried, like a 429', async () => {
    let n = 0;
    handler = (_req, res) =>
      ++n === 1
        ? json(res, 400, apiError('too_many_attempts_try_again_in_1_minute'), { 'retry-after': '1' })
        : json(res, 200, ok({ password: PASSWORD }));
    const clock = recordingClock();
    expect(await client({ clock }).devices.regenerate(ref, 3)).toEqual({ password: PASSWORD });
    expect(seen).toHaveLength(2);
    expect(clock.sleeps.some((ms) => ms >= 1000)).toBe(true);
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
    await expect(client().mailboxes.show(ref)).resolves.toMatchObject({ mailboxName: 'contact' });
    expect(seen).toHaveLength(2);
  });

  it('times out a slow answer and retries it', async () => {
    let n = 0;
    handler = (_req, res) => {
      if (++n === 1) return;
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
      ++n === 1 ? raw.socket.destroy() : json(res, 404, apiError('object_not_found'));
    await expect(client().devices.revoke(ref, 5)).resolves.toBeUndefined();
    expect(seen).toHaveLength(2);
  });

  it('removing a user: 404 user_has_no_access_to_mailbox after a lost answer is done', async () => {
    let n = 0;
    handler = (_req, res, raw) =>
      ++n === 1 ? raw.socket.destroy() : json(res, 404, apiError('user_has_no_access_to_mailbox'));
    await expect(client().webmail.remove(ref, 9)).resolves.toBeUndefined();
    expect(seen).toHaveLength(2);
  });

  it('a plain 404 on DELETE is still an error', async () => {
    handler = (_req, res) => json(res, 404, apiError('object_not_found'));
    await expect(client().devices.revoke(ref, 5)).rejects.toMatchObject({
      kind: 'not_found',
      resource: 'device_access',
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
  it('no error, log line or client rendering holds the token, a password or an invitation link', async () => {
    handler = (req, res) => {
      if (req.headers.authorization !== `Bearer ${TOKEN}`) return json(res, 401, {});
      if (req.method === 'POST' && pathOf(req).endsWith('/devices/5'))
        return json(res, 200, ok({ password: PASSWORD }));
      if (req.method === 'GET') return json(res, 200, paged([invitationItem('abc')]));
      // A careless service echoing secrets it handed out earlier.
      json(res, 422, {
        result: 'error',
        error: {
          code: 'validation_failed',
          description: `password ${PASSWORD} and link ${LINK}`,
          errors: [{ code: 'weak', description: `"${PASSWORD}" ${LINK}`, context: { attribute: 'x' } }],
        },
      });
    };
    const lines: unknown[] = [];
    const logger = {
      debug: (...args: unknown[]) => lines.push(args),
      warn: (...args: unknown[]) => lines.push(args),
    };
    const c = client({ logger });
    await c.devices.regenerate(ref, 5);
    await c.webmail.list(ref);
    const errors = [
      await c.webmail.sendInvitation(ref, 'abc', { email: 'x@example.ch' }).catch((e: unknown) => e),
      await c.devices.relabel(5, 'y').catch((e: unknown) => e),
    ];
    const other = client({ token: 'another-token-000111222', logger });
    errors.push(await other.mailboxes.list(7).catch((e: unknown) => e));
    expect(errors[0]).toBeInstanceOf(RejectedError);
    expect(errors[1]).toBeInstanceOf(RejectedError);
    expect(errors[2]).toBeInstanceOf(UnauthorizedError);
    expect((errors[0] as Error).message).toContain('[redacted]');
    for (const error of errors) {
      expect(error).toBeInstanceOf(MailApiError);
      const text = everyRendering(error);
      for (const secret of [TOKEN, 'another-token-000111222', PASSWORD, LINK])
        expect(text).not.toContain(secret);
    }
    const logged = inspect(lines, { depth: 20 });
    expect(lines.length).toBeGreaterThan(0);
    for (const secret of [TOKEN, PASSWORD, LINK]) expect(logged).not.toContain(secret);
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
