/**
 * infomaniakmail_device end to end: real terraform, the built provider, the sandbox.
 * One workspace walks a device through its life; every step ends with an empty plan.
 */
import { MailClient } from '../../provider/infomaniak';
import { SANDBOX_GENERIC_DEVICE_ID } from '../../provider/sandbox';
import { hcl, MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

let sandbox: MailSandbox;
let client: MailClient;
let ws: MailWorkspace;

const MAILBOX = 'support';
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
  triggers?: Record<string, string>;
  rotateAfterDays?: number;
  passwordWo?: string;
  passwordWoVersion?: number;
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
  protocols       = ["smtp"]
  ${triggers}
  ${o.rotateAfterDays === undefined ? '' : `rotate_after_days = ${o.rotateAfterDays}`}
  ${o.passwordWo === undefined ? '' : `password_wo = ${hcl(o.passwordWo)}`}
  ${o.passwordWoVersion === undefined ? '' : `password_wo_version = ${o.passwordWoVersion}`}
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

const verify = (password: string) => sandbox.hooks.verify(email, password);

test('create: the password works, is sensitive in the plan, and the next plan is empty', async () => {
  ws.writeConfig(config({ triggers: { quarter: '2026-Q1' } }));
  await ws.init();
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout).toMatch(/password\s+= \(sensitive value\)/);
  expect(plan.stdout).toMatch(/device_id\s+= \(known after apply\)/);
  await ws.apply();
  const d = await device();
  expect(d.device_id).toEqual(expect.any(Number));
  expect(d.id).toBe(`${sandbox.hostingId}/${MAILBOX}/${d.device_id}`);
  expect(d.label).toBe('CRM');
  expect(d.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  expect(await verify(d.password as string)).toBe(true);
  const listed = await ws.resource('data.infomaniakmail_devices.support');
  expect(JSON.stringify(listed)).not.toContain(d.password as string);
  expect(listed.devices).toEqual([
    expect.objectContaining({ device_id: d.device_id, label: 'CRM', is_generic: false }),
  ]);
  await ws.expectEmptyPlan();
});

test('label changes in place, keeping the id and the password', async () => {
  const before = await device();
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q1' } }));
  const plan = await ws.plan();
  expect(plan.stdout).toContain(`# ${ADDR} will be updated in-place`);
  expect(plan.stdout).toContain('~ label');
  expect(plan.stdout).not.toMatch(/password_changed_at\s+=.*known after apply/);
  await ws.apply();
  const after = await device();
  expect(after).toMatchObject({
    device_id: before.device_id,
    label: 'CRM sending',
    password: before.password,
  });
  expect((await client.devices.list(ref())).find((x) => x.id === after.device_id)?.label).toBe('CRM sending');
  await ws.expectEmptyPlan();
});

test('a rotation trigger change regenerates in place: same id, new password, old one refused', async () => {
  const before = await device();
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q2' } }));
  const plan = await ws.plan();
  expect(plan.stdout).toContain(`# ${ADDR} will be updated in-place`);
  expect(plan.stdout).toMatch(/password_changed_at\s+= "[^"]+" -> \(known after apply\)/);
  expect(plan.stdout).not.toContain('must be replaced');
  await ws.apply();
  const after = await device();
  expect(after.device_id).toBe(before.device_id);
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
    /Device "CRM sending" \(id \d+\) on "support".*password is 31 days old/,
  );
  expect(plan.stdout).toContain(`# ${ADDR} will be updated in-place`);
  await ws.apply();
  const after = await device();
  expect(after.device_id).toBe(before.device_id);
  expect(await verify(after.password as string)).toBe(true);
  expect(await verify(before.password as string)).toBe(false);
  await ws.expectEmptyPlan();
});

test('password_wo: the chosen password is applied on each password_wo_version change and never stored', async () => {
  const chosen1 = 'chosen-password-number-one';
  const chosen2 = 'chosen-password-number-two';
  ws.writeConfig(
    config({
      label: 'CRM sending',
      triggers: { quarter: '2026-Q2' },
      passwordWo: chosen1,
      passwordWoVersion: 1,
    }),
  );
  const plan = await ws.plan();
  expect(plan.stdout).toContain(`# ${ADDR} will be updated in-place`);
  await ws.apply();
  expect(await verify(chosen1)).toBe(true);
  let d = await device();
  expect(d.password).toBeNull();
  expect(d.password_wo).toBeNull();
  await ws.expectEmptyPlan();
  ws.writeConfig(
    config({
      label: 'CRM sending',
      triggers: { quarter: '2026-Q2' },
      passwordWo: chosen2,
      passwordWoVersion: 2,
    }),
  );
  await ws.apply();
  expect(await verify(chosen2)).toBe(true);
  expect(await verify(chosen1)).toBe(false);
  d = await device();
  expect(JSON.stringify(await ws.show())).not.toContain(chosen2);
  await ws.expectEmptyPlan();
});

test('a password_wo under 16 characters is a plan-time error on that attribute', async () => {
  ws.writeConfig(config({ label: 'CRM sending', passwordWo: 'short-secret', passwordWoVersion: 3 }));
  const plan = await ws.plan();
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('Invalid value for "password_wo"');
  expect(plan.stderr).toContain('at least 16 characters');
  expect(plan.stderr).toMatch(/password_wo\s+=/);
  // terraform quotes the configuration line; the provider's own message does not repeat the value.
  expect(plan.stderr).toContain('Must be at least 16 characters long (got 12).');
});

test('a device revoked outside terraform disappears on refresh and the plan creates it again', async () => {
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q2' } }));
  await ws.apply();
  const before = await device();
  await client.devices.revoke(ref(), before.device_id as number);
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout).toContain(`# ${ADDR} will be created`);
  await ws.apply();
  const after = await device();
  expect(after.device_id).not.toBe(before.device_id);
  expect(await verify(after.password as string)).toBe(true);
  await ws.expectEmptyPlan();
});

test('a password regenerated outside terraform gets a warning saying how to recapture it', async () => {
  const before = await device();
  await client.devices.regenerate(ref(), before.device_id as number);
  const plan = await ws.plan();
  const text = plan.stdout + plan.stderr;
  expect(text).toContain('password changed outside Terraform');
  expect(text).toMatch(/rotation_triggers[\s\S]*-replace/);
  // The stale password is cleared from state; recapture by bumping the trigger.
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q3' } }));
  await ws.apply();
  const after = await device();
  expect(after.device_id).toBe(before.device_id);
  expect(await verify(after.password as string)).toBe(true);
  const last = await ws.expectEmptyPlan();
  expect(last.stdout + last.stderr).not.toContain('changed outside Terraform');
});

test('import by HOSTING/MAILBOX/DEVICE_ID (password null); the generic password and bad ids are refused', async () => {
  const made = await client.devices.create(ref(), { label: 'Phone', protocols: ['imap', 'smtp'] });
  const id = `${sandbox.hostingId}/${MAILBOX}/${made.id}`;
  const phone = `
import {
  to = infomaniakmail_device.phone
  id = ${hcl(id)}
}

resource "infomaniakmail_device" "phone" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = ${hcl(MAILBOX)}
  label           = "Phone"
  protocols       = ["imap", "smtp"]
}
`;
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q3' }, extra: phone }));
  const plan = await ws.plan();
  expect(plan.stdout).toContain('1 to import');
  await ws.apply();
  const imported = await ws.resource('infomaniakmail_device.phone');
  expect(imported).toMatchObject({ device_id: made.id, label: 'Phone', password: null, id });
  await ws.expectEmptyPlan();

  const generic = `
resource "infomaniakmail_device" "generic" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "ancien-compte"
  label           = "generic"
}
`;
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q3' }, extra: phone + generic }));
  const refused = await ws.run(
    [
      'import',
      '-no-color',
      '-input=false',
      'infomaniakmail_device.generic',
      `${sandbox.hostingId}/ancien-compte/${SANDBOX_GENERIC_DEVICE_ID}`,
    ],
    { allowFailure: true },
  );
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('The generic password cannot be imported');
  const bad = await ws.run(
    ['import', '-no-color', '-input=false', 'infomaniakmail_device.generic', 'ancien-compte'],
    {
      allowFailure: true,
    },
  );
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('Invalid import id');
  expect(bad.stderr).toContain('MAIL_HOSTING_ID/MAILBOX_NAME/DEVICE_ID');
  ws.writeConfig(config({ label: 'CRM sending', triggers: { quarter: '2026-Q3' }, extra: phone }));
  await ws.expectEmptyPlan();
});

test('destroy revokes the managed devices only and keeps the mailbox', async () => {
  const crm = await device();
  const phone = await ws.resource('infomaniakmail_device.phone');
  const other = await client.devices.create(ref(), { label: 'Not managed', protocols: ['imap'] });
  await ws.run(['destroy', '-auto-approve', '-no-color', '-input=false']);
  const left = await client.devices.list(ref());
  expect(left.map((d) => d.id)).toEqual([other.id]);
  expect(left.map((d) => d.id)).not.toContain(crm.device_id);
  expect(left.map((d) => d.id)).not.toContain(phone.device_id);
  expect(await client.mailboxes.find(ref())).toBeDefined();
});
