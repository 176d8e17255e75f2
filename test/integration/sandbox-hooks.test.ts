/** The /__sandbox/ test hooks: verify, request counts, faults, clock, reset. */
import { routes } from '../../provider/infomaniak/wire';
import {
  SANDBOX_GENERIC_PASSWORD,
  SandboxHooksClient,
  requestsResultSchema,
  startSandbox,
  type RunningSandbox,
} from '../../provider/sandbox';
import { call, hostingPath, mailboxPath } from './sandbox-http';

const DEVICES = `POST ${routes.devices}`;
const MAILBOXES = `GET ${routes.mailboxes}`;

let sandbox: RunningSandbox;
let hooks: SandboxHooksClient;
const logLines: string[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ testHooks: true, log: (line) => logLines.push(line) });
  hooks = new SandboxHooksClient(sandbox.url);
});
afterAll(() => sandbox.close());
beforeEach(() => hooks.reset());

const devicesPath = () => mailboxPath(sandbox, 'demonstration', '/accesses/devices');
const newDevice = (label = 'x') =>
  call(sandbox, 'POST', devicesPath(), { body: { label, protocols: ['imap'] } });

describe('POST /__sandbox/verify', () => {
  it('accepts a live password of the address only', async () => {
    const email = `ancien-compte@${sandbox.domain}`;
    await expect(hooks.verify(email, SANDBOX_GENERIC_PASSWORD)).resolves.toBe(true);
    await expect(hooks.verify(email.toUpperCase(), SANDBOX_GENERIC_PASSWORD)).resolves.toBe(true);
    await expect(hooks.verify(email, 'wrong-password-wrong-password')).resolves.toBe(false);
    await expect(hooks.verify(`demonstration@${sandbox.domain}`, SANDBOX_GENERIC_PASSWORD)).resolves.toBe(
      false,
    );
    await expect(hooks.verify('nobody@elsewhere.ch', 'x')).resolves.toBe(false);
    await expect(hooks.verify('no-at-sign', 'x')).resolves.toBe(false);
  });

  it('answers in the API envelope and validates its body', async () => {
    const response = await call(sandbox, 'POST', '/__sandbox/verify', { token: null, body: {} });
    expect(response.status).toBe(422);
    expect(response.json.result).toBe('error');
  });
});

describe('request counts', () => {
  it('counts API requests by "METHOD template", with timestamps and statuses, never the hooks', async () => {
    await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'));
    await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes?page=1'));
    await newDevice();
    await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'), { token: null });
    await call(sandbox, 'GET', '/not/an/api/path');
    await hooks.verify('a@b.ch', 'x');
    const seen = await hooks.requests();
    expect(requestsResultSchema.parse(seen)).toEqual(seen);
    expect(seen.counts).toEqual({ [MAILBOXES]: 3, [DEVICES]: 1, 'GET (no route)': 1 });
    expect(seen.total).toBe(5);
    expect(seen.entries.map((e) => [e.key, e.status])).toEqual([
      [MAILBOXES, 200],
      [MAILBOXES, 200],
      [DEVICES, 200],
      [MAILBOXES, 401],
      ['GET (no route)', 404],
    ]);
    for (let i = 1; i < seen.entries.length; i++) {
      expect(seen.entries[i].at_ms).toBeGreaterThanOrEqual(seen.entries[i - 1].at_ms);
    }
    await hooks.resetRequests();
    expect(await hooks.requests()).toEqual({ counts: {}, total: 0, entries: [] });
  });
});

describe('faults', () => {
  it('"status" answers that status in the error envelope, with Retry-After, count times', async () => {
    await hooks.addFault({ route: DEVICES, mode: 'status', status: 429, retry_after: 7, count: 2 });
    for (let i = 0; i < 2; i++) {
      const response = await newDevice();
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('7');
      expect(response.json.error.code).toBe('too_many_requests');
    }
    expect((await newDevice()).status).toBe(200);
    expect(await hooks.faults()).toEqual([]);
    const list = await call(sandbox, 'GET', devicesPath());
    expect(list.json.total).toBe(1); // the faulted creates did nothing
  });

  it('"reset" destroys the connection before anything happens', async () => {
    await hooks.addFault({ route: DEVICES, mode: 'reset', count: 1 });
    await expect(newDevice()).rejects.toThrow();
    expect((await call(sandbox, 'GET', devicesPath())).json.total).toBe(0);
    expect((await hooks.requests()).entries.find((e) => e.key === DEVICES)?.status).toBeNull();
  });

  it('"drop_after_commit" performs the mutation, then drops the connection unanswered', async () => {
    await hooks.addFault({ route: DEVICES, mode: 'drop_after_commit', count: 1 });
    await expect(newDevice('committed')).rejects.toThrow();
    const list = await call(sandbox, 'GET', devicesPath());
    expect(list.json.data.map((d: { label: string }) => d.label)).toEqual(['committed']);
  });

  it('"latency" delays the answer and then serves it', async () => {
    await hooks.addFault({ route: MAILBOXES, mode: 'latency', latency_ms: 150 });
    const started = performance.now();
    const response = await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'));
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('"rate" hits a deterministic share of requests: the same pattern after clearing', async () => {
    const pattern = async () => {
      await hooks.clearFaults();
      await hooks.addFault({ route: MAILBOXES, mode: 'status', status: 503, rate: 0.5 });
      let result = '';
      for (let i = 0; i < 20; i++) {
        result += (await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'))).status === 503 ? '1' : '0';
      }
      return result;
    };
    const first = await pattern();
    expect(first).toMatch(/1/);
    expect(first).toMatch(/0/);
    expect(await pattern()).toBe(first);
  });

  it('"*" hits every API route, never the hooks', async () => {
    await hooks.addFault({ route: '*', mode: 'status', status: 500 });
    expect((await call(sandbox, 'GET', hostingPath(sandbox, '/users'))).json.error.code).toBe(
      'internal_error',
    );
    await expect(hooks.requests()).resolves.toBeDefined();
  });

  it('refuses a fault on a route the API does not have', async () => {
    const response = await call(sandbox, 'POST', '/__sandbox/faults', {
      token: null,
      body: { route: 'GET /1/nope', mode: 'reset' },
    });
    expect(response.status).toBe(422);
    expect(response.json.error.errors[0].context.attribute).toBe('route');
  });
});

describe('clock and reset', () => {
  it('shifts the clock for timestamps and expiry', async () => {
    const before = (await newDevice()).json.data.created_at;
    const clock = await hooks.advanceClock(40 * 24 * 3600);
    expect(clock.offset_ms).toBe(40 * 24 * 3600 * 1000);
    const after = (await newDevice()).json.data.created_at;
    expect(after - before).toBeGreaterThanOrEqual(40 * 24 * 3600);
  });

  it('restores the seed', async () => {
    await call(sandbox, 'DELETE', mailboxPath(sandbox, 'contact'));
    await call(sandbox, 'POST', hostingPath(sandbox, '/mailboxes'), { body: { mailbox_name: 'temporaire' } });
    await hooks.addFault({ route: MAILBOXES, mode: 'status', status: 500 });
    await hooks.reset();
    const names = (await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'))).json.data.map(
      (m: { mailbox_name: string }) => m.mailbox_name,
    );
    expect(names).toEqual(['demonstration', 'ancien-compte', 'contact']);
  });
});

describe('log lines', () => {
  it('name the method, route template and status, never a token, password, link or path value', async () => {
    logLines.length = 0;
    const device = (await newDevice('Étiquette privée')).json.data;
    const invitation = (
      await call(sandbox, 'POST', mailboxPath(sandbox, 'demonstration', '/accesses/webmail/invitations'), {
        body: { permissions: ['read'] },
      })
    ).json.data;
    await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'), { token: sandbox.tokens.readonly });
    await hooks.verify(`demonstration@${sandbox.domain}`, device.password);
    expect(logLines[0]).toMatch(
      new RegExp(`^sandbox: POST ${routes.devices.replace(/[{}]/g, '\\$&')} 200 \\d+ms$`),
    );
    const all = logLines.join('\n');
    for (const secret of [
      device.password,
      invitation.url,
      invitation.url.split('/').pop(),
      sandbox.tokens.admin,
      sandbox.tokens.readonly,
      'demonstration',
      'Étiquette',
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});
