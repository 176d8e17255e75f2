/**
 * An exclusive access policy's planned revocations, people named, devices called out,
 * drift and `removed` blocks — from hand-written fragments shaped like `terraform show
 * -json` of terraform 1.11 (test/e2e/report-policy.test.ts feeds real ones).
 */
import { makeReportCommand, REPORT_EXIT } from '../cli/report';
import type { CliIO } from '../cli/command';
import { buildReport } from './build';
import { checkGates } from './gates';
import { loadPlan } from './load';
import { renderJson } from './render-json';
import { renderMarkdown } from './render-markdown';
import { renderTerminal } from './render-terminal';

const H = 1234567;
const AT = { mail_hosting_id: H, mailbox_name: 'contact' };
const SECRETS = ['Stray-Passw0rd-xxxx', 'https://invite/secret-yyyy', 'tok-zzzz'];
const TIMESTAMP = '2026-03-01T00:00:00Z';

type Values = Record<string, unknown> | null;

function rc(address: string, actions: string[], before: Values, after: Values, afterUnknown: object = {}) {
  const [type, name] = address.split('.').slice(-2);
  return {
    address,
    mode: 'managed',
    type,
    name,
    change: {
      actions,
      before,
      after,
      after_unknown: afterUnknown,
      before_sensitive: before === null ? false : { password: true, invitation_url: true },
      after_sensitive: after === null ? false : { password: true, invitation_url: true },
    },
  };
}

const deviceEntry = (over: Record<string, unknown>) => ({
  device_id: 7000100,
  access_id: 8000100,
  label: 'Stray',
  type: 'computer',
  user_id: null,
  is_generic: false,
  status: 'healthy',
  last_connection: '2026-02-20T10:00:00Z',
  created_at: '2025-01-01T00:00:00Z',
  ...over,
});

const LAPTOP = deviceEntry({
  device_id: 7000101,
  access_id: 8000101,
  label: 'Old laptop',
  user_id: 100002,
  // 151 days before the plan's timestamp.
  last_connection: '2025-10-01T00:00:00Z',
});
const PHONE = deviceEntry({ device_id: 7000102, access_id: 8000102, label: 'Phone', status: 'leaked' });
const BRUNO = {
  user_id: 100002,
  email: 'bruno.keller@example.ch',
  display_name: 'Bruno Keller',
  created_at: '2025-06-01T00:00:00Z',
};
const EVE = {
  user_id: 100009,
  email: 'eve@example.ch',
  display_name: 'Eve Rossi',
  created_at: '2025-06-01T00:00:00Z',
};
const INVITATION = { key: 'inv-42', sent_to: 'stranger@example.org', expires_at: '2026-03-08T00:00:00Z' };

/** The data sources terraform read while planning, as `prior_state` holds them. */
const DATA_SOURCES = [
  {
    address: 'data.infomaniakmail_users.all',
    mode: 'data',
    type: 'infomaniakmail_users',
    values: {
      mail_hosting_id: H,
      users: [{ ...BRUNO, first_name: 'Bruno', last_name: 'Keller' }],
    },
    sensitive_values: {},
  },
  {
    address: 'data.infomaniakmail_address_access.contact',
    mode: 'data',
    type: 'infomaniakmail_address_access',
    values: {
      ...AT,
      exists: true,
      devices: [LAPTOP, PHONE],
      users: [EVE],
      invitations: [INVITATION],
      snapshot: '{"exists":true}',
    },
    sensitive_values: {},
  },
  {
    address: 'infomaniakmail_address.contact',
    mode: 'managed',
    type: 'infomaniakmail_address',
    values: { ...AT, email: 'contact@example.ch' },
    sensitive_values: {},
  },
];

const lists = (devices: object[], users: object[], invitations: object[]) => ({
  devices_to_revoke: devices,
  users_to_remove: users,
  invitations_to_withdraw: invitations,
});

/** A new exclusive policy wired to the data source: its four revocations are in the plan. */
const newPolicy = rc('infomaniakmail_access_policy.contact', ['create'], null, {
  ...AT,
  id: `${H}/contact`,
  exclusive_devices: true,
  exclusive_users: true,
  revoke_generic_password: false,
  keep_device_ids: [7000001],
  keep_user_ids: null,
  keep_invitation_emails: null,
  observed: null,
  ...lists([LAPTOP, PHONE], [EVE], [INVITATION]),
  unmanaged_devices: [],
  unmanaged_users: [],
});

function plan(resourceChanges: object[], extra: object = {}) {
  return {
    format_version: '1.2',
    terraform_version: '1.11.4',
    timestamp: TIMESTAMP,
    prior_state: { values: { root_module: { resources: DATA_SOURCES } } },
    resource_changes: resourceChanges,
    ...extra,
  };
}

const build = (p: object, staleDays?: number) =>
  buildReport([loadPlan(JSON.stringify(p), 'plan.json')], staleDays === undefined ? {} : { staleDays });

async function cli(argv: string[], text: string) {
  let stdout = '';
  let stderr = '';
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t) };
  const command = makeReportCommand({
    readFile: () => text,
    readStdin: () => text,
    stdoutIsTTY: false,
    stdinIsTTY: false,
    env: {},
  });
  return { code: await command.run([...argv, 'plan.json'], io), stdout, stderr };
}

describe('a new exclusive policy with its revocations in the plan', () => {
  const report = build(plan([newPolicy]));

  it('lists its four revocations like any other, with no fail-closed note', () => {
    expect(report.devices.revoked.map((d) => [d.device.device_id, d.device.access_id, d.via])).toEqual([
      [7000101, 8000101, 'policy'],
      [7000102, 8000102, 'policy'],
    ]);
    expect(report.access.removed).toMatchObject([
      { user: { user_id: 100009, email: 'eve@example.ch', display_name: 'Eve Rossi' }, via: 'policy' },
    ]);
    expect(report.invitations.dropped).toMatchObject([
      { email: 'stranger@example.org', key: 'inv-42', expires_at: '2026-03-08T00:00:00Z', via: 'policy' },
    ]);
    expect(report.summary).toMatchObject({
      devices_revoked: 2,
      access_removed: 1,
      invitations_dropped: 1,
      revocations: 4,
    });
    expect(report.notes).toEqual([]);
    expect(report.devices.revoked[0].address.email).toBe('contact@example.ch');
  });

  it('names the device owner from the users data source, and calls out leaked and stale devices', () => {
    const laptop = report.devices.revoked[0].device;
    expect(laptop.owner).toEqual({
      user_id: 100002,
      email: 'bruno.keller@example.ch',
      display_name: 'Bruno Keller',
    });
    expect(laptop.call_outs).toEqual([{ kind: 'stale', last_connection: '2025-10-01T00:00:00Z', days: 151 }]);
    expect(report.devices.revoked[1].device.call_outs).toEqual([{ kind: 'flagged', status: 'leaked' }]);
    // --stale-days moves the threshold; the plan's timestamp, not the clock, is "now".
    expect(build(plan([newPolicy]), 200).devices.revoked[0].device.call_outs).toEqual([]);
    expect(build(plan([newPolicy]), 150).devices.revoked[0].device.call_outs).toHaveLength(1);
    expect(report.stale_days).toBe(90);
  });

  it('shows them in the terminal, in Markdown (summary first) and in JSON', () => {
    const terminal = renderTerminal(report, { colour: false });
    expect(terminal.split('\n')[1]).toBe('Access: 1 removed · Invitations: 1 withdrawn · Devices: 2 revoked');
    expect(terminal).toContain(
      '"Old laptop" (id 7000101) of Bruno Keller <bruno.keller@example.ch> (user 100002)  ' +
        'not kept by the exclusive access policy (not in keep_device_ids); ⚠ last used 151 days before the plan (2025-10-01)',
    );
    expect(terminal).toContain(
      '"Phone" (id 7000102)  not kept by the exclusive access policy (not in keep_device_ids); ⚠ flagged "leaked" by Infomaniak',
    );
    expect(terminal).toContain(
      'Eve Rossi <eve@example.ch> (user 100009)  not kept by the exclusive access policy (not in keep_user_ids)',
    );
    expect(terminal).toContain(
      'stranger@example.org  not kept by the exclusive access policy (not in keep_invitation_emails); key inv-42',
    );

    const gates = checkGates(report, { failOn: [], maxRevocations: 1 });
    const markdown = renderMarkdown(report, { mermaid: true, gates });
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('**Access: 1 removed · Invitations: 1 withdrawn · Devices: 2 revoked**');
    // The gate result comes before any table.
    expect(markdown.indexOf('**Gates:** ❌ failed')).toBeLessThan(markdown.indexOf('| Address |'));
    expect(markdown).toContain('#### 🔴 Devices revoked (2)');
    expect(markdown).toContain('#### 🔴 Invitations withdrawn (1)');
    expect(markdown).toContain('Bruno Keller \\<bruno.keller&#64;example.ch\\> (user 100002)');

    const json = JSON.parse(renderJson(report)) as typeof report;
    expect(json.schema_version).toBe(3);
    expect(json.devices.revoked.map((d) => d.device.label)).toEqual(['Old laptop', 'Phone']);
    expect(json.invitations.dropped[0].email).toBe('stranger@example.org');
    expect(json.access.removed[0].user.display_name).toBe('Eve Rossi');
  });

  it('counts them in --max-revocations and --fail-on revoke: exit 3 with --max-revocations 1', async () => {
    const text = JSON.stringify(plan([newPolicy]));
    const one = await cli(['--max-revocations', '1'], text);
    expect(one.code).toBe(REPORT_EXIT.gateFailed);
    expect(one.stderr).toContain('--max-revocations: 4 revocation(s), more than 1');
    expect((await cli(['--max-revocations', '4'], text)).code).toBe(REPORT_EXIT.ok);
    const revoke = await cli(['--fail-on', 'revoke'], text);
    expect(revoke.code).toBe(REPORT_EXIT.gateFailed);
    expect(revoke.stderr).toContain(
      '--fail-on revoke: 4 revocation(s) (2 device(s) revoked, 1 user access(es) removed, 1 invitation(s) withdrawn)',
    );
    await expect(cli(['--stale-days', 'x'], text)).rejects.toThrow('--stale-days must be a whole number');
    const stale = await cli(['--stale-days', '365'], text);
    expect(stale.stdout).not.toContain('last used');
  });
});

describe('an access policy whose lists are known only after apply', () => {
  const unknown = build(
    plan([
      rc(
        'infomaniakmail_access_policy.contact',
        ['create'],
        null,
        { ...AT, exclusive_users: true, users_to_remove: [], invitations_to_withdraw: [] },
        { exclusive_devices: true, devices_to_revoke: true, unmanaged_devices: true, unmanaged_users: true },
      ),
    ]),
  );

  it('fails closed, and says which list the plan cannot tell', () => {
    expect(unknown.notes).toMatchObject([
      { kind: 'unknown_revocations', resource: 'infomaniakmail_access_policy.contact' },
    ]);
    expect(unknown.notes[0].message).toContain('which devices apply revokes (devices_to_revoke');
    expect(unknown.summary.revocations).toBe(0);
    for (const options of [{ failOn: ['revoke' as const] }, { failOn: [], maxRevocations: 10 }])
      expect(checkGates(unknown, options).passed).toBe(false);
  });
});

describe('after an apply', () => {
  it('a policy whose own lists go [x] -> [] is neither a change nor drift', () => {
    const applied = {
      ...AT,
      exclusive_devices: true,
      exclusive_users: true,
      unmanaged_devices: [],
      unmanaged_users: [],
    };
    const report = build(
      plan(
        [
          rc(
            'infomaniakmail_access_policy.contact',
            ['no-op'],
            { ...applied, ...lists([], [], []) },
            { ...applied, ...lists([], [], []) },
          ),
        ],
        {
          resource_drift: [
            rc(
              'infomaniakmail_access_policy.contact',
              ['update'],
              { ...applied, ...lists([LAPTOP], [EVE], [INVITATION]) },
              { ...applied, ...lists([], [], []) },
            ),
          ],
        },
      ),
    );
    expect(report.summary).toMatchObject({ changes: 0, revocations: 0, drifted: 0 });
    expect(report.drift).toEqual([]);
    expect(renderTerminal(report, { colour: false }).split('\n')[1]).toBe('No access changes.');
  });
});

describe('changes outside Terraform (resource_drift)', () => {
  const device = {
    ...AT,
    label: 'CRM',
    device_id: 7000300,
    access_id: 8000300,
    user_id: 100002,
    protocols: 'imap',
    type: 'other',
    status: 'healthy',
    last_connection: '2026-02-28T00:00:00Z',
    created_at: '2025-01-01T00:00:00Z',
    password: SECRETS[0],
  };
  const grant = { ...AT, user_id: 100002, permissions: [], status: 'active', invitation_url: null };
  const report = build(
    plan(
      [
        rc(
          'infomaniakmail_device.crm',
          ['create'],
          null,
          { ...AT, label: 'CRM', protocols: 'imap' },
          { password: true, device_id: true },
        ),
        rc('infomaniakmail_user_access.bruno', ['create'], null, { ...AT, user_id: 100002, permissions: [] }),
        rc(
          'infomaniakmail_device.printer',
          ['update'],
          { ...device, label: 'Renamed' },
          { ...device, label: 'Printer' },
        ),
      ],
      {
        resource_drift: [
          rc('infomaniakmail_device.crm', ['delete'], device, null),
          rc('infomaniakmail_user_access.bruno', ['delete'], grant, null),
          rc(
            'infomaniakmail_device.printer',
            ['update'],
            { ...device, label: 'Printer' },
            { ...device, label: 'Renamed', last_connection: '2026-03-01T00:00:00Z' },
          ),
          // Only the last connection moved: not news.
          rc('infomaniakmail_device.idle', ['update'], device, {
            ...device,
            last_connection: '2026-03-01T00:00:00Z',
          }),
        ],
      },
    ),
  );

  it('says what changed by hand and what this plan does about it', () => {
    expect(report.drift.map((d) => [d.resource, d.outside, d.attributes, d.this_plan])).toEqual([
      ['infomaniakmail_user_access.bruno', 'removed', [], 'create'],
      ['infomaniakmail_device.crm', 'removed', [], 'create'],
      ['infomaniakmail_device.printer', 'changed', ['label'], 'update'],
    ]);
    expect(report.drift[0].user).toMatchObject({ user_id: 100002, display_name: 'Bruno Keller' });
    expect(report.summary.drifted).toBe(3);
    const terminal = renderTerminal(report, { colour: false });
    expect(terminal).toContain('! Changed outside Terraform since the last apply (3)');
    expect(terminal).toContain(
      'revoked outside Terraform; this plan creates it again: a new access with a new password (the old one stays revoked)',
    );
    expect(terminal).toContain(
      'Bruno Keller <bruno.keller@example.ch> (user 100002)  access removed outside Terraform; this plan grants the access again',
    );
    expect(terminal).toContain(
      'changed outside Terraform (label "Printer" → "Renamed"); this plan sets it back to what the code says',
    );
    expect(terminal.split('\n')[1]).toContain('Changed outside Terraform: 3');
  });
});

describe('removed blocks that forget (destroy = false)', () => {
  const stray = {
    ...AT,
    label: 'Kiosk',
    device_id: 7000102,
    access_id: 8000102,
    status: 'spam',
    password: SECRETS[0],
  };
  const report = build(
    plan([
      rc('infomaniakmail_device.kiosk', ['forget'], stray, null),
      rc(
        'infomaniakmail_device.tablet',
        ['forget'],
        { ...stray, label: 'Tablet', device_id: 7000400, access_id: 8000400, status: 'healthy' },
        null,
      ),
      rc(
        'infomaniakmail_user_access.guest',
        ['forget'],
        { ...AT, email: 'guest@example.org', user_id: null, invitation_url: SECRETS[1] },
        null,
      ),
      // The policy does not keep the kiosk: it revokes it in the same apply.
      rc(
        'infomaniakmail_access_policy.contact',
        ['update'],
        { ...AT, exclusive_devices: true, ...lists([], [], []) },
        {
          ...AT,
          exclusive_devices: true,
          ...lists([PHONE], [], []),
          unmanaged_devices: [],
          unmanaged_users: [],
        },
      ),
    ]),
  );

  it('lists what leaves Terraform and stays, and what a policy revokes anyway', () => {
    expect(report.forgotten.map((f) => [f.resource, f.revoked_by])).toEqual([
      ['infomaniakmail_user_access.guest', null],
      ['infomaniakmail_device.kiosk', 'infomaniakmail_access_policy.contact'],
      ['infomaniakmail_device.tablet', null],
    ]);
    expect(report.forgotten[1].device?.call_outs).toEqual([{ kind: 'flagged', status: 'spam' }]);
    expect(report.summary).toMatchObject({ forgotten: 3, devices_revoked: 1, changes: 1 });
    const terminal = renderTerminal(report, { colour: false });
    expect(terminal).toContain('! No longer managed by Terraform (removed block, stays in place) (3)');
    expect(terminal).toContain(
      'no longer managed, but revoked by infomaniakmail_access_policy.contact in this plan',
    );
    expect(terminal).toContain('"Tablet" (id 7000400)  stays in place: its password keeps working');
    expect(terminal).toContain(
      'invitation to guest@example.org  stays in place: the invitation link stays valid until it expires',
    );
  });
});

describe('secrets', () => {
  it('never appear, in any format', () => {
    const withSecrets = plan([
      newPolicy,
      rc(
        'infomaniakmail_device.kiosk',
        ['forget'],
        { ...AT, label: 'K', password: SECRETS[0], token: SECRETS[2] },
        null,
      ),
      rc(
        'infomaniakmail_user_access.g',
        ['forget'],
        { ...AT, email: 'g@example.org', invitation_url: SECRETS[1] },
        null,
      ),
    ]);
    const report = build(withSecrets);
    const outputs = [
      renderJson(report, checkGates(report, { failOn: ['revoke'] })),
      renderMarkdown(report, { mermaid: true }),
      renderTerminal(report, { colour: true }),
    ];
    for (const out of outputs) for (const secret of SECRETS) expect(out).not.toContain(secret);
    expect(JSON.stringify(withSecrets)).toContain(SECRETS[0]);
  });
});
