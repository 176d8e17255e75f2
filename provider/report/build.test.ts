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
  'ChosenPassword-bbbb',
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
  protocols: ['imap', 'smtp'],
  rotation_triggers: null,
  rotate_after_days: null,
  password_wo: null,
  password_wo_version: null,
  device_id: 7000100,
  password: SECRETS[0],
  password_changed_at: '2026-01-01T00:00:00Z',
  ...over,
});
const deviceMask = { password: true, password_wo: true };
const regenerating = { password: true, password_changed_at: true };

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
        device({ device_id: undefined, password: undefined, label: 'Phone' }),
        {
          after_unknown: { device_id: true, password: true },
          after_sensitive: deviceMask,
        },
      ),
      rc(
        'infomaniakmail_device.crm',
        ['update'],
        device({ rotation_triggers: { quarter: 'q1' } }),
        device({ rotation_triggers: { quarter: 'q2' }, password: undefined, password_changed_at: undefined }),
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
        device({ device_id: 7000102, label: 'Scanner', password_wo_version: 1, password: null }),
        device({ device_id: 7000102, label: 'Scanner', password_wo_version: 2, password_wo: SECRETS[1] }),
        { after_unknown: regenerating, before_sensitive: deviceMask, after_sensitive: deviceMask },
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
        'infomaniakmail_device.phone',
        ['delete', 'create'],
        device({ device_id: 7000105, label: 'Phone' }),
        device({ label: 'Phone', protocols: ['imap'] }),
        {
          after_unknown: regenerating,
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
          permissions: ['read', 'send'],
          status: 'active',
          invitation_url: null,
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
          permissions: ['read', 'send'],
        },
        { mail_hosting_id: H, mailbox_name: 'support', user_id: 100002, permissions: ['read'] },
      ),
      rc(
        'infomaniakmail_user_access.guest',
        ['delete', 'create'],
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          user_id: null,
          email: 'guest@example.org',
          permissions: ['read'],
          status: 'expired',
          invitation_url: SECRETS[2],
        },
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          user_id: null,
          email: 'guest@example.org',
          permissions: ['read'],
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
          permissions: ['read'],
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
          unmanaged_devices: [
            { device_id: 7000001, label: 'Generic', user_id: null, is_generic: true },
            { device_id: 7000200, label: 'Hand-made', user_id: 100002, is_generic: false },
          ],
          unmanaged_users: [{ user_id: 100009, email: 'eve@example.ch', display_name: 'Eve' }],
        },
        {
          mail_hosting_id: H,
          mailbox_name: 'support',
          exclusive_devices: true,
          exclusive_users: true,
          unmanaged_devices: [{ device_id: 7000001, label: 'Generic', user_id: null, is_generic: true }],
          unmanaged_users: [],
        },
      ),
      rc('infomaniakmail_access_policy.other', ['create'], null, {
        mail_hosting_id: H,
        mailbox_name: 'other',
        exclusive_devices: true,
        exclusive_users: false,
        unmanaged_devices: [],
        unmanaged_users: [],
      }),
      rc(
        'infomaniakmail_address.old',
        ['delete'],
        { mail_hosting_id: H, mailbox_name: 'old', email: 'old@example.ch', delete_mailbox_on_destroy: true },
        null,
      ),
      // Not ours, or not a managed resource: ignored.
      rc('random_password.x', ['create'], null, { result: SECRETS[3] }),
      rc('data.infomaniakmail_devices.d', ['read'], null, { devices: [] }, { mode: 'data' }),
      rc(
        'module.m.infomaniakmail_device.tok',
        ['create'],
        null,
        device({ token: SECRETS[3], label: 'In module', password: undefined }),
        {
          after_unknown: { password: true },
        },
      ),
    ],
  };
}

describe('buildReport', () => {
  const report = buildReport([loadPlan(JSON.stringify(plan()), 'stack-a.json')]);

  it('finds devices created, regenerated with their reasons, replaced, revoked and relabelled', () => {
    expect(report.devices.created.map((d) => [d.resource, d.device.label, d.address.email])).toEqual([
      ['module.m.infomaniakmail_device.tok', 'In module', 'support@example.ch'],
      ['infomaniakmail_device.new', 'Phone', 'support@example.ch'],
    ]);
    const reasons = Object.fromEntries(report.devices.regenerated.map((d) => [d.device.label, d.reasons]));
    expect(reasons).toEqual({
      CRM: [{ reason: 'rotation_triggers', keys: ['quarter'] }],
      Printer: [{ reason: 'password_age', rotate_after_days: 30, age_days: 59 }],
      Scanner: [{ reason: 'password_wo_version', from: 1, to: 2 }],
    });
    expect(report.devices.replaced).toMatchObject([
      { device: { device_id: 7000105 }, because: ['protocols'] },
    ]);
    expect(report.devices.revoked.map((d) => [d.device.device_id, d.via, d.device.user_id])).toEqual([
      [7000106, 'resource', null],
      [7000200, 'policy', 100002],
    ]);
    expect(report.devices.relabelled).toMatchObject([{ from: 'Old name', to: 'New name' }]);
  });

  it('finds access granted, changed and removed, and invitations', () => {
    expect(report.access.granted).toMatchObject([
      {
        user: { user_id: 100001, email: 'alice@example.ch', display_name: 'Alice Martin' },
        permissions: ['read', 'send'],
      },
    ]);
    expect(report.access.permissions_changed).toMatchObject([
      { user: { user_id: 100002 }, before: ['read', 'send'], after: ['read'], added: [], removed: ['send'] },
    ]);
    expect(report.access.removed.map((r) => [r.user.user_id, r.via])).toEqual([
      [100003, 'resource'],
      [100009, 'policy'],
    ]);
    expect(report.invitations.created).toMatchObject([{ email: 'guest@example.org', renews: true }]);
  });

  it('lists strays that stay, new exclusive policies, removed addresses', () => {
    expect(report.unmanaged.devices).toMatchObject([
      { device: { device_id: 7000001 }, is_generic: true, fate: 'stays' },
    ]);
    expect(report.notes.map((n) => n.kind)).toEqual(['unlisted_device_revocations']);
    expect(report.addresses.removed).toMatchObject([
      { address: { email: 'old@example.ch' }, deletes_mailbox: true },
    ]);
  });

  it('counts', () => {
    expect(report.summary).toMatchObject({
      devices_created: 2,
      devices_regenerated: 3,
      devices_replaced: 1,
      devices_revoked: 2,
      devices_relabelled: 1,
      access_granted: 1,
      access_removed: 2,
      permissions_changed: 1,
      invitations_created: 1,
      addresses_removed: 1,
      revocations: 5,
    });
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
