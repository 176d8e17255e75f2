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
import { RecipientsCache } from './secret-recipients';
import {
  accessPolicy,
  decide,
  describeDevice,
  describeUser,
  deviceEntry,
  explainPlan,
  keepEmails,
  keepIds,
  snapshotFromPrivate,
  userEntry,
  type AccessPolicyModel,
  type DeviceEntry,
  type Rules,
  type UserEntry,
} from './access-policy';
import {
  addressAccessDataSource,
  decodeSnapshot,
  encodeSnapshot,
  type InvitationEntry,
} from './access-snapshot';
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
const user = (id: number): UserEntry => ({
  user_id: id,
  email: `u${id}@x.ch`,
  display_name: `User ${id}`,
  created_at: '2026-01-01T00:00:00Z',
});
const invitation = (key: string, sentTo: string | null): InvitationEntry => ({
  key,
  sent_to: sentTo,
  expires_at: '2026-02-01T00:00:00Z',
});
const generic = device(1, { is_generic: true, label: 'Generic password', type: 'legacy' });

const rules = (over: Partial<Rules> = {}): Rules => ({
  exclusiveDevices: false,
  exclusiveUsers: false,
  revokeGeneric: false,
  keepDevices: keepIds(null),
  keepUsers: keepIds(null),
  keepInvitations: keepEmails(null),
  ...over,
});

const snapshot = {
  exists: true,
  devices: [generic, device(5), device(9)],
  users: [user(1), user(2)],
  invitations: [
    invitation('kept', 'Guest@Example.ch'),
    invitation('stray', 'other@x.ch'),
    invitation('unsent', null),
  ],
};

describe('keep entries', () => {
  it('tell known ids from ids not known yet', () => {
    expect(keepIds(null)).toEqual({ known: new Set(), hasUnknown: false });
    expect(keepIds(unknown)).toEqual({ known: new Set(), hasUnknown: true });
    expect(keepIds([3, unknown, 4])).toEqual({ known: new Set([3, 4]), hasUnknown: true });
  });

  it('compare emails case-insensitively', () => {
    expect(keepEmails(['Guest@Example.ch'])).toEqual({
      known: new Set(['guest@example.ch']),
      hasUnknown: false,
    });
  });
});

describe('decide', () => {
  it('reports without exclusivity: nothing to revoke, every stray unmanaged', () => {
    const d = decide(snapshot, rules({ keepDevices: keepIds([5]) }));
    expect(d).toEqual({
      devicesToRevoke: [],
      usersToRemove: [],
      invitationsToWithdraw: [],
      unmanagedDevices: [generic, device(9)],
      unmanagedUsers: [user(1), user(2)],
    });
  });

  it('exclusive: revokes what is not kept, the generic password only when asked', () => {
    const kept = decide(snapshot, rules({ exclusiveDevices: true, keepDevices: keepIds([5]) }));
    expect(kept.devicesToRevoke).toEqual([device(9)]);
    expect(kept.unmanagedDevices).toEqual([generic]);
    const all = decide(
      snapshot,
      rules({ exclusiveDevices: true, revokeGeneric: true, keepDevices: keepIds([5]) }),
    );
    expect(all.devicesToRevoke).toEqual([generic, device(9)]);
    expect(all.unmanagedDevices).toEqual([]);
  });

  it('exclusive users cover pending invitations: unkept and never-sent ones are withdrawn', () => {
    const d = decide(
      snapshot,
      rules({
        exclusiveUsers: true,
        keepUsers: keepIds([2]),
        keepInvitations: keepEmails(['guest@example.ch']),
      }),
    );
    expect(d.usersToRemove).toEqual([user(1)]);
    // An accepted invitation is a user with the invited email: kept by keep_invitation_emails.
    const accepted = decide(
      snapshot,
      rules({ exclusiveUsers: true, keepInvitations: keepEmails(['U1@x.ch']) }),
    );
    expect(accepted.usersToRemove).toEqual([user(2)]);
    expect((d.invitationsToWithdraw as InvitationEntry[]).map((i) => i.key)).toEqual(['stray', 'unsent']);
    expect(d.unmanagedUsers).toEqual([]);
  });

  it('keep ids not known yet are Devices that do not exist yet: the lists stay known', () => {
    const d = decide(snapshot, rules({ exclusiveDevices: true, keepDevices: keepIds([5, unknown]) }));
    expect(d.devicesToRevoke).toEqual([device(9)]);
    expect(d.unmanagedDevices).toEqual([generic]);
  });

  it('leaves a list open only while its flag is unknown and there is something to decide', () => {
    const d = decide(snapshot, rules({ exclusiveDevices: unknown, exclusiveUsers: unknown }));
    expect(d.devicesToRevoke).toBe('unknown');
    expect(d.usersToRemove).toBe('unknown');
    expect(d.unmanagedDevices).toBe('unknown');
    const empty = decide(
      { exists: false, devices: [], users: [], invitations: [] },
      rules({ exclusiveDevices: unknown }),
    );
    expect(empty.devicesToRevoke).toEqual([]);
    const generic_ = decide(
      snapshot,
      rules({ exclusiveDevices: true, revokeGeneric: unknown, keepDevices: keepIds([5, 9]) }),
    );
    expect(generic_.devicesToRevoke).toBe('unknown');
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
    lastConnection: 1_767_225_600,
    createdAt: 1_735_689_600,
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
      last_connection: '2026-01-01T00:00:00Z',
      created_at: '2025-01-01T00:00:00Z',
    });
    expect(deviceEntry({ ...access, type: 'legacy' }).is_generic).toBe(true);
  });

  it('userEntry: id, email, display name and since when', () => {
    const u = {
      userId: 100001,
      email: 'a@x.ch',
      displayName: 'Alice',
      createdAt: 1_735_689_600,
    } as UserAccess;
    expect(userEntry(u)).toEqual({
      user_id: 100001,
      email: 'a@x.ch',
      display_name: 'Alice',
      created_at: '2025-01-01T00:00:00Z',
    });
  });

  it('a snapshot survives its JSON form; anything else is refused', () => {
    expect(decodeSnapshot(encodeSnapshot(snapshot))).toEqual(snapshot);
    expect(decodeSnapshot('{"devices": []}')).toBeUndefined();
    expect(decodeSnapshot('not json')).toBeUndefined();
  });
});

describe('explainPlan', () => {
  const ref = { hosting: HOSTING, mailbox: 'contact' };

  it('names every device, user and invitation apply will revoke, on the list attributes', () => {
    const r = rules({ exclusiveDevices: true, exclusiveUsers: true, keepDevices: keepIds([5, unknown]) });
    const diagnostics = new Diagnostics();
    explainPlan(ref, decide(snapshot, r), r, diagnostics);
    const [devices, users, invitations, generic_] = diagnostics.warnings;
    expect(devices.summary).toBe(`Apply will revoke 1 device of "contact" (Mail Service ${HOSTING})`);
    expect(devices.detail).toContain(describeDevice(device(9)));
    expect(devices.detail).toContain('known only at apply');
    expect(users.detail).toContain(describeUser(user(1)));
    expect(users.detail).toContain(describeUser(user(2)));
    expect(invitations.summary).toMatch(/withdraw 3 invitations/);
    expect(invitations.detail).toContain('invitation unsent (never sent)');
    expect(generic_.summary).toMatch(/generic password .* stays valid/);
  });

  it('reports strays when not exclusive', () => {
    const diagnostics = new Diagnostics();
    explainPlan(ref, decide(snapshot, rules()), rules(), diagnostics);
    expect(diagnostics.warnings.map((w) => w.summary)).toEqual([
      `3 devices of "contact" (Mail Service ${HOSTING}) are not managed by Terraform`,
      `2 users with access to "contact" (Mail Service ${HOSTING}) are not managed by Terraform`,
    ]);
  });
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
    return { client, cache: new AccessCache(client), recipients: new RecipientsCache(null) };
  }

  function call(ctx: MailContext) {
    return {
      typeName: 'infomaniakmail_access_policy',
      signal: new AbortController().signal,
      diagnostics: new Diagnostics(),
      client: ctx,
    };
  }

  const settings = (over: Partial<AccessPolicyModel> = {}): AccessPolicyModel => ({
    id: null,
    mail_hosting_id: HOSTING,
    mailbox_name: 'contact',
    exclusive_devices: false,
    keep_device_ids: null,
    exclusive_users: false,
    keep_user_ids: null,
    keep_invitation_emails: null,
    revoke_generic_password: false,
    observed: null,
    devices_to_revoke: null,
    users_to_remove: null,
    invitations_to_withdraw: null,
    unmanaged_devices: null,
    unmanaged_users: null,
    ...over,
  });
  const computedUnknown = {
    id: unknown,
    devices_to_revoke: unknown,
    users_to_remove: unknown,
    invitations_to_withdraw: unknown,
    unmanaged_devices: unknown,
    unmanaged_users: unknown,
  };

  async function observe(ctx: MailContext, mailbox = 'contact'): Promise<string> {
    const read = await addressAccessDataSource.read({
      ...call(ctx),
      typeName: 'infomaniakmail_address_access',
      config: { mail_hosting_id: HOSTING, mailbox_name: mailbox } as never,
    });
    return (read.state as { snapshot: string }).snapshot;
  }

  async function planOf(ctx: MailContext, config: AccessPolicyModel, state: AccessPolicyModel | null = null) {
    const req = call(ctx);
    const out = await accessPolicy.modifyPlan!({
      ...req,
      config: config as never,
      state,
      plan: { ...config, ...computedUnknown } as never,
      private: undefined,
    });
    if (!out?.plan) throw new Error('no plan');
    return { plan: out.plan, private: out.private, diagnostics: req.diagnostics };
  }

  it('a new exclusive policy with observed plans its revocations; apply revokes exactly them', async () => {
    const ctx = context();
    const stray = await ctx.client.devices.create(contact, { label: 'Stray', protocols: 'imap' });
    const config = settings({
      exclusive_devices: true,
      exclusive_users: true,
      keep_user_ids: [100001],
      keep_device_ids: [unknown] as never,
      observed: await observe(ctx),
    });
    const planned = await planOf(ctx, config);
    expect((planned.plan.devices_to_revoke as DeviceEntry[]).map((d) => d.access_id)).toEqual([
      SANDBOX_CONTACT_ACCESS_ID,
      stray.accessId,
    ]);
    expect((planned.plan.users_to_remove as UserEntry[]).map((u) => u.user_id)).toEqual([100002]);
    expect(planned.plan.invitations_to_withdraw).toEqual([]);

    // Appears between plan and apply: left alone.
    const later = await ctx.client.devices.create(contact, { label: 'Later', protocols: 'imap' });
    const applying = { ...config, keep_device_ids: [] };
    const applied = await accessPolicy.create({
      ...call(context()),
      config: applying,
      plan: { ...planned.plan, keep_device_ids: [] } as never,
      private: planned.private,
    });
    expect(applied.state.devices_to_revoke).toEqual(planned.plan.devices_to_revoke);
    expect(applied.state.observed).toBeNull();
    const fresh = context();
    expect((await fresh.client.devices.list(contact)).map((d) => d.accessId)).toEqual([later.accessId]);
    expect((await fresh.client.webmail.list(contact)).users.map((u) => u.userId)).toEqual([100001]);

    // The refresh that follows lists nothing pending.
    const read = await accessPolicy.read({ ...call(fresh), state: applied.state, private: applied.private });
    if (read.gone) throw new Error('unexpected gone');
    expect(read.state).toMatchObject({
      devices_to_revoke: [],
      users_to_remove: [],
      invitations_to_withdraw: [],
    });
    expect(snapshotFromPrivate(read.private)?.devices.map((d) => d.access_id)).toEqual([later.accessId]);
  });

  it('a keep id known only at apply that names a listed access keeps it, with a warning', async () => {
    const ctx = context();
    const config = settings({
      exclusive_devices: true,
      keep_device_ids: [unknown] as never,
      observed: await observe(ctx),
    });
    const planned = await planOf(ctx, config);
    expect(planned.plan.devices_to_revoke).toHaveLength(1);
    const req = call(context());
    const applying = { ...config, keep_device_ids: [SANDBOX_CONTACT_DEVICE_ID] };
    await accessPolicy.create({
      ...req,
      config: applying,
      plan: planned.plan as never,
      private: planned.private,
    });
    expect(req.diagnostics.warnings[0]?.summary).toMatch(/^Kept: 1 entry the plan listed/);
    expect((await context().client.devices.list(contact)).map((d) => d.deviceId)).toEqual([
      SANDBOX_CONTACT_DEVICE_ID,
    ]);
  });

  it('an address that does not exist yet reads as empty: empty lists, known', async () => {
    const ctx = context();
    const observed = await observe(ctx, 'pas-encore-cree');
    expect(decodeSnapshot(observed)).toEqual({ exists: false, devices: [], users: [], invitations: [] });
    const planned = await planOf(
      ctx,
      settings({ mailbox_name: 'pas-encore-cree', exclusive_devices: true, observed }),
    );
    expect(planned.plan).toMatchObject({ devices_to_revoke: [], unmanaged_devices: [], unmanaged_users: [] });
  });

  it('a new exclusive policy without observed revokes nothing in its first apply, and says so', async () => {
    const ctx = context();
    const config = settings({ exclusive_devices: true });
    const planned = await planOf(ctx, config);
    expect(planned.plan.devices_to_revoke).toEqual([]);
    expect(planned.diagnostics.warnings[0]?.summary).toMatch(/This apply revokes nothing/);
    const applied = await accessPolicy.create({
      ...call(ctx),
      config,
      plan: planned.plan as never,
      private: planned.private,
    });
    expect(applied.state.unmanaged_devices?.map((d) => d.device_id)).toEqual([SANDBOX_CONTACT_DEVICE_ID]);
    expect(await context().client.devices.list(contact)).toHaveLength(1);
  });

  it('on update, plans from the snapshot the refresh stored', async () => {
    const ctx = context();
    const state = settings({ exclusive_devices: true }) as AccessPolicyModel;
    const read = await accessPolicy.read({ ...call(ctx), state, private: undefined });
    if (read.gone) throw new Error('unexpected gone');
    const req = call(context());
    const out = await accessPolicy.modifyPlan!({
      ...req,
      config: state as never,
      state: read.state,
      plan: { ...read.state, devices_to_revoke: unknown, unmanaged_devices: unknown } as never,
      private: read.private,
    });
    expect((out?.plan?.devices_to_revoke as DeviceEntry[]).map((d) => d.device_id)).toEqual([
      SANDBOX_CONTACT_DEVICE_ID,
    ]);
  });

  it('keeps the generic password of ancien-compte unless revoke_generic_password', async () => {
    const ctx = context();
    const ref = { hosting: HOSTING, mailbox: 'ancien-compte' };
    const config = settings({
      mailbox_name: 'ancien-compte',
      exclusive_devices: true,
      observed: await observe(ctx, 'ancien-compte'),
    });
    const kept = await planOf(ctx, config);
    expect(kept.plan.devices_to_revoke).toEqual([]);
    expect((kept.plan.unmanaged_devices as DeviceEntry[]).map((d) => d.device_id)).toEqual([
      SANDBOX_GENERIC_DEVICE_ID,
    ]);
    const revoking = { ...config, revoke_generic_password: true };
    const planned = await planOf(ctx, revoking);
    await accessPolicy.create({
      ...call(ctx),
      config: revoking,
      plan: planned.plan as never,
      private: planned.private,
    });
    expect(await context().client.devices.list(ref)).toEqual([]);
  });

  it('an invalid observed is an error on that attribute', async () => {
    await expect(planOf(context(), settings({ observed: '{"not": "a snapshot"}' }))).rejects.toMatchObject({
      summary: 'Invalid "observed"',
    });
  });

  it('destroying the policy revokes nothing', async () => {
    const ctx = context();
    await accessPolicy.delete({
      ...call(ctx),
      state: settings({ exclusive_devices: true }),
      private: undefined,
    });
    expect(await ctx.client.devices.list(contact)).toHaveLength(1);
  });
});
