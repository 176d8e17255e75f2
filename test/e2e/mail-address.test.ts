/**
 * infomaniakmail_address end to end, and the provider block's diagnostics: create or
 * adopt, destroy keeping the mailbox (no route deletes one), note, import, bad input,
 * missing token, 403, and a Mail Service not yet enabled for accesses (501).
 */
import { MailClient } from '../../provider/infomaniak';
import { SANDBOX_PENDING_MAIL_HOSTING_ID, SANDBOX_PENDING_MAILBOX } from '../../provider/sandbox';
import { hcl, MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

let sandbox: MailSandbox;
let client: MailClient;
const workspaces: MailWorkspace[] = [];

beforeAll(async () => {
  sandbox = await startMailSandbox();
  client = new MailClient({ token: sandbox.tokens.admin, endpoint: sandbox.url, requestsPerMinute: 100000 });
});

afterAll(async () => {
  await client?.close();
  for (const ws of workspaces) ws.remove();
  await sandbox?.close();
});

async function workspace(options?: Parameters<typeof MailWorkspace.create>[1]): Promise<MailWorkspace> {
  const ws = await MailWorkspace.create(sandbox, options);
  workspaces.push(ws);
  return ws;
}

function address(name: string, mailbox: string, extra = ''): string {
  return `
resource "infomaniakmail_address" ${hcl(name)} {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = ${hcl(mailbox)}
  ${extra}
}
`;
}

const ref = (mailbox: string) => ({ hosting: sandbox.hostingId, mailbox });

test('creates a new address granting nobody, adopts existing ones, and destroy keeps every mailbox', async () => {
  const ws = await workspace();
  ws.writeConfig(
    address('fresh', 'nouvelle', 'note = "Created by Terraform"') +
      address('contact', 'contact') +
      address('legacy', 'ancien-compte') +
      `
data "infomaniakmail_address" "legacy" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_address.legacy.mailbox_name
}
output "legacy_generic" { value = data.infomaniakmail_address.legacy.has_generic_password }
`,
  );
  await ws.init();
  expect(await client.mailboxes.find(ref('nouvelle'))).toBeUndefined();
  const applied = await ws.apply();
  expect(applied.stdout).toContain('Resources: 3 added');
  expect(applied.stdout).toContain('legacy_generic = true');
  expect(await ws.resource('infomaniakmail_address.fresh')).toMatchObject({
    id: `${sandbox.hostingId}/nouvelle`,
    email: `nouvelle@${sandbox.domain}`,
    ascii_email: `nouvelle@${sandbox.domain}`,
    has_generic_password: false,
    note: 'Created by Terraform',
  });
  expect((await client.mailboxes.show(ref('nouvelle'))).note).toBe('Created by Terraform');
  // Nobody reads the new address until the code grants or invites someone.
  const access = await client.webmail.list(ref('nouvelle'));
  expect(access.users).toEqual([]);
  expect(access.invitations).toEqual([]);
  expect(await client.devices.list(ref('nouvelle'))).toEqual([]);
  expect(await ws.resource('infomaniakmail_address.legacy')).toMatchObject({ has_generic_password: true });
  // Adopting did not touch the existing devices.
  expect((await client.devices.list(ref('contact'))).length).toBe(1);
  await ws.expectEmptyPlan();

  const destroyed = await ws.run(['destroy', '-auto-approve', '-no-color', '-input=false']);
  expect(destroyed.stdout + destroyed.stderr).toContain('was left in place');
  for (const mailbox of ['nouvelle', 'contact', 'ancien-compte'])
    expect(await client.mailboxes.find(ref(mailbox))).toBeDefined();
  expect((await client.devices.list(ref('contact'))).length).toBe(1);
  ws.writeConfig('');
  await ws.expectEmptyPlan();
});

test('a note on an adopted address, or a note change, warns that the API cannot change it', async () => {
  const ws = await workspace();
  ws.writeConfig(address('demo', 'demonstration', 'note = "Wanted note"'));
  await ws.init();
  const applied = await ws.apply();
  expect(applied.stdout + applied.stderr).toContain('cannot be changed');
  await ws.expectEmptyPlan();
  ws.writeConfig(address('demo', 'demonstration', 'note = "Another note"'));
  const plan = await ws.plan();
  expect(plan.stdout).toContain('# infomaniakmail_address.demo will be updated in-place');
  expect(plan.stdout + plan.stderr).toContain('has no route to change');
  await ws.apply();
  await ws.expectEmptyPlan();
  await ws.run(['destroy', '-auto-approve', '-no-color', '-input=false']);
  ws.writeConfig('');
  await ws.expectEmptyPlan();
});

test('import by HOSTING/MAILBOX; a bad id names the expected form', async () => {
  const ws = await workspace();
  ws.writeConfig(
    address('contact', 'contact') +
      `
import {
  to = infomaniakmail_address.contact
  id = "${sandbox.hostingId}/contact"
}
`,
  );
  await ws.init();
  expect((await ws.plan()).stdout).toContain('1 to import');
  await ws.apply();
  expect(await ws.resource('infomaniakmail_address.contact')).toMatchObject({
    email: `contact@${sandbox.domain}`,
  });
  await ws.expectEmptyPlan();
  ws.writeConfig(address('contact', 'contact') + address('other', 'demonstration'));
  const bad = await ws.run(
    ['import', '-no-color', '-input=false', 'infomaniakmail_address.other', 'demonstration'],
    {
      allowFailure: true,
    },
  );
  expect(bad.code).toBe(1);
  expect(bad.stderr).toContain('Invalid import id');
  expect(bad.stderr).toContain('MAIL_HOSTING_ID/MAILBOX_NAME');
  ws.writeConfig(address('contact', 'contact'));
  await ws.expectEmptyPlan();
});

test('bad input gets a plan-time diagnostic naming the attribute', async () => {
  const ws = await workspace();
  ws.writeConfig(
    address('bad', 'Not An Address') +
      `
resource "infomaniakmail_device" "bad" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = "contact"
  label             = ""
  protocols         = "carrier-pigeon"
  type              = "fridge"
  rotate_after_days = 0
}

resource "infomaniakmail_address" "long" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "sales+eu"
  note            = ${hcl('n'.repeat(81))}
}
`,
  );
  await ws.init();
  const plan = await ws.plan();
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('Invalid value for "mailbox_name"');
  expect(plan.stderr).toContain('in lowercase');
  expect(plan.stderr).toContain('Invalid value for "label"');
  expect(plan.stderr).toContain('Invalid value for "protocols"');
  expect(plan.stderr).toContain('Invalid value for "type"');
  expect(plan.stderr).toContain('Invalid value for "note"');
  expect(plan.stderr.match(/Invalid value for "mailbox_name"/g)?.length).toBe(2);
  expect(plan.stderr).toContain('Invalid value for "rotate_after_days"');
  ws.writeConfig('');
  await ws.expectEmptyPlan();
});

test('an address missing from the Mail Service fails the device create on mailbox_name', async () => {
  const ws = await workspace();
  ws.writeConfig(`
resource "infomaniakmail_device" "orphan" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "nobody-here"
  label           = "Phone"
}
`);
  await ws.init();
  const r = await ws.apply({ allowFailure: true });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Could not create device "Phone"');
  expect(r.stderr).toMatch(/"nobody-here".*(does not exist|not found)/i);
  expect(r.stderr).toMatch(/mailbox_name\s+=/);
  expect(await ws.resources()).toEqual([]);
  ws.writeConfig('');
  await ws.expectEmptyPlan();
});

test('a missing token is a clear error on "token", not a crash', async () => {
  const ws = await workspace({ token: null });
  ws.writeConfig(address('a', 'contact'));
  await ws.init();
  const plan = await ws.plan();
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('Missing Infomaniak API token');
  expect(plan.stderr).toContain('INFOMANIAK_TOKEN');
  expect(plan.stderr).not.toMatch(/panic|stack|TypeError/i);
  ws.writeConfig('');
  await ws.expectEmptyPlan();
});

test('the read-only token: the plan works, apply fails naming the missing right', async () => {
  const ws = await workspace({ token: 'readonly' });
  ws.writeConfig(`
resource "infomaniakmail_device" "ro" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
  label           = "Not allowed"
}
`);
  await ws.init();
  expect((await ws.plan()).code).toBe(2);
  const r = await ws.apply({ allowFailure: true });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Could not create device "Not allowed"');
  expect(r.stderr).toContain('403');
  expect(r.stderr).toMatch(/right to manage|Administrator/);
  expect(r.stderr).toContain('infomaniakmail_device.ro');
  ws.writeConfig('');
  await ws.expectEmptyPlan();
});

test('a Mail Service not yet enabled for device and user accesses (501) says so in plain words', async () => {
  const ws = await workspace();
  ws.writeConfig(`
resource "infomaniakmail_device" "early" {
  mail_hosting_id = ${SANDBOX_PENDING_MAIL_HOSTING_ID}
  mailbox_name    = ${hcl(SANDBOX_PENDING_MAILBOX)}
  label           = "Too early"
}
`);
  await ws.init();
  const r = await ws.apply({ allowFailure: true });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Could not create device "Too early"');
  expect(r.stderr).toMatch(/not (yet )?enabled/i);
  expect(r.stderr).toContain('501');
  expect(await ws.resources()).toEqual([]);
  ws.writeConfig('');
  await ws.expectEmptyPlan();
});
