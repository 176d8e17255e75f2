/**
 * infomaniakmail_device end to end: real terraform, the built provider, the sandbox.
 * One workspace walks a device access through its life; every step ends with an empty plan.
 */
import { MailClient } from '../../provider/infomaniak';
import { SANDBOX_GENERIC_ACCESS_ID } from '../../provider/sandbox';
import { hcl, MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

let sandbox: MailSandbox;
let client: MailClient;
let ws: MailWorkspace;

const MAILBOX = 'support';
const SECOND = 'ventes';
const ADDR = 'infomaniakmail_device.crm';

beforeAll(async () => {
  sandbox = await startMailSandbox();
  client = new MailClient({ token: sandbox.tokens.admin, endpoint: sandbox.url, requestsPerMinute: 100000 });
  ws = await MailWorkspace.create(sandbox);
});

afterAll(async () => {
  await client?.close();
  ws?.remove();
  await sandbox?.close();
});

const email = `${MAILBOX}@` + 'exemple-domaine.ch';
const ref = () => ({ hosting: sandbox.hostingId, mailbox: MAILBOX });

interface DeviceOptions {
  label?: string;
  protocols?: string;
  triggers?: Record<string, string>;
  rotateAfterDays?: number;
  whenFlagged?: boolean;
  extra?: string;
}

function config(o: DeviceOptions = {}): string {
  const triggers = o.triggers
    ? `rotation_triggers = { ${Object.entries(o.triggers)
        .map(([k, v]) => `${k} = ${hcl(v)}`)
        .join(', ')} }`
    : '';
  return `
resource "infomaniakmail_address" "support" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = ${hcl(MAILBOX)}
}

resource "infomaniakmail_device" "crm" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_address.support.mailbox_name
  label           = ${hcl(o.label ?? 'CRM')}
  protocols       = ${hcl(o.protocols ?? 'imap')}
  type            = "other"
  ${triggers}
  ${o.rotateAfterDays === undefined ? '' : `rotate_after_days = ${o.rotateAfterDays}`}
  ${o.whenFlagged === undefined ? '' : `rotate_when_flagged = ${String(o.whenFlagged)}`}
}

data "infomaniakmail_devices" "support" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_device.crm.mailbox_name
}

output "password" {
  value     = infomaniakmail_device.crm.password
  sensitive = true
}
${o.extra ?? ''}
`;
}

async function device(): Promise<Record<string, unknown>> {
  return ws.resource(ADDR);
}

const verify = (password: string, address = email) => sandbox.hooks.verify(address, password);
const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;

test('create: the password works, is sensitive in the plan, and the next plan is empty', async () => {
  ws.writeConfig(config({ triggers: { quarter: '2026-Q1' } }));
  await ws.init();
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout).toMatch(/password\s+= \(sensitive value\)/);
  expect(plan.stdout).toMatch(/access_id\s+= \(known after apply\)/);
  expect(plan.stdout).toMatch(/protocols\s+= "imap"/);
  await ws.apply();
  const d = await device();
  expect(d.access_id).toEqual(expect.any(Number));
  expect(d.device_id).toEqual(expect.any(Number));
  expect(d.id).toBe(`${sandbox.hostingId}/${MAILBOX}/${d.access_id}`);
  expect(d).toMatchObject({
    label: 'CRM',
    protocols: 'imap',
    type: 'other',
    status: 'healthy',
    user_id: null,
  });
  expect(d.created_at).toMatch(RFC3339);
  expect(d.password_set_at).toMatch(RFC3339);
  expect(await verify(d.password as string)).toBe(true);
  const listed = await ws.resource('data.infomaniakmail_devices.support');
  expect(JSON.stringify(listed)).not.toContain(d.password as string);
  expect(listed.devices).toEqual([
    expect.objectContaining({
      device_id: d.device_id,
      access_id: d.access_id,
      label: 'CRM',
      type: 'other',
      protocols: 'imap',
      status: 'healthy',
      is_generic: false,
    }),
  ]);
  await ws.expectEmptyPlan();
});

test('label changes in place (it renames the Device), keeping the access and the password', async () => {
  const before = await device();
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q1' } }));
  const plan = await ws.plan();
  expect(plan.stdout).toContain(`# ${ADDR} will be updated in-place`);
  expect(plan.stdout).toContain('~ label');
  expect(plan.stdout).not.toMatch(/password_set_at\s+=.*known after apply/);
  await ws.apply();
  const after = await device();
  expect(after).toMatchObject({
    access_id: before.access_id,
    label: 'CRM sending',
    password: before.password,
  });
  expect((await client.devices.list(ref())).find((x) => x.accessId === after.access_id)?.label).toBe(
    'CRM sending',
  );
  await ws.expectEmptyPlan();
});

test('a rotation trigger change regenerates in place: same access, new password, old one refused', async () => {
  const before = await device();
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q2' } }));
  const plan = await ws.plan();
  expect(plan.stdout).toContain(`# ${ADDR} will be updated in-place`);
  expect(plan.stdout).toMatch(/password_set_at\s+= "[^"]+" -> \(known after apply\)/);
  expect(plan.stdout).not.toContain('must be replaced');
  await ws.apply();
  const after = await device();
  expect(after.access_id).toBe(before.access_id);
  expect(after.password).not.toBe(before.password);
  expect(await verify(after.password as string)).toBe(true);
  expect(await verify(before.password as string)).toBe(false);
  await ws.expectEmptyPlan();
});

test('rotate_after_days: once the password is older, the plan warns with its age and apply regenerates', async () => {
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q2' }, rotateAfterDays: 30 }));
  await ws.apply();
  await ws.expectEmptyPlan();
  const before = await device();
  await sandbox.hooks.advanceClock(31 * 86_400);
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout + plan.stderr).toMatch(
    /Device "CRM sending" \(access \d+\) on "support".*password is 31 days old/,
  );
  expect(plan.stdout).toContain(`# ${ADDR} will be updated in-place`);
  await ws.apply();
  const after = await device();
  expect(after.access_id).toBe(before.access_id);
  expect(await verify(after.password as string)).toBe(true);
  expect(await verify(before.password as string)).toBe(false);
  await ws.expectEmptyPlan();
});

test('rotate_when_flagged: a leaked password is regenerated once; a flag that stays only warns', async () => {
  const opts = { label: 'CRM sending', triggers: { quarter: '2026-Q2' }, whenFlagged: true };
  ws.writeConfig(config(opts));
  await ws.apply();
  await ws.expectEmptyPlan();
  const before = await device();
  await sandbox.hooks.setDeviceStatus(before.access_id as number, 'leaked');
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout + plan.stderr).toMatch(/flagged "leaked" by Infomaniak/);
  expect(plan.stdout).toContain(`# ${ADDR} will be updated in-place`);
  await ws.apply();
  const after = await device();
  expect(after.access_id).toBe(before.access_id);
  expect(await verify(after.password as string)).toBe(true);
  expect(await verify(before.password as string)).toBe(false);
  // Regenerating clears the flag in the sandbox; the service may keep it. Keep it: the plan settles, with a warning.
  expect(after.status).toBe('healthy');
  await sandbox.hooks.setDeviceStatus(before.access_id as number, 'leaked');
  const settled = await ws.expectEmptyPlan();
  expect(settled.stdout + settled.stderr).toContain('still flagged "leaked"');
  await sandbox.hooks.setDeviceStatus(before.access_id as number, 'healthy');
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q2' } }));
  await ws.apply();
  await ws.expectEmptyPlan();
});

test('a protocols change replaces the access and the plan says why', async () => {
  const before = await device();
  ws.writeConfig(config({ label: 'CRM sending', protocols: 'pop3-imap', triggers: { quarter: '2026-Q2' } }));
  const plan = await ws.plan();
  expect(plan.stdout).toContain(`# ${ADDR} must be replaced`);
  expect(plan.stdout + plan.stderr).toContain('No API route changes protocols');
  await ws.apply();
  const after = await device();
  expect(after.access_id).not.toBe(before.access_id);
  expect(after.protocols).toBe('pop3-imap');
  expect(await verify(after.password as string)).toBe(true);
  expect(await verify(before.password as string)).toBe(false);
  await ws.expectEmptyPlan();
});

test('device_id gives a second address to the same Device; its label follows the Device', async () => {
  const crm = await device();
  const second = `
resource "infomaniakmail_address" "ventes" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = ${hcl(SECOND)}
}

resource "infomaniakmail_device" "crm_ventes" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_address.ventes.mailbox_name
  device_id       = infomaniakmail_device.crm.device_id
  protocols       = "imap"
}
`;
  const opts = { label: 'CRM sending', protocols: 'pop3-imap', triggers: { quarter: '2026-Q2' } };
  ws.writeConfig(config({ ...opts, extra: second }));
  await ws.apply();
  const shared = await ws.resource('infomaniakmail_device.crm_ventes');
  expect(shared).toMatchObject({ device_id: crm.device_id, label: 'CRM sending' });
  expect(shared.access_id).not.toBe(crm.access_id);
  expect(await verify(shared.password as string, `${SECOND}@exemple-domaine.ch`)).toBe(true);
  await ws.expectEmptyPlan();

  // A different label on the follower is a plan error on that attribute.
  ws.writeConfig(
    config({
      ...opts,
      extra: second.replace('protocols       = "imap"', 'protocols = "imap"\n  label = "Other"'),
    }),
  );
  const refused = await ws.plan();
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('The label of a Device given by device_id cannot differ');

  // Renaming on the owner renames the Device, and the follower reads it.
  ws.writeConfig(config({ ...opts, label: 'CRM mailer', extra: second }));
  await ws.apply();
  const followed = await ws.run(['apply', '-refresh-only', '-auto-approve', '-no-color', '-input=false']);
  expect(followed.code).toBe(0);
  expect((await ws.resource('infomaniakmail_device.crm_ventes')).label).toBe('CRM mailer');
  await ws.expectEmptyPlan();
  ws.writeConfig(config({ ...opts, label: 'CRM mailer' }));
  await ws.apply();
  await ws.expectEmptyPlan();
});

test('a label another access of the address already has gets a warning that suggests import', async () => {
  const made = await client.devices.create(ref(), { label: 'Printer', protocols: 'imap' });
  const printer = `
resource "infomaniakmail_device" "printer" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = ${hcl(MAILBOX)}
  label           = "Printer"
  protocols       = "imap"
}
`;
  const opts = { label: 'CRM mailer', protocols: 'pop3-imap', triggers: { quarter: '2026-Q2' } };
  ws.writeConfig(config({ ...opts, extra: printer }));
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout + plan.stderr).toContain('Another device of "support" (Mail Service');
  expect(plan.stdout + plan.stderr).toContain(`${sandbox.hostingId}/${MAILBOX}/${made.accessId}`);
  await client.devices.revoke(ref(), made.accessId);
  ws.writeConfig(config(opts));
});

test('a device revoked outside terraform disappears on refresh and the plan creates it again', async () => {
  ws.writeConfig(config({ label: 'CRM mailer', protocols: 'pop3-imap', triggers: { quarter: '2026-Q2' } }));
  await ws.apply();
  const before = await device();
  await client.devices.revoke(ref(), before.access_id as number);
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout).toContain(`# ${ADDR} will be created`);
  await ws.apply();
  const after = await device();
  expect(after.access_id).not.toBe(before.access_id);
  expect(await verify(after.password as string)).toBe(true);
  await ws.expectEmptyPlan();
});

test('import by HOSTING/MAILBOX/ACCESS_ID (password null, no regeneration); the generic password and bad ids are refused', async () => {
  const made = await client.devices.create(ref(), { label: 'Phone', protocols: 'imap', type: 'phone' });
  const id = `${sandbox.hostingId}/${MAILBOX}/${made.accessId}`;
  const phone = `
import {
  to = infomaniakmail_device.phone
  id = ${hcl(id)}
}

resource "infomaniakmail_device" "phone" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = ${hcl(MAILBOX)}
  label             = "Phone"
  protocols         = "imap"
  rotate_after_days = 30
}
`;
  const opts = { label: 'CRM mailer', protocols: 'pop3-imap', triggers: { quarter: '2026-Q2' } };
  ws.writeConfig(config({ ...opts, extra: phone }));
  const plan = await ws.plan();
  expect(plan.stdout).toContain('1 to import');
  await ws.apply();
  const imported = await ws.resource('infomaniakmail_device.phone');
  expect(imported).toMatchObject({
    access_id: made.accessId,
    device_id: made.deviceId,
    label: 'Phone',
    type: 'phone',
    password: null,
    password_set_at: null,
    id,
  });
  await ws.expectEmptyPlan();
  // The age of an imported password counts from the import.
  await sandbox.hooks.advanceClock(31 * 86_400);
  const due = await ws.plan();
  expect(due.stdout + due.stderr).toMatch(/password is 31 days old/);

  const generic = `
resource "infomaniakmail_device" "generic" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "ancien-compte"
  label           = "generic"
}
`;
  ws.writeConfig(config({ ...opts, extra: phone + generic }));
  const refused = await ws.run(
    [
      'import',
      '-no-color',
      '-input=false',
      'infomaniakmail_device.generic',
      `${sandbox.hostingId}/ancien-compte/${SANDBOX_GENERIC_ACCESS_ID}`,
    ],
    { allowFailure: true },
  );
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('The generic password cannot be imported');
  const bad = await ws.run(
    ['import', '-no-color', '-input=false', 'infomaniakmail_device.generic', 'ancien-compte'],
    { allowFailure: true },
  );
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('Invalid import id');
  expect(bad.stderr).toContain('MAIL_HOSTING_ID/MAILBOX_NAME/ACCESS_ID');
  ws.writeConfig(config({ ...opts, extra: phone.replace('rotate_after_days = 30', '') }));
  await ws.apply();
  await ws.expectEmptyPlan();
});

test('a bad protocols value is a plan-time error naming the attribute and the choices', async () => {
  ws.writeConfig(config({ label: 'CRM mailer', protocols: 'smtp' }));
  const plan = await ws.plan();
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('Invalid value for "protocols"');
  expect(plan.stderr).toMatch(/imap.*pop3.*pop3-imap/);
});

test('destroy revokes the managed accesses only and keeps the mailbox', async () => {
  const opts = { label: 'CRM mailer', protocols: 'pop3-imap', triggers: { quarter: '2026-Q2' } };
  ws.writeConfig(config(opts));
  await ws.apply();
  const crm = await device();
  const other = await client.devices.create(ref(), { label: 'Not managed', protocols: 'imap' });
  const destroyed = await ws.run(['destroy', '-auto-approve', '-no-color', '-input=false']);
  expect(destroyed.stdout + destroyed.stderr).toContain('was left in place');
  const left = await client.devices.list(ref());
  expect(left.map((d) => d.accessId)).toContain(other.accessId);
  expect(left.map((d) => d.accessId)).not.toContain(crm.access_id);
  expect(await client.mailboxes.find(ref())).toBeDefined();
});
