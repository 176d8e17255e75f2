/**
 * The model from plans shaped like terraform 1.11's (the end-to-end tests feed real
 * ones: test/e2e/report-plans.test.ts). Secrets are planted everywhere a plan can
 * hold one; no format may show them.
 */
import { buildReport } from './build';
import { loadPlan } from './load';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderTerminal } from './render-terminal';

const SECRETS = [
  'GeneratedPassw0rd-aaaa',
  'UnmarkedPassword-bbbb',
  'https://invite/secret-cccc',
  'tok-dddd',
  'MarkedLabel-eeee',
];
const H = 1234567;

type Values = Record<string, unknown> | null;

function rc(
  address: string,
  actions: string[],
  before: Values,
  after: Values,
  extra: {
    after_unknown?: unknown;
    before_sensitive?: unknown;
    after_sensitive?: unknown;
    mode?: string;
  } = {},
) {
  const [type, name] = address.split('.').slice(-2);
  return {
    address,
    mode: extra.mode ?? 'managed',
    type,
    name,
    provider_name: 'registry.terraform.io/mailaccess/infomaniakmail',
    change: {
      actions,
      before,
      after,
      after_unknown: extra.after_unknown ?? {},
      before_sensitive: extra.before_sensitive ?? (before === null ? false : {}),
      after_sensitive: extra.after_sensitive ?? (after === null ? false : {}),
    },
  };
}

const device = (over: Record<string, unknown>) => ({
  mail_hosting_id: H,
  mailbox_name: 'support',
  label: 'CRM',
  user_id: null,
  type: 'other',
  protocols: 'pop3-imap',
  rotation_triggers: null,
  rotate_after_days: null,
  rotate_when_flagged: false,
  device_id: 7000100,
  access_id: 8000100,
  status: 'healthy',
  last_connection: null,
  created_at: '2026-01-01T00:00:00Z',
  password: SECRETS[0],
  password_set_at: '2026-01-01T00:00:00Z',
  ...over,
});
const deviceMask = { password: true };
const regenerating = { password: true, password_set_at: true, status: true };

function plan() {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    timestamp: '2026-03-01T00:00:00Z',
    planned_values: { root_module: {} },
    prior_state: {
      format_version: '1.0',
      values: {
        root_module: {
          resources: [
            {
              address: 'infomaniakmail_address.support',
              mode: 'managed',
              type: 'infomaniakmail_address',
              values: { mail_hosting_id: H, mailbox_name: 'support', email: 'support@example.ch' },
              sensitive_values: {},
            },
            {
              address: 'data.infomaniakmail_users.all',
              mode: 'data',
              type: 'infomaniakmail_users',
              values: {
                users: [{ user_id: 100001, email: 'alice@example.ch', display_name: 'Alice Martin' }],
              },
              sensitive_values: {},
            },
          ],
        },
      },
    },
    resource_changes: [
      rc(
        'infomaniakmail_device.new',
        ['create'],
        null,
        device({
          device_id: undefined,
          access_id: undefined,
          password: undefined,
          label: 'Phone',
          type: 'phone',
        }),
        {
          after_unknown: { device_id: true, access_id: true, password: true },
          after_sensitive: deviceMask,
        },
      ),
      // Alice's phone reads a second address: an existing Device (its id is known), no label of its own.
      rc(
        'infomaniakmail_device.phone_sales',
        ['create'],
        null,
        device({
          mailbox_name: 'sales',
          device_id: 7000150,
          access_id: undefined,
          label: undefined,
          type: undefined,
          protocols: 'imap',
          password: undefined,
        }),
        {
          after_unknown: { access_id: true, label: true, type: true, password: true },
          after_sensitive: deviceMask,
        },
      ),
      rc(
        'infomaniakmail_device.crm',
        ['update'],
        device({ rotation_triggers: { quarter: 'q1' } }),
        device({ rotation_triggers: { quarter: 'q2' }, password: undefined, password_set_at: undefined }),
        { after_unknown: regenerating, before_sensitive: deviceMask, after_sensitive: deviceMask },
      ),
      rc(
        'infomaniakmail_device.printer',
        ['update'],
        device({ device_id: 7000101, label: 'Printer', rotate_after_days: 30 }),
        device({ device_id: 7000101, label: 'Printer', rotate_after_days: 30, password: undefined }),
        { after_unknown: regenerating, before_sensitive: deviceMask, after_sensitive: deviceMask },
      ),
      rc(
        'infomaniakmail_device.scanner',
        ['update'],
        device({ device_id: 7000102, label: 'Scanner', rotate_when_flagged: true, status: 'leaked' }),
        device({
          device_id: 7000102,
          label: 'Scanner',
          rotate_when_flagged: true,
          status: undefined,
          password: undefined,
          password_set_at: undefined,
        }),
        { after_unknown: regenerating, before_sensitive: deviceMask, after_sensitive: deviceMask },
      ),
      // A provider that forgot to mark the password sensitive: the report drops it by name.
      rc(
        'infomaniakmail_device.unmarked',
        ['update'],
        device({ device_id: 7000107, label: 'Unmarked', password: SECRETS[1] }),
        device({ device_id: 7000107, label: 'Unmarked (renamed)', password: SECRETS[1] }),
      ),
      rc(
        'infomaniakmail_device.renamed',
        ['update'],
        device({ device_id: 7000103, label: 'Old name' }),
        device({ device_id: 7000103, label: 'New name' }),
        { before_sensitive: deviceMask, after_sensitive: deviceMask },
      ),
      rc(
        'infomaniakmail_device.hidden',
        ['update'],
        device({ device_id: 7000104, label: SECRETS[4] }),
        device({ device_id: 7000104, label: SECRETS[4] }),
        { before_sensitive: { ...deviceMask, label: true }, after_sensitive: { ...deviceMask, label: true } },
      ),
      rc(
        'infomaniakmail_device.tablet',
        ['create', 'delete'],
        device({ device_id: 7000105, label: 'Tablet' }),
        device({ label: 'Tablet', protocols: 'imap', device_id: undefined }),
        {
          after_unknown: { ...regenerating, device_id: true, access_id: true },
          before_sensitive: deviceMask,
          after_sensitive: deviceMask,
        },
      ),
      rc(
        'infomaniakmail_device.tablet_sales',
        ['delete', 'create'],
        device({ mailbox_name: 'sales', device_id: 7000105, access_id: 8000200, label: 'Tablet' }),
        device({ mailbox_name: 'sales', label: 'Tablet', device_id: undefined }),
        {
          after_unknown: { ...regenerating, device_id: true, access_id: true },
          before_sensitive: deviceMask,
          after_sensitive: deviceMask,
        },
      ),
      rc('infomaniakmail_device.gone', ['delete'], device({ device_id: 7000106, label: 'Gone' }), null, {
        before_sensitive: deviceMask,
      }),
      rc(
        'infomaniakmail_user_access.alice',
        ['create'],
        null,
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          user_id: 100001,
          email: null,
          permissions: ['manage_filters', 'manage_auto_reply'],
          status: 'active',
          invitation_url: null,
          invitation_key: null,
        },
        { after_sensitive: { invitation_url: true } },
      ),
      rc(
        'infomaniakmail_user_access.bruno',
        ['update'],
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          user_id: 100002,
          permissions: ['manage_filters', 'manage_rules'],
        },
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          user_id: 100002,
          permissions: ['manage_filters', 'access_logs'],
        },
      ),
      rc(
        'infomaniakmail_user_access.guest',
        ['delete', 'create'],
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          user_id: null,
          email: 'guest@example.org',
          permissions: [],
          language: 'fr',
          status: 'expired',
          invitation_key: 'k-1',
          invitation_url: SECRETS[2],
        },
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          user_id: null,
          email: 'guest@example.org',
          permissions: [],
          language: 'fr',
          status: 'invited',
        },
        {
          before_sensitive: { invitation_url: true },
          after_sensitive: { invitation_url: true },
          after_unknown: { invitation_url: true },
        },
      ),
      rc(
        'infomaniakmail_user_access.left',
        ['delete'],
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          user_id: 100003,
          permissions: [],
          status: 'active',
        },
        null,
      ),
      rc(
        'infomaniakmail_access_policy.support',
        ['update'],
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          exclusive_devices: true,
          exclusive_users: true,
          devices_to_revoke: [],
          users_to_remove: [],
          invitations_to_withdraw: [],
          unmanaged_devices: [
            { device_id: 7000001, access_id: 8000001, label: 'Generic', user_id: null, is_generic: true },
          ],
          unmanaged_users: [],
        },
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          exclusive_devices: true,
          exclusive_users: true,
          devices_to_revoke: [
            {
              device_id: 7000200,
              access_id: 8000300,
              label: 'Hand-made',
              type: 'tablet',
              user_id: 100002,
              is_generic: false,
              status: 'healthy',
              last_connection: null,
              created_at: '2026-02-01T00:00:00Z',
            },
          ],
          users_to_remove: [
            {
              user_id: 100009,
              email: 'eve@example.ch',
              display_name: 'Eve',
              created_at: '2026-01-01T00:00:00Z',
            },
          ],
          invitations_to_withdraw: [],
          unmanaged_devices: [
            { device_id: 7000001, access_id: 8000001, label: 'Generic', user_id: null, is_generic: true },
          ],
          unmanaged_users: [],
        },
      ),
      rc('infomaniakmail_access_policy.other', ['create'], null, {
        mail_hosting_id: H,
        mailbox_name: 'other',
        exclusive_devices: true,
        exclusive_users: false,
        devices_to_revoke: [],
        users_to_remove: [],
        invitations_to_withdraw: [],
        unmanaged_devices: [],
        unmanaged_users: [],
      }),
      rc(
        'infomaniakmail_address.old',
        ['delete'],
        { mail_hosting_id: H, mailbox_name: 'old', email: 'old@example.ch', ascii_email: 'old@example.ch' },
        null,
      ),
      // Not ours, or not a managed resource: ignored.
      rc('random_password.x', ['create'], null, { result: SECRETS[3] }),
      rc('data.infomaniakmail_devices.d', ['read'], null, { devices: [] }, { mode: 'data' }),
      rc(
        'module.m.infomaniakmail_device.tok',
        ['create'],
        null,
        device({ token: SECRETS[3], label: 'In module', password: undefined, device_id: undefined }),
        {
          after_unknown: { password: true, device_id: true },
        },
      ),
    ],
  };
}

describe('buildReport', () => {
  const report = buildReport([loadPlan(JSON.stringify(plan()), 'stack-a.json')]);

  it('finds devices created, regenerated with their reasons, replaced, revoked and relabelled', () => {
    expect(
      report.devices.created.map((d) => [
        d.resource,
        d.device.label,
        d.address.mailbox_name,
        d.protocols,
        d.type,
        d.existing_device,
      ]),
    ).toEqual([
      ['infomaniakmail_device.phone_sales', null, 'sales', 'imap', null, true],
      ['module.m.infomaniakmail_device.tok', 'In module', 'support', 'pop3-imap', 'other', false],
      ['infomaniakmail_device.new', 'Phone', 'support', 'pop3-imap', 'phone', false],
    ]);
    expect(report.devices.created[0].device.device_id).toBe(7000150);
    expect(report.devices.created[2].device.device_id).toBeNull();
    const reasons = Object.fromEntries(report.devices.regenerated.map((d) => [d.device.label, d.reasons]));
    expect(reasons).toEqual({
      CRM: [{ reason: 'rotation_triggers', keys: ['quarter'] }],
      Printer: [{ reason: 'password_age', rotate_after_days: 30, age_days: 59 }],
      Scanner: [{ reason: 'flagged', status: 'leaked' }],
    });
    expect(report.devices.replaced.map((d) => [d.resource, d.because, d.order])).toEqual([
      ['infomaniakmail_device.tablet_sales', ['device_id'], 'revoke_first'],
      ['infomaniakmail_device.tablet', ['protocols'], 'new_first'],
    ]);
    expect(report.devices.revoked.map((d) => [d.device.device_id, d.via, d.device.user_id])).toEqual([
      [7000106, 'resource', null],
      [7000200, 'policy', 100002],
    ]);
    expect(report.devices.revoked[1].device.access_id).toBe(8000300);
    expect(report.devices.relabelled.map((d) => [d.from, d.to])).toEqual([
      ['Old name', 'New name'],
      ['Unmarked', 'Unmarked (renamed)'],
    ]);
  });

  it('finds access granted, changed and removed, and invitations', () => {
    expect(report.access.granted).toMatchObject([
      {
        user: { user_id: 100001, email: 'alice@example.ch', display_name: 'Alice Martin' },
        permissions: ['manage_auto_reply', 'manage_filters'],
      },
    ]);
    expect(report.access.permissions_changed).toMatchObject([
      {
        user: { user_id: 100002 },
        before: ['manage_filters', 'manage_rules'],
        after: ['access_logs', 'manage_filters'],
        added: ['access_logs'],
        removed: ['manage_rules'],
      },
    ]);
    expect(report.access.removed.map((r) => [r.user.user_id, r.via])).toEqual([
      [100003, 'resource'],
      [100009, 'policy'],
    ]);
    expect(report.invitations.created).toMatchObject([
      { email: 'guest@example.org', renews: true, language: 'fr', permissions: [] },
    ]);
  });

  it('lists strays that stay, new exclusive policies, removed addresses', () => {
    expect(report.unmanaged.devices).toMatchObject([
      { device: { device_id: 7000001, access_id: 8000001 }, is_generic: true, fate: 'stays' },
    ]);
    // The new policy over an address that does not exist yet has nothing to revoke, and says so.
    expect(report.notes).toEqual([]);
    expect(report.addresses.removed).toEqual([
      expect.objectContaining({ address: expect.objectContaining({ email: 'old@example.ch' }) }),
    ]);
    expect(report.addresses.removed[0]).not.toHaveProperty('deletes_mailbox');
  });

  it('says why, in words: flags, replacement order, protocols with SMTP, read and send', () => {
    const text = renderTerminal(report, { colour: false });
    expect(text).toContain('flagged "leaked" by Infomaniak (rotate_when_flagged)');
    expect(text).toContain('new access first, the old one revoked after');
    expect(text).toContain('old access revoked first: clients are cut off until they get the new password');
    expect(text).toContain('imap + SMTP; an existing Device gets this address too');
    expect(text).toContain('read and send, manage_auto_reply, manage_filters');
    expect(text).toContain('read and send only; mailed in fr (renews an earlier link)');
    expect(text).toContain('no longer managed; the mailbox, its mail, devices and users stay');
  });

  it('counts', () => {
    expect(report.summary).toMatchObject({
      devices_created: 3,
      devices_regenerated: 3,
      devices_replaced: 2,
      devices_revoked: 2,
      devices_relabelled: 2,
      access_granted: 1,
      access_removed: 2,
      permissions_changed: 1,
      invitations_created: 1,
      addresses_removed: 1,
      revocations: 6,
    });
    expect(report.schema_version).toBe(3);
  });

  it('shows no secret in any format', () => {
    const outputs = [
      renderJson(report),
      renderMarkdown(report, { mermaid: true }),
      renderTerminal(report, { colour: true }),
      JSON.stringify(report),
    ];
    for (const out of outputs) for (const secret of SECRETS) expect(out).not.toContain(secret);
  });

  it('is the same for the same input', () => {
    const again = buildReport([loadPlan(JSON.stringify(plan()), 'stack-a.json')]);
    expect(renderJson(again)).toBe(renderJson(report));
  });
});
