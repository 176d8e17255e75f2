import { DiagnosticError, Diagnostics, isUnknown, unknown, type ModelOf } from '../framework';
import {
  AmbiguousCreateError,
  NotFoundError,
  routes,
  type DeviceAccess,
  type MailboxRef,
} from '../infomaniak';
import type { MailContext } from './context';
import { deviceIdForm, deviceResource } from './device';
import { RecipientsCache } from './secret-recipients';

const NOW_MS = Date.parse('2026-06-30T00:00:00Z');
const HOSTING = 1234567;

const access = (over: Partial<DeviceAccess> = {}): DeviceAccess => ({
  accessId: 8000007,
  deviceId: 7000007,
  label: 'CRM',
  type: 'other',
  protocols: 'pop3-imap',
  status: 'healthy',
  userId: null,
  lastConnection: Date.parse('2026-06-29T08:00:00Z') / 1000,
  createdAt: Date.parse('2026-01-01T00:00:00Z') / 1000,
  ...over,
});

type State = ModelOf<typeof deviceResource.schema.attributes>;

const state: State = {
  id: `${HOSTING}/contact/8000007`,
  mail_hosting_id: HOSTING,
  mailbox_name: 'contact',
  label: 'CRM',
  protocols: 'pop3-imap',
  type: 'other',
  user_id: null,
  device_id: 7000007,
  rotation_triggers: { q: '1' },
  rotate_after_days: 30,
  rotate_when_flagged: false,
  access_id: 8000007,
  status: 'healthy',
  last_connection: '2026-06-29T08:00:00Z',
  created_at: '2026-01-01T00:00:00Z',
  password: 'generated-password',
  password_set_at: '2026-06-20T00:00:00Z',
  secret_recipients: null,
  encrypted_password: null,
  password_recipients_fingerprint: null,
};

/** What terraform sends: the configured attributes (computed ones null unless set). */
function configOf(over: Partial<State> = {}) {
  return {
    ...state,
    id: null,
    type: null,
    device_id: null,
    access_id: null,
    status: null,
    last_connection: null,
    created_at: null,
    password: null,
    password_set_at: null,
    ...over,
  };
}

interface Fake {
  ctx: MailContext;
  calls: string[];
  managed: Set<number>;
}

function fake(list: DeviceAccess[] = [access()], opts: { serverTimeKnown?: boolean } = {}): Fake {
  const calls: string[] = [];
  const managed = new Set<number>();
  const ctx = {
    client: {
      serverNow: () => NOW_MS,
      serverTimeKnown: opts.serverTimeKnown ?? true,
      devices: {
        regenerate: async (_ref: MailboxRef, accessId: number) => {
          calls.push(`regenerate ${accessId}`);
          return { password: 'new-password' };
        },
        relabel: async (deviceId: number, label: string) => {
          calls.push(`relabel ${deviceId} ${label}`);
        },
        revoke: async (_ref: MailboxRef, accessId: number) => {
          calls.push(`revoke ${accessId}`);
        },
      },
    },
    cache: {
      address: async () => ({ mailboxName: 'contact' }),
      devices: async () => {
        calls.push('list');
        return list;
      },
      devicesChanged: () => undefined,
      markManaged: (_ref: MailboxRef, accessId: number) => managed.add(accessId),
      isManaged: (_ref: MailboxRef, accessId: number) => managed.has(accessId),
    },
    recipients: new RecipientsCache(null),
  } as unknown as MailContext;
  return { ctx, calls, managed };
}

const base = { typeName: 'infomaniakmail_device', signal: new AbortController().signal };

async function plan(
  config: Partial<State> = {},
  opts: { priv?: Record<string, unknown>; prior?: Partial<State>; f?: Fake } = {},
) {
  const diagnostics = new Diagnostics();
  const prior = { ...state, ...opts.prior };
  const { ctx } = opts.f ?? fake();
  const result = await deviceResource.modifyPlan!({
    ...base,
    diagnostics,
    client: ctx,
    config: configOf(config) as never,
    state: prior,
    // As the framework hands it: computed attributes without useStateForUnknown are unknown.
    plan: {
      ...prior,
      ...config,
      status: unknown,
      last_connection: unknown,
      password: unknown,
      password_set_at: unknown,
    } as never,
    private: opts.priv,
  });
  return { plan: result ? result.plan : undefined, diagnostics };
}

const NAME = `Device "CRM" (access 8000007) on "contact" (Mail Service ${HOSTING})`;

describe('importState', () => {
  const importState = (id: string, f: Fake = fake()) =>
    Promise.resolve().then(() =>
      deviceResource.importState!({ ...base, diagnostics: new Diagnostics(), client: f.ctx, id }),
    );

  it('takes HOSTING/MAILBOX/ACCESS_ID and reads the access; no password, age counted from now', async () => {
    const out = await importState(`${HOSTING}/contact/8000007`);
    expect(out.state).toMatchObject({
      id: `${HOSTING}/contact/8000007`,
      mail_hosting_id: HOSTING,
      mailbox_name: 'contact',
      access_id: 8000007,
      device_id: 7000007,
      label: 'CRM',
      type: 'other',
      protocols: 'pop3-imap',
      status: 'healthy',
      last_connection: '2026-06-29T08:00:00Z',
      created_at: '2026-01-01T00:00:00Z',
      password: null,
      password_set_at: null,
      rotate_when_flagged: false,
    });
    expect(out.private).toEqual({ imported_at: '2026-06-30T00:00:00Z', import_pending: true });
  });

  it('remembers when a flagged access was first seen flagged', async () => {
    const out = await importState(`${HOSTING}/contact/8000007`, fake([access({ status: 'leaked' })]));
    expect(out.private).toEqual({
      imported_at: '2026-06-30T00:00:00Z',
      import_pending: true,
      flagged_since: '2026-06-30T00:00:00Z',
    });
  });

  it.each([`${HOSTING}/contact`, `${HOSTING}/contact/abc`, `x/contact/1`, `${HOSTING}/contact/0`, '1/a/b/2'])(
    'refuses %j, naming the form, without calling the API',
    async (id) => {
      const f = fake();
      const error = await importState(id, f).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiagnosticError);
      expect((error as DiagnosticError).detail).toContain(`Expected ${deviceIdForm.form}`);
      expect(f.calls).toEqual([]);
    },
  );

  it('refuses an access that does not exist, and the generic password', async () => {
    const missing = await importState(`${HOSTING}/contact/9`).catch((e: unknown) => e);
    expect(missing).toMatchObject({ summary: 'Cannot import a device access that does not exist' });
    const generic = await importState(
      `${HOSTING}/contact/8000001`,
      fake([access({ accessId: 8000001, type: 'legacy', label: 'Generic password' })]),
    ).catch((e: unknown) => e);
    expect(generic).toMatchObject({ summary: 'The generic password cannot be imported' });
  });
});

describe('validateConfig', () => {
  const validate = (config: Record<string, unknown>) => {
    const diagnostics = new Diagnostics();
    void deviceResource.validateConfig!({ ...base, diagnostics, config: configOf(config as never) as never });
    return diagnostics;
  };

  it('requires label when device_id is not set', () => {
    const d = validate({ label: null, device_id: null });
    expect(d.errors).toHaveLength(1);
    expect(d.errors[0]).toMatchObject({
      summary: 'Missing "label"',
      attribute: [{ attributeName: 'label' }],
    });
  });

  it('accepts no label with a device_id (known or not yet), and a label alone', () => {
    expect(validate({ label: null, device_id: 7000002 }).length).toBe(0);
    expect(validate({ label: null, device_id: unknown }).length).toBe(0);
    expect(validate({ label: 'CRM', device_id: null }).length).toBe(0);
  });
});

describe('planning an update', () => {
  it('keeps the password, its date, the status and last_connection when nothing regenerates', async () => {
    const r = await plan({ rotate_after_days: 90 });
    expect(r.plan).toMatchObject({
      password: 'generated-password',
      password_set_at: state.password_set_at,
      status: 'healthy',
      last_connection: state.last_connection,
    });
    expect(r.diagnostics.length).toBe(0);
  });

  it('regenerates when due: password, password_set_at and status unknown, a warning with device and age', async () => {
    const r = await plan({ rotate_after_days: 5 });
    expect(isUnknown(r.plan?.password)).toBe(true);
    expect(isUnknown(r.plan?.password_set_at)).toBe(true);
    expect(isUnknown(r.plan?.status)).toBe(true);
    expect(r.diagnostics.warnings).toHaveLength(1);
    expect(r.diagnostics.warnings[0].summary).toBe(`${NAME}: password is 10 days old`);
    expect(r.diagnostics.warnings[0].detail).toContain('rotate_after_days is 5');
    expect(r.diagnostics.warnings[0].detail).not.toContain('generated-password');
  });

  it('counts the age of an imported password from the import', async () => {
    const priv = { imported_at: '2026-06-25T00:00:00Z' };
    const young = await plan(
      { rotate_after_days: 30 },
      { priv, prior: { password: null, password_set_at: null } },
    );
    expect(young.plan?.password).toBeNull();
    expect(young.diagnostics.length).toBe(0);
    const old = await plan(
      { rotate_after_days: 3 },
      { priv, prior: { password: null, password_set_at: null } },
    );
    expect(isUnknown(old.plan?.password)).toBe(true);
    expect(old.diagnostics.warnings[0].summary).toBe(`${NAME}: password is 5 days old`);
    expect(old.diagnostics.warnings[0].detail).toContain('before it was imported');
  });

  it('regenerates when rotation_triggers change', async () => {
    const r = await plan({ rotation_triggers: { q: '2' } });
    expect(isUnknown(r.plan?.password)).toBe(true);
    expect(isUnknown(r.plan?.password_set_at)).toBe(true);
    expect(isUnknown(r.plan?.status)).toBe(true);
  });

  it('right after an import, records rotation_triggers without regenerating', async () => {
    const r = await plan(
      { rotation_triggers: { q: '1' } },
      {
        priv: { imported_at: '2026-06-29T00:00:00Z', import_pending: true },
        prior: { rotation_triggers: null, password: null, password_set_at: null },
      },
    );
    expect(r.plan?.password).toBeNull();
  });

  // The age of an imported password keeps counting from the import (`imported_at` stays), but the first
  // apply settles the import (`import_pending` goes): later trigger changes regenerate.
  it('after the first apply that followed an import, a trigger change regenerates', async () => {
    const f = fake();
    const applied = await deviceResource.update!({
      ...base,
      diagnostics: new Diagnostics(),
      client: f.ctx,
      config: configOf({ rotation_triggers: { q: '1' }, rotate_after_days: null }) as never,
      plan: {
        ...state,
        rotation_triggers: { q: '1' },
        rotate_after_days: null,
        password: null,
        password_set_at: null,
      } as never,
      state: {
        ...state,
        rotation_triggers: null,
        rotate_after_days: null,
        password: null,
        password_set_at: null,
      },
      private: { imported_at: '2026-06-29T00:00:00Z', import_pending: true },
    });
    expect(f.calls).toEqual([]);
    expect(applied.private).toEqual({ imported_at: '2026-06-29T00:00:00Z' });
    const r = await plan(
      { rotation_triggers: { q: '2' }, rotate_after_days: null },
      { priv: applied.private as Record<string, unknown>, prior: applied.state as Partial<State> },
    );
    expect(isUnknown(r.plan?.password)).toBe(true);
  });

  it('regenerates an unfinished regenerate', async () => {
    const r = await plan({ rotate_after_days: 90 }, { priv: { regenerate_unfinished: true } });
    expect(isUnknown(r.plan?.password)).toBe(true);
  });

  describe('rotate_when_flagged', () => {
    const flagged = { status: 'leaked', rotate_when_flagged: true } as const;

    it('regenerates a password flagged after it was set, warning with the device and the flag', async () => {
      const r = await plan(
        { rotate_when_flagged: true, rotate_after_days: null },
        { prior: flagged, priv: { flagged_since: '2026-06-25T00:00:00Z' } },
      );
      expect(isUnknown(r.plan?.password)).toBe(true);
      expect(isUnknown(r.plan?.status)).toBe(true);
      expect(r.diagnostics.warnings.map((w) => w.summary)).toEqual([
        `${NAME}: flagged "leaked" by Infomaniak`,
      ]);
      expect(r.diagnostics.warnings[0].detail).toContain('leaked');
    });

    it('once per flag: a password regenerated since the flag appeared only warns, and the plan settles', async () => {
      const r = await plan(
        { rotate_when_flagged: true, rotate_after_days: null },
        { prior: { ...flagged, status: 'spam' }, priv: { flagged_since: '2026-06-10T00:00:00Z' } },
      );
      expect(r.plan).toMatchObject({ password: 'generated-password', status: 'spam' });
      expect(r.diagnostics.warnings.map((w) => w.summary)).toEqual([
        `${NAME}: still flagged "spam" by Infomaniak`,
      ]);
    });

    it('does nothing about a flag without rotate_when_flagged', async () => {
      const r = await plan(
        { rotate_after_days: null },
        { prior: { status: 'leaked' }, priv: { flagged_since: '2026-06-25T00:00:00Z' } },
      );
      expect(r.plan).toMatchObject({ password: 'generated-password', status: 'leaked' });
      expect(r.diagnostics.length).toBe(0);
    });
  });

  it('asks the service for its clock before measuring an age when it is not known yet', async () => {
    const f = fake([access()], { serverTimeKnown: false });
    await plan({ rotate_after_days: 90 }, { f });
    expect(f.calls).toEqual(['list']);
    const known = fake();
    await plan({ rotate_after_days: 90 }, { f: known });
    expect(known.calls).toEqual([]);
  });

  describe('replacement', () => {
    it.each([
      ['protocols', { protocols: 'imap' }],
      ['type', { type: 'phone' }],
      ['user_id', { user_id: 100001 }],
    ] as const)(
      'warns that a change of %s replaces the access, naming the device',
      async (attribute, config) => {
        const r = await plan(config as Partial<State>);
        expect(r.plan).toBeUndefined();
        expect(r.diagnostics.warnings).toHaveLength(1);
        expect(r.diagnostics.warnings[0].summary).toBe(`${NAME} will be replaced`);
        expect(r.diagnostics.warnings[0].detail).toContain(
          `No API route changes ${attribute} of a device access`,
        );
        expect(r.diagnostics.warnings[0].detail).toContain('create_before_destroy');
      },
    );

    it('with device_id set, says the old access is revoked first', async () => {
      const r = await plan({ device_id: 7000099 });
      expect(r.diagnostics.warnings[0].detail).toContain('No API route changes device_id');
      expect(r.diagnostics.warnings[0].detail).toContain('the old access is revoked first');
      const unknownDevice = await plan({ device_id: unknown as never });
      expect(unknownDevice.diagnostics.warnings[0].detail).toContain('device_id');
      expect(unknownDevice.diagnostics.warnings[0].detail).toContain('revoked first');
    });

    it('lists every attribute that changes', async () => {
      const r = await plan({ protocols: 'pop3', user_id: 100001 });
      expect(r.diagnostics.warnings[0].detail).toContain('No API route changes protocols, user_id of');
    });

    it('the default protocols and unset computed attributes change nothing', async () => {
      const r = await plan({
        protocols: null as never,
        type: null as never,
        user_id: null,
        rotate_after_days: 90,
      });
      expect(r.diagnostics.length).toBe(0);
      expect(r.plan?.password).toBe('generated-password');
    });

    it('a device_id equal to the state changes nothing', async () => {
      const r = await plan({ device_id: 7000007, rotate_after_days: 90 });
      expect(r.diagnostics.length).toBe(0);
    });
  });

  describe('labels', () => {
    it("refuses a label that differs from the Device's when device_id is set, on label", async () => {
      const r = await plan({ device_id: 7000007, label: 'Other' });
      expect(r.diagnostics.errors).toHaveLength(1);
      expect(r.diagnostics.errors[0]).toMatchObject({
        summary: 'The label of a Device given by device_id cannot differ',
        attribute: [{ attributeName: 'label' }],
      });
      expect(r.diagnostics.errors[0].detail).toContain('Device 7000007 is labelled "CRM"');
    });

    it('a label change renames in place, keeping the password', async () => {
      const r = await plan({ label: 'CRM 2', rotate_after_days: 90 });
      expect(r.diagnostics.length).toBe(0);
      expect(r.plan).toMatchObject({ label: 'CRM 2', password: 'generated-password' });
    });

    it('warns on label when another access of the address has the new label, naming it', async () => {
      const other = access({ accessId: 8000002, deviceId: 7000002, label: 'Outlook (Bruno)' });
      const r = await plan(
        { label: 'Outlook (Bruno)', rotate_after_days: 90 },
        { f: fake([access(), other]) },
      );
      expect(r.diagnostics.warnings).toHaveLength(1);
      const [w] = r.diagnostics.warnings;
      expect(w).toMatchObject({ attribute: [{ attributeName: 'label' }] });
      expect(w.summary).toBe(
        `Another device of "contact" (Mail Service ${HOSTING}) is labelled "Outlook (Bruno)"`,
      );
      expect(w.detail).toContain('Device access 8000002 (Device 7000002)');
      expect(w.detail).toContain(`${HOSTING}/contact/8000002`);
    });

    it('does not compare an access with itself', async () => {
      const r = await plan(
        { label: 'CRM', rotate_after_days: 90 },
        { prior: { label: 'Old' }, f: fake([access()]) },
      );
      expect(r.diagnostics.length).toBe(0);
    });
  });
});

describe('planning a create', () => {
  /** `list` 'no address': the Mail Service's directory does not hold the address. */
  async function planCreate(
    config: Record<string, unknown>,
    list: DeviceAccess[] | Error | 'no address',
    managed: readonly number[] = [],
  ) {
    const diagnostics = new Diagnostics();
    const ctx = {
      client: { serverNow: () => NOW_MS, serverTimeKnown: true },
      cache: {
        address: async () => (list === 'no address' ? undefined : { mailboxName: 'contact' }),
        devices: async () => {
          if (list === 'no address') throw new Error('no list is asked for an address that does not exist');
          if (list instanceof Error) throw list;
          return list;
        },
        isManaged: (_ref: MailboxRef, accessId: number) => managed.includes(accessId),
      },
      recipients: new RecipientsCache(null),
    } as unknown as MailContext;
    const cfg = configOf(config as never);
    const result = await deviceResource.modifyPlan!({
      ...base,
      diagnostics,
      client: ctx,
      config: cfg as never,
      state: null,
      plan: { ...cfg, id: unknown, access_id: unknown, password: unknown } as never,
      private: undefined,
    });
    return { result, diagnostics };
  }

  it('warns when the label is already used on the address', async () => {
    const { diagnostics } = await planCreate({ label: 'CRM' }, [access()]);
    expect(diagnostics.warnings).toHaveLength(1);
    expect(diagnostics.warnings[0].detail).toContain('Device access 8000007 (Device 7000007)');
  });

  it('says nothing for a new label, or when the address does not exist yet', async () => {
    expect((await planCreate({ label: 'New' }, [access()])).diagnostics.length).toBe(0);
    expect((await planCreate({ label: 'CRM' }, 'no address')).diagnostics.length).toBe(0);
    const gone = new NotFoundError(
      { method: 'GET', route: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices', params: {} },
      'mailbox',
    );
    expect((await planCreate({ label: 'CRM' }, gone)).diagnostics.length).toBe(0);
  });

  it('says nothing when the other access is managed in this run (a create-before-destroy replacement)', async () => {
    expect((await planCreate({ label: 'CRM' }, [access()], [8000007])).diagnostics.length).toBe(0);
  });
});

describe('refresh and apply', () => {
  it('read follows the access and records when a flag was first seen, once', async () => {
    const f = fake([access({ status: 'spam', lastConnection: null, label: 'Renamed' })]);
    const first = await deviceResource.read({
      ...base,
      diagnostics: new Diagnostics(),
      client: f.ctx,
      state,
      private: {},
    });
    if (first.gone) throw new Error('unexpected gone');
    expect(first.state).toMatchObject({
      status: 'spam',
      last_connection: null,
      label: 'Renamed',
      password: 'generated-password',
    });
    expect(first.private).toEqual({ flagged_since: '2026-06-30T00:00:00Z' });
    // Known to the run as managed, so a replacement's new access may reuse its label silently.
    expect([...f.managed]).toEqual([8000007]);
    const again = await deviceResource.read({
      ...base,
      diagnostics: new Diagnostics(),
      client: f.ctx,
      state,
      private: { flagged_since: '2026-06-01T00:00:00Z', imported_at: '2026-05-01T00:00:00Z' },
    });
    expect(!again.gone && again.private).toEqual({
      flagged_since: '2026-06-01T00:00:00Z',
      imported_at: '2026-05-01T00:00:00Z',
    });
  });

  it('read forgets a flag once the access is healthy again, and reports a revoked access gone', async () => {
    const healthy = await deviceResource.read({
      ...base,
      diagnostics: new Diagnostics(),
      client: fake().ctx,
      state,
      private: { flagged_since: '2026-06-01T00:00:00Z' },
    });
    expect(!healthy.gone && healthy.private).toEqual({});
    const gone = await deviceResource.read({
      ...base,
      diagnostics: new Diagnostics(),
      client: fake([]).ctx,
      state,
      private: {},
    });
    expect(gone).toEqual({ gone: true });
  });

  it('update regenerates when planned, recording the new password and when it was received', async () => {
    const f = fake([access({ status: 'healthy' })]);
    const out = await deviceResource.update!({
      ...base,
      diagnostics: new Diagnostics(),
      client: f.ctx,
      config: configOf({ rotation_triggers: { q: '2' } }) as never,
      plan: {
        ...state,
        rotation_triggers: { q: '2' },
        password: unknown,
        password_set_at: unknown,
        status: unknown,
      } as never,
      state: { ...state, status: 'leaked' },
      private: { flagged_since: '2026-06-25T00:00:00Z', regenerate_unfinished: true },
    });
    expect(f.calls).toEqual(['regenerate 8000007', 'list']);
    expect(out.state).toMatchObject({
      password: 'new-password',
      password_set_at: '2026-06-30T00:00:00Z',
      status: 'healthy',
      rotation_triggers: { q: '2' },
    });
    expect(out.private).toEqual({ flagged_since: '2026-06-25T00:00:00Z' });
  });

  it('update renames the Device, by its device id, without regenerating', async () => {
    const f = fake();
    const out = await deviceResource.update!({
      ...base,
      diagnostics: new Diagnostics(),
      client: f.ctx,
      config: configOf({ label: 'CRM 2' }) as never,
      plan: { ...state, label: 'CRM 2' } as never,
      state,
      private: {},
    });
    expect(f.calls).toEqual(['relabel 7000007 CRM 2']);
    expect(out.state).toMatchObject({ label: 'CRM 2', password: 'generated-password' });
  });

  it('delete revokes the access', async () => {
    const f = fake();
    await deviceResource.delete({
      ...base,
      diagnostics: new Diagnostics(),
      client: f.ctx,
      state,
      private: {},
    });
    expect(f.calls).toEqual(['revoke 8000007']);
  });

  /** A context whose revoke fails with a 404 of the route's deepest parameter, as the client reports it. */
  function revokeFails(resource: 'mailbox' | 'device_access'): MailContext {
    const f = fake();
    const missing = new NotFoundError(
      {
        method: 'DELETE',
        route: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices/{access}',
        params: { hosting: HOSTING, mailbox: 'contact', access: 8000007 },
      },
      resource,
    );
    (f.ctx.client.devices as { revoke: unknown }).revoke = async () => {
      throw missing;
    };
    return f.ctx;
  }

  it('delete is done when the address is gone', async () => {
    await expect(
      deviceResource.delete({
        ...base,
        diagnostics: new Diagnostics(),
        client: revokeFails('mailbox'),
        state,
        private: {},
      }),
    ).resolves.toBeUndefined();
  });

  // device.ts delete() treats NotFoundError resources 'mailbox' and 'device' as done, but a 404 on
  // DELETE .../accesses/devices/{access} is reported by the client as resource 'device_access' (decode.ts
  // missingResource: the deepest route parameter), so destroying an access already revoked outside
  // Terraform (e.g. `terraform destroy -refresh=false`) fails instead of succeeding.
  it('delete: an access already revoked (404 device_access) is done', async () => {
    await expect(
      deviceResource.delete({
        ...base,
        diagnostics: new Diagnostics(),
        client: revokeFails('device_access'),
        state,
        private: {},
      }),
    ).resolves.toBeUndefined();
  });
});

describe('schema', () => {
  it('has no chosen-password attributes any more', () => {
    const names = Object.keys(deviceResource.schema.attributes);
    expect(names).not.toContain('password_wo');
    expect(names).not.toContain('password_wo_version');
    expect(names).toEqual(
      expect.arrayContaining(['password', 'password_set_at', 'rotate_when_flagged', 'access_id']),
    );
  });
});

describe('a create whose outcome nobody could establish', () => {
  const ambiguous = () =>
    new AmbiguousCreateError(
      { method: 'POST', route: routes.devices, params: { hosting: HOSTING, mailbox: 'contact' } },
      'the device access "CRM"',
      undefined,
    );

  async function createFailing(f: Fake) {
    (f.ctx.client.devices as unknown as { create: () => Promise<never> }).create = async () => {
      f.calls.push('create');
      throw ambiguous();
    };
    const diagnostics = new Diagnostics();
    const result = await deviceResource.create({
      ...base,
      diagnostics,
      client: f.ctx,
      config: configOf() as never,
      plan: configOf() as never,
      private: undefined,
    });
    return { result, diagnostics };
  }

  it('is kept as a tainted placeholder without password, which the next refresh resolves by label', async () => {
    const f = fake([access({ accessId: 8000009, deviceId: 7000009 })]);
    const { result, diagnostics } = await createFailing(f);
    expect(diagnostics.hasErrors()).toBe(true);
    expect(diagnostics.errors[0].summary).toBe(
      `Device "CRM" may have been created on "contact" (Mail Service ${HOSTING})`,
    );
    expect(result.state).toMatchObject({ access_id: null, password: null, password_set_at: null });
    const read = await deviceResource.read({
      ...base,
      diagnostics: new Diagnostics(),
      client: f.ctx,
      state: result.state,
      private: result.private,
    });
    expect(read).toMatchObject({ state: { access_id: 8000009, device_id: 7000009, password: null } });
  });

  it('found by no refresh, it is destroyed without a request', async () => {
    const f = fake([]);
    const { result } = await createFailing(f);
    await deviceResource.delete({
      ...base,
      diagnostics: new Diagnostics(),
      client: f.ctx,
      state: result.state,
      private: result.private,
    });
    expect(f.calls).toEqual(['create']);
  });
});
