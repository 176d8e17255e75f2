/**
 * A stop (the call's signal) cancels a create or regenerate only until it is sent: one on
 * the wire is answered, read back and returned with its password, up to the bound after
 * the stop. Against a tiny local HTTP server whose handler stops the caller mid-request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MailClient } from './client';
import { AmbiguousCreateError } from './create-errors';
import { AbortedError } from './errors';
import { deviceAccessSchema, routes } from './wire';

const TOKEN = 'unit-test-token-5a8d3c1e77b2';
const PASSWORD = 'the-only-copy-of-this-password';
const ref = { hosting: 7, mailbox: 'contact' };

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;
let server: Server;
let url: string;
let handler: Handler;
let seen: string[];
let stop: AbortController;
let clients: MailClient[];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push(`${req.method} ${new URL(req.url ?? '', 'http://x').pathname}`);
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen = [];
  stop = new AbortController();
  clients = [];
});
afterEach(async () => {
  await Promise.all(clients.map((c) => c.close()));
});

function client(finishAfterStopMs?: number): MailClient {
  const c = new MailClient({
    token: TOKEN,
    endpoint: url,
    requestsPerMinute: 6000,
    burst: 100,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 },
    timeoutMs: 5000,
    finishAfterStopMs,
  });
  clients.push(c);
  return c;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};
const ok = (data: unknown) => ({ result: 'success', data });
const paged = (items: unknown[]) =>
  ({ ...ok(items), total: items.length, page: 1, pages: 1, items_per_page: 100 }) as const;
const access = (id: number, label: string) =>
  deviceAccessSchema.parse({
    id,
    device: { id: id + 1000, label, type: 'phone', created_at: 1, device_uid: null },
    protocols: 'imap',
    last_connection: null,
    created_at: 1,
    status: 'healthy',
    mailbox: { mailbox_name: 'contact' },
  });
const later = (ms: number, run: () => void) => void setTimeout(run, ms);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => new Error('expected a failure'),
    (e: unknown) => e,
  );

describe('a stop while a regenerate is on the wire', () => {
  it('waits for its answer and returns the new password', async () => {
    handler = (_req, _body, res) => {
      stop.abort();
      later(100, () => json(res, 200, ok({ password: PASSWORD })));
    };
    await expect(client().devices.regenerate(ref, 9, { signal: stop.signal })).resolves.toEqual({
      password: PASSWORD,
    });
  });

  it('sees a lost answer through: the retry is part of the regenerate already sent', async () => {
    let n = 0;
    handler = (req, _body, res) => {
      stop.abort();
      if (++n === 1) return req.socket.destroy();
      json(res, 200, ok({ password: PASSWORD }));
    };
    await expect(client().devices.regenerate(ref, 9, { signal: stop.signal })).resolves.toEqual({
      password: PASSWORD,
    });
    expect(seen).toHaveLength(2);
  });

  it('gives up at the bound after the stop, saying it may have happened', async () => {
    handler = () => stop.abort(); // never answers
    const error = await failure(client(100).devices.regenerate(ref, 9, { signal: stop.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ mayHaveCommitted: true });
  });

  it('an attempt refused (429) before the stop is not sent again', async () => {
    handler = (_req, _body, res) => {
      stop.abort();
      json(res, 429, { result: 'error', error: { code: 'too_many_requests' } }, { 'retry-after': '1' });
    };
    const error = await failure(client().devices.regenerate(ref, 9, { signal: stop.signal }));
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ mayHaveCommitted: false });
    expect(seen).toHaveLength(1);
  });
});

describe('a stop while a device create is on the wire', () => {
  const devices = `/1/mail_hostings/7/mailboxes/contact/accesses/devices`;

  it('waits for its answer, reads the access back and returns it with its password', async () => {
    const listed: unknown[] = [];
    handler = (req, body, res) => {
      if (req.method !== 'POST') return json(res, 200, paged(listed));
      stop.abort();
      later(100, () => {
        listed.push(access(2, (JSON.parse(body) as { label: string }).label));
        json(res, 200, ok({ password: PASSWORD }));
      });
    };
    const created = await client().devices.create(
      ref,
      { label: 'CRM', protocols: 'imap' },
      { signal: stop.signal },
    );
    expect(created).toMatchObject({ accessId: 2, label: 'CRM', password: PASSWORD });
    expect(seen).toEqual([`GET ${devices}`, `POST ${devices}`, `GET ${devices}`]);
  });

  it('stopped before the POST is sent: nothing is sent, and the error says nothing was changed', async () => {
    handler = (_req, _body, res) => {
      stop.abort();
      later(50, () => json(res, 200, paged([])));
    };
    const error = await failure(
      client().devices.create(ref, { label: 'CRM', protocols: 'imap' }, { signal: stop.signal }),
    );
    expect(error).toBeInstanceOf(AbortedError);
    expect(error).toMatchObject({ mayHaveCommitted: false, method: 'POST', route: routes.devices });
    expect((error as Error).message).toMatch(/before it was sent: nothing was changed/);
    expect(seen).toEqual([`GET ${devices}`]);
  });

  it('no answer by the bound after the stop: the outcome is unknown, never "not created"', async () => {
    handler = (req, _body, res) => {
      if (req.method !== 'POST') return json(res, 200, paged([]));
      stop.abort(); // and never answers
    };
    const error = await failure(
      client(100).devices.create(ref, { label: 'CRM', protocols: 'imap' }, { signal: stop.signal }),
    );
    expect(error).toBeInstanceOf(AmbiguousCreateError);
    expect(error).toMatchObject({ mayHaveCommitted: true });
    expect((error as Error).message).toMatch(/Could not tell whether the device access "CRM" was created/);
  });
});
