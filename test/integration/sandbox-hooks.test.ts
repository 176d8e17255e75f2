/** The /__sandbox/ test hooks: verify, invitation accept, device status, request counts, faults, clock, reset. */
import { routes } from '../../provider/infomaniak/wire';
import {
  SANDBOX_CONTACT_ACCESS_ID,
  SANDBOX_GENERIC_PASSWORD,
  SANDBOX_USERS,
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
  call(sandbox, 'POST', devicesPath(), { body: { label, protocols: 'imap' } });
const listDevices = () => call(sandbox, 'GET', `${devicesPath()}?with=device,user_access`);

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
    const list = await listDevices();
    expect(list.json.total).toBe(1); // the faulted creates did nothing
  });

  it('"reset" destroys the connection before anything happens', async () => {
    await hooks.addFault({ route: DEVICES, mode: 'reset', count: 1 });
    await expect(newDevice()).rejects.toThrow();
    expect((await listDevices()).json.total).toBe(0);
    expect((await hooks.requests()).entries.find((e) => e.key === DEVICES)?.status).toBeNull();
  });

  it('"drop_after_commit" performs the mutation, then drops the connection unanswered', async () => {
    await hooks.addFault({ route: DEVICES, mode: 'drop_after_commit', count: 1 });
    await expect(newDevice('committed')).rejects.toThrow();
    const list = await listDevices();
    expect(list.json.data.map((d: { device: { label: string } }) => d.device.label)).toEqual(['committed']);
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
    expect((await call(sandbox, 'GET', '/1/products')).json.error.code).toBe('unexpected_error');
    await expect(hooks.requests()).resolves.toBeDefined();
  });

  it('"status" with a code answers that code (e.g. legacy_device_deletion)', async () => {
    const route = `DELETE ${routes.deviceAccess}`;
    await hooks.addFault({ route, mode: 'status', status: 403, code: 'legacy_device_deletion', count: 1 });
    const response = await call(
      sandbox,
      'DELETE',
      mailboxPath(sandbox, 'ancien-compte', '/accesses/devices/8000001'),
    );
    expect(response.status).toBe(403);
    expect(response.json.error.code).toBe('legacy_device_deletion');
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
    await newDevice('before');
    const clock = await hooks.advanceClock(40 * 24 * 3600);
    expect(clock.offset_ms).toBe(40 * 24 * 3600 * 1000);
    await newDevice('after');
    const [before, after] = (await listDevices()).json.data.map((d: { created_at: number }) => d.created_at);
    expect(after - before).toBeGreaterThanOrEqual(40 * 24 * 3600);
  });

  it('restores the seed', async () => {
    await call(sandbox, 'DELETE', mailboxPath(sandbox, 'contact', '/accesses/devices'));
    await call(sandbox, 'POST', hostingPath(sandbox, '/mailboxes'), { body: { mailbox_name: 'temporaire' } });
    await hooks.addFault({ route: MAILBOXES, mode: 'status', status: 500 });
    await hooks.reset();
    const names = (await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'))).json.data.map(
      (m: { mailbox_name: string }) => m.mailbox_name,
    );
    expect(names).toEqual(['demonstration', 'ancien-compte', 'contact']);
    const contact = await call(sandbox, 'GET', mailboxPath(sandbox, 'contact', '/accesses/devices'));
    expect(contact.json.data.map((d: { id: number }) => d.id)).toEqual([SANDBOX_CONTACT_ACCESS_ID]);
  });
});

describe('log lines', () => {
  it('name the method, route template and status, never a token, password, link or path value', async () => {
    logLines.length = 0;
    const device = (await newDevice('Étiquette privée')).json.data;
    const invitation = (
      await call(sandbox, 'POST', mailboxPath(sandbox, 'demonstration', '/accesses/webmail/invitations'), {
        body: {},
      })
    ).json.data;
    await call(sandbox, 'GET', mailboxPath(sandbox, 'demonstration', '/accesses/webmail'));
    await call(sandbox, 'GET', hostingPath(sandbox, '/mailboxes'), { token: sandbox.tokens.readonly });
    await hooks.verify(`demonstration@${sandbox.domain}`, device.password);
    expect(logLines[0]).toMatch(
      new RegExp(`^sandbox: POST ${routes.devices.replace(/[{}]/g, '\\$&')} 200 \\d+ms$`),
    );
    const all = logLines.join('\n');
    for (const secret of [
      device.password,
      invitation.short_url,
      new URL(invitation.short_url).pathname,
      invitation.key,
      sandbox.tokens.admin,
      sandbox.tokens.readonly,
      'demonstration',
      'Étiquette',
    ]) {
      expect(all).not.toContain(secret);
    }
  });
});

describe('POST /__sandbox/invitations/accept', () => {
  const webmail = () => mailboxPath(sandbox, 'demonstration', '/accesses/webmail');
  const invite = async (permissions = { can_manage_filters: true, can_access_logs: true }) =>
    (
      await call(sandbox, 'POST', `${webmail()}/invitations`, {
        body: { permissions, firstname: 'Dora', lastname: 'Weber' },
      })
    ).json.data as { key: string };
  const items = async () =>
    (await call(sandbox, 'GET', webmail())).json.data as Array<{
      invitation?: { key: string };
      user_access?: { user: { id: number; email: string }; permissions: Record<string, boolean> };
    }>;

  it('turns a sent invitation into a user access for a new user with that email', async () => {
    const { key } = await invite();
    await call(sandbox, 'POST', `${webmail()}/invitations/${key}/send`, {
      body: { email: 'dora@ailleurs.ch' },
    });
    const result = await hooks.acceptInvitation({ mailbox_name: 'demonstration', key, user_id: 100050 });
    expect(result).toEqual({
      user_id: 100050,
      email: 'dora@ailleurs.ch',
      user_access_id: expect.any(Number),
      user_created: true,
    });
    const after = await items();
    expect(after.some((i) => i.invitation)).toBe(false);
    const access = after.find((i) => i.user_access?.user.id === 100050)!.user_access!;
    expect(access.user.email).toBe('dora@ailleurs.ch');
    expect(
      Object.entries(access.permissions)
        .filter(([, v]) => v)
        .map(([k]) => k)
        .sort(),
    ).toEqual(['can_access_logs', 'can_manage_filters']);
    const users = (await call(sandbox, 'GET', `/2/accounts/424242/users`)).json.data as Array<{
      user_id: number;
    }>;
    expect(users.map((u) => u.user_id)).toContain(100050);
  });

  it('accepts for an existing user whose email is the one the link was sent to, and refuses another', async () => {
    const { key } = await invite();
    await call(sandbox, 'POST', `${webmail()}/invitations/${key}/send`, {
      body: { email: SANDBOX_USERS.chloe.email.toUpperCase() },
    });
    await expect(
      hooks.acceptInvitation({ mailbox_name: 'demonstration', key, user_id: SANDBOX_USERS.alice.user_id }),
    ).rejects.toThrow(/422/);
    const result = await hooks.acceptInvitation({
      mailbox_name: 'demonstration',
      key,
      user_id: SANDBOX_USERS.chloe.user_id,
    });
    expect(result.user_created).toBe(false);
    await expect(
      hooks.acceptInvitation({ mailbox_name: 'demonstration', key, user_id: SANDBOX_USERS.chloe.user_id }),
    ).rejects.toThrow(/404/);
  });

  it('refuses an expired invitation, and an unknown Mail Service', async () => {
    const { key } = await invite();
    await hooks.advanceClock(31 * 24 * 3600);
    await expect(
      hooks.acceptInvitation({ mailbox_name: 'demonstration', key, user_id: SANDBOX_USERS.chloe.user_id }),
    ).rejects.toThrow(/422/);
    await expect(
      hooks.acceptInvitation({ mailbox_name: 'demonstration', key, user_id: 1, mail_hosting_id: 99 }),
    ).rejects.toThrow(/404/);
  });
});

describe('POST /__sandbox/devices/status', () => {
  it('flags an access leaked or spam; regenerating makes it healthy again', async () => {
    const path = mailboxPath(sandbox, 'contact', '/accesses/devices');
    const status = async () => (await call(sandbox, 'GET', path)).json.data[0].status;
    await hooks.setDeviceStatus(SANDBOX_CONTACT_ACCESS_ID, 'leaked');
    expect(await status()).toBe('leaked');
    await hooks.setDeviceStatus(SANDBOX_CONTACT_ACCESS_ID, 'spam');
    expect(await status()).toBe('spam');
    await call(sandbox, 'POST', `${path}/${SANDBOX_CONTACT_ACCESS_ID}`);
    expect(await status()).toBe('healthy');
    await expect(hooks.setDeviceStatus(1, 'leaked')).rejects.toThrow(/404/);
    const bad = await call(sandbox, 'POST', '/__sandbox/devices/status', {
      token: null,
      body: { access_id: SANDBOX_CONTACT_ACCESS_ID, status: 'stolen' },
    });
    expect(bad.status).toBe(422);
    expect(bad.json.error.errors[0].context.attribute).toBe('status');
  });
});
