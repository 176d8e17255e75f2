import { Diagnostics, unknown } from '../framework';
import { MailClient, type DeviceAccess, type UserAccess } from '../infomaniak';
import {
  SANDBOX_ADMIN_TOKEN,
  SANDBOX_CONTACT_ACCESS_ID,
  SANDBOX_CONTACT_DEVICE_ID,
  SANDBOX_GENERIC_DEVICE_ID,
  SANDBOX_MAIL_HOSTING_ID as HOSTING,
  SandboxHooksClient,
  startSandbox,
  type RunningSandbox,
} from '../sandbox';
import { AccessCache } from './access-cache';
import {
  accessPolicy,
  decideDevices,
  decideUsers,
  describeDevice,
  describeUser,
  deviceEntry,
  explainPlan,
  keepIds,
  snapshotFromPrivate,
  userEntry,
  type AccessPolicyModel,
  type DeviceEntry,
  type UserEntry,
} from './access-policy';
import type { MailContext } from './context';

const device = (id: number, extra: Partial<DeviceEntry> = {}): DeviceEntry => ({
  device_id: id,
  access_id: id + 1000,
  label: `Device ${id}`,
  type: 'computer',
  user_id: null,
  is_generic: false,
  status: 'healthy',
  last_connection: null,
  created_at: '2026-01-01T00:00:00Z',
  ...extra,
});
const user = (id: number): UserEntry => ({ user_id: id, email: `u${id}@x.ch`, display_name: `User ${id}` });
const generic = device(1, { is_generic: true, label: 'Generic password', type: 'legacy' });
const none = keepIds(null);

describe('keepIds', () => {
  it('tells known ids from ids not known yet', () => {
    expect(keepIds(null)).toEqual({ known: new Set(), hasUnknown: false });
    expect(keepIds(unknown)).toEqual({ known: new Set(), hasUnknown: true });
    expect(keepIds([3, unknown, 4])).toEqual({ known: new Set([3, 4]), hasUnknown: true });
  });
});

describe('decideDevices', () => {
  const devices = [device(9), generic, device(5)];

  it('only reports without exclusivity, by id', () => {
    const d = decideDevices(devices, { exclusive: false, keep: keepIds([5]), revokeGeneric: false });
    expect(d).toEqual({ unmanaged: [generic, device(9)], revoke: [], undecided: [] });
  });

  it('revokes what is not kept when exclusive, keeping the generic password unless asked', () => {
    const keep = keepIds([5]);
    expect(decideDevices(devices, { exclusive: true, keep, revokeGeneric: false })).toEqual({
      unmanaged: [generic],
      revoke: [device(9)],
      undecided: [],
    });
    expect(decideDevices(devices, { exclusive: true, keep, revokeGeneric: true })).toEqual({
      unmanaged: [],
      revoke: [generic, device(9)],
      undecided: [],
    });
  });

  it('with keep ids not known yet: revokes only known strays, and a non-empty list is unknown', () => {
    const keep = keepIds([unknown]);
    const exclusive = decideDevices([device(9)], { exclusive: true, keep, revokeGeneric: false });
    expect(exclusive).toEqual({ unmanaged: [], revoke: [device(9)], undecided: [] });
    const withGeneric = decideDevices(devices, { exclusive: true, keep, revokeGeneric: false });
    expect(withGeneric.unmanaged).toBe('unknown');
    expect(decideDevices(devices, { exclusive: false, keep, revokeGeneric: false }).unmanaged).toBe(
      'unknown',
    );
    expect(decideDevices([], { exclusive: false, keep, revokeGeneric: false }).unmanaged).toEqual([]);
  });

  it('leaves the decision open while a flag is unknown', () => {
    const open = decideDevices(devices, { exclusive: unknown, keep: none, revokeGeneric: false });
    expect(open.unmanaged).toBe('unknown');
    expect(open.revoke).toEqual([]);
    expect(open.undecided.map((d) => d.device_id)).toEqual([1, 5, 9]);
    const generic_ = decideDevices(devices, { exclusive: true, keep: none, revokeGeneric: unknown });
    expect(generic_).toEqual({ unmanaged: 'unknown', revoke: [device(5), device(9)], undecided: [generic] });
  });
});

describe('entries from the model', () => {
  const access: DeviceAccess = {
    accessId: 8000002,
    deviceId: 7000002,
    label: 'Outlook (Bruno)',
    type: 'computer',
    protocols: 'pop3-imap',
    status: 'leaked',
    userId: 100002,
    lastConnection: Date.parse('2026-06-29T08:00:00Z') / 1000,
    createdAt: Date.parse('2025-02-03T00:00:00Z') / 1000,
  };

  it('deviceEntry: the Device id, the access id, type, status and RFC 3339 times', () => {
    expect(deviceEntry(access)).toEqual({
      device_id: 7000002,
      access_id: 8000002,
      label: 'Outlook (Bruno)',
      type: 'computer',
      user_id: 100002,
      is_generic: false,
      status: 'leaked',
      last_connection: '2026-06-29T08:00:00Z',
      created_at: '2025-02-03T00:00:00Z',
    });
    expect(deviceEntry({ ...access, lastConnection: null }).last_connection).toBeNull();
  });

  it('deviceEntry marks the generic password (type legacy)', () => {
    const legacy = deviceEntry({ ...access, type: 'legacy', userId: null });
    expect(legacy.is_generic).toBe(true);
    expect(describeDevice(legacy)).toBe(
      'device 7000002 "Outlook (Bruno)" (access 8000002), the generic password',
    );
    expect(describeDevice(deviceEntry({ ...access, userId: null }))).toBe(
      'device 7000002 "Outlook (Bruno)" (access 8000002)',
    );
  });

  it('userEntry: id, email and display name', () => {
    const u: UserAccess = {
      accessId: 9000002,
      userId: 100001,
      email: 'alice.martin@exemple-domaine.ch',
      displayName: 'Alice Martin',
      firstName: 'Alice',
      lastName: 'Martin',
      status: 'healthy',
      permissions: ['manage_filters'],
      createdAt: 1,
      lastUsedAt: null,
    };
    expect(userEntry(u)).toEqual({
      user_id: 100001,
      email: 'alice.martin@exemple-domaine.ch',
      display_name: 'Alice Martin',
    });
    expect(describeUser(userEntry(u))).toBe('user 100001 Alice Martin <alice.martin@exemple-domaine.ch>');
  });

  it('keep_device_ids names Devices, not accesses', () => {
    const entry = deviceEntry(access);
    expect(
      decideDevices([entry], { exclusive: true, keep: keepIds([7000002]), revokeGeneric: false }).revoke,
    ).toEqual([]);
    expect(
      decideDevices([entry], { exclusive: true, keep: keepIds([8000002]), revokeGeneric: false }).revoke,
    ).toEqual([entry]);
  });
});

describe('decideUsers', () => {
  it('removes users not kept only when exclusive', () => {
    const users = [user(2), user(1)];
    expect(decideUsers(users, { exclusive: true, keep: keepIds([1]) })).toEqual({
      unmanaged: [],
      revoke: [user(2)],
      undecided: [],
    });
    expect(decideUsers(users, { exclusive: false, keep: none }).unmanaged).toEqual([user(1), user(2)]);
    expect(decideUsers(users, { exclusive: null, keep: none }).revoke).toEqual([]);
  });

  it('leaves the decision open while exclusive_users is unknown, and lists unknown with unknown keep ids', () => {
    expect(decideUsers([user(2)], { exclusive: unknown, keep: none })).toEqual({
      unmanaged: 'unknown',
      revoke: [],
      undecided: [user(2)],
    });
    expect(decideUsers([user(2)], { exclusive: false, keep: keepIds([unknown]) }).unmanaged).toBe('unknown');
  });
});

describe('explainPlan', () => {
  const ref = { hosting: 7, mailbox: 'contact' };

  it('names every device and user apply will revoke, on the exclusive attributes', () => {
    const d = new Diagnostics();
    const devices = decideDevices([device(9, { label: 'Outlook (Bruno)', user_id: 2 }), generic], {
      exclusive: true,
      keep: keepIds([unknown]),
      revokeGeneric: false,
    });
    const users = decideUsers([user(2)], { exclusive: true, keep: none });
    explainPlan(
      ref,
      devices,
      users,
      { devices: keepIds([unknown]), users: none },
      { devices: true, users: true },
      d,
    );
    const [devs, usrs] = d.warnings;
    expect(devs).toMatchObject({ attribute: [{ attributeName: 'exclusive_devices' }] });
    expect(devs?.summary).toBe('Apply will revoke 1 device of "contact" (Mail Service 7)');
    expect(devs?.detail).toContain('device 9 "Outlook (Bruno)" (access 1009), user 2');
    expect(devs?.detail).toMatch(/never revoked/);
    expect(usrs?.detail).toContain('user 2 User 2 <u2@x.ch>');
  });

  it('reports strays when not exclusive, and says the generic password stays', () => {
    const d = new Diagnostics();
    const devices = decideDevices([device(9), generic], {
      exclusive: false,
      keep: none,
      revokeGeneric: false,
    });
    const users = decideUsers([user(2)], { exclusive: false, keep: none });
    explainPlan(ref, devices, users, { devices: none, users: none }, { devices: false, users: false }, d);
    expect(d.warnings.map((w) => w.summary)).toEqual([
      '2 devices of "contact" (Mail Service 7) are not managed by Terraform',
      '1 user with access to "contact" (Mail Service 7) is not managed by Terraform',
    ]);
    const kept = new Diagnostics();
    const exclusive = decideDevices([generic], { exclusive: true, keep: none, revokeGeneric: false });
    explainPlan(
      ref,
      exclusive,
      decideUsers([], { exclusive: false, keep: none }),
      { devices: none, users: none },
      {
        devices: true,
        users: false,
      },
      kept,
    );
    expect(kept.warnings.map((w) => w.summary)).toEqual([
      'The generic password of "contact" (Mail Service 7) stays valid',
    ]);
  });
});

describe('importState', () => {
  const req = {
    typeName: 'infomaniakmail_access_policy',
    signal: new AbortController().signal,
    diagnostics: new Diagnostics(),
    client: {} as never,
  };

  it('takes HOSTING/MAILBOX', async () => {
    expect(await accessPolicy.importState!({ ...req, id: '1234567/contact' })).toEqual({
      state: { mail_hosting_id: 1234567, mailbox_name: 'contact' },
    });
  });

  it.each(['contact', '1234567/contact/7000002', 'x/contact', '0/contact', '/contact'])(
    'rejects %j, showing the form',
    async (id) => {
      await expect(Promise.resolve().then(() => accessPolicy.importState!({ ...req, id }))).rejects.toThrow(
        /Expected MAIL_HOSTING_ID\/MAILBOX_NAME, e\.g\. "1234567\/contact"/,
      );
    },
  );
});

describe('access_policy against the sandbox', () => {
  let sandbox: RunningSandbox;
  let hooks: SandboxHooksClient;
  const clients: MailClient[] = [];
  const contact = { hosting: HOSTING, mailbox: 'contact' };

  beforeAll(async () => {
    sandbox = await startSandbox({ testHooks: true });
    hooks = new SandboxHooksClient(sandbox.url);
  });
  afterEach(() => hooks.reset());
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sandbox.close();
  });

  function context(): MailContext {
    const client = new MailClient({
      token: SANDBOX_ADMIN_TOKEN,
      endpoint: sandbox.url,
      retry: { maxAttempts: 1 },
    });
    clients.push(client);
    return { client, cache: new AccessCache(client) };
  }

  function call(ctx: MailContext) {
    return {
      typeName: 'infomaniakmail_access_policy',
      signal: new AbortController().signal,
      diagnostics: new Diagnostics(),
      client: ctx,
    };
  }

  const settings = (over: Partial<AccessPolicyModel> = {}) => ({
    id: null,
    mail_hosting_id: HOSTING,
    mailbox_name: 'contact',
    exclusive_devices: false,
    keep_device_ids: null,
    exclusive_users: false,
    keep_user_ids: null,
    revoke_generic_password: false,
    unmanaged_devices: null,
    unmanaged_users: null,
    ...over,
  });

  it('plans an exclusive create with keep ids not known yet: [] planned, the stray named', async () => {
    const req = call(context());
    const config = settings({ exclusive_devices: true, keep_device_ids: [unknown] as never });
    const plan = { ...config, id: unknown, unmanaged_devices: unknown, unmanaged_users: unknown };
    const out = await accessPolicy.modifyPlan!({
      ...req,
      config: config as never,
      state: null,
      plan: plan as never,
      private: undefined,
    });
    expect(out && out.plan).toMatchObject({ id: `${HOSTING}/contact`, unmanaged_devices: [] });
    // Users are only reported: what a new policy lists is read when apply runs.
    expect(out && out.plan?.unmanaged_users).toBe(unknown);
    expect(req.diagnostics.warnings[1]?.summary).toMatch(/2 users with access to "contact" .* not managed/);
    expect(req.diagnostics.warnings[0]?.detail).toContain(
      `device ${SANDBOX_CONTACT_DEVICE_ID} "Outlook (Bruno)" (access ${SANDBOX_CONTACT_ACCESS_ID})`,
    );
  });

  it('keeps the generic password of ancien-compte unless revoke_generic_password', async () => {
    const ref = { hosting: HOSTING, mailbox: 'ancien-compte' };
    const config = settings({ mailbox_name: 'ancien-compte', exclusive_devices: true });
    const kept = await accessPolicy.create({
      ...call(context()),
      config,
      plan: { ...config, unmanaged_devices: unknown, unmanaged_users: unknown } as never,
      private: undefined,
    });
    expect(kept.state.unmanaged_devices?.map((d) => d.device_id)).toEqual([SANDBOX_GENERIC_DEVICE_ID]);
    const ctx = context();
    expect((await ctx.client.devices.list(ref)).map((d) => d.deviceId)).toEqual([SANDBOX_GENERIC_DEVICE_ID]);

    const revoking = { ...config, revoke_generic_password: true };
    const done = await accessPolicy.update!({
      ...call(ctx),
      config: revoking,
      plan: { ...revoking, unmanaged_devices: [], unmanaged_users: unknown } as never,
      state: kept.state,
      private: kept.private,
    });
    expect(done.state.unmanaged_devices).toEqual([]);
    expect(await ctx.client.devices.list(ref)).toEqual([]);
  });

  it('refresh records a snapshot; apply revokes from it, never what appeared later', async () => {
    const ctx = context();
    const state = settings() as AccessPolicyModel;
    const read = await accessPolicy.read({ ...call(ctx), state, private: undefined });
    if (read.gone) throw new Error('unexpected gone');
    expect(read.state.unmanaged_devices?.map((d) => d.device_id)).toEqual([SANDBOX_CONTACT_DEVICE_ID]);
    expect(read.state.unmanaged_users?.map((u) => u.user_id)).toEqual([100001, 100002]);
    expect(snapshotFromPrivate(read.private)?.devices).toHaveLength(1);

    // A device created after the refresh (e.g. by terraform in the same apply) is not revoked.
    const later = await ctx.client.devices.create(contact, { label: 'Later', protocols: 'imap' });
    const config = settings({ exclusive_devices: true, exclusive_users: true, keep_user_ids: [100001] });
    const plan = { ...config, id: `${HOSTING}/contact`, unmanaged_devices: [], unmanaged_users: [] };
    const applied = await accessPolicy.update!({
      ...call(context()),
      config,
      plan: plan as never,
      state: read.state,
      private: read.private,
    });
    expect(applied.state.unmanaged_devices).toEqual([]);
    const fresh = context();
    expect((await fresh.client.devices.list(contact)).map((d) => d.accessId)).toEqual([later.accessId]);
    expect((await fresh.client.webmail.list(contact)).users.map((u) => u.userId)).toEqual([100001]);
  });

  it('never revokes, on create, what the apply under way created', async () => {
    const ctx = context();
    const fresh = await ctx.client.devices.create(contact, {
      label: 'Made by this apply',
      protocols: 'imap',
    });
    const config = settings({ exclusive_devices: true, keep_user_ids: [100001, 100002] });
    const req = call(ctx);
    const plan = { ...config, unmanaged_devices: unknown, unmanaged_users: unknown };
    await accessPolicy.create({ ...req, config, plan: plan as never, private: undefined });
    expect((await context().client.devices.list(contact)).map((d) => d.accessId)).toEqual([fresh.accessId]);
    expect(req.diagnostics.warnings[0]?.summary).toMatch(
      /Left alone: 1 created on "contact" .* during this run/,
    );
    expect(req.diagnostics.warnings[0]?.detail).toContain(
      `device ${fresh.deviceId} "Made by this apply" (access ${fresh.accessId})`,
    );
  });

  it('destroying the policy revokes nothing', async () => {
    const ctx = context();
    await accessPolicy.delete({
      ...call(ctx),
      state: settings({ exclusive_devices: true }) as AccessPolicyModel,
      private: undefined,
    });
    expect(await ctx.client.devices.list(contact)).toHaveLength(1);
  });
});
