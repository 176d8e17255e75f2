/**
 * infomaniakmail_access_policy end to end: reporting strays in every plan, exclusivity
 * (every revocation named in the saved plan, exactly those revoked, what appears after the
 * plan left alone), a new policy planned from the infomaniakmail_address_access snapshot,
 * devices declared in the same configuration never revoked, the generic password kept
 * unless asked, and API economy shared with the user accesses of the address.
 */
import { MailClient } from '../../provider/infomaniak';
import {
  SANDBOX_CONTACT_DEVICE_ID,
  SANDBOX_CONTACT_ACCESS_ID,
  SANDBOX_GENERIC_DEVICE_ID,
  SANDBOX_GENERIC_PASSWORD,
  SANDBOX_USERS,
} from '../../provider/sandbox';
import { MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

const { alice, bruno, chloe } = SANDBOX_USERS;
const DEVICES_ROUTE = 'GET /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices';
const WEBMAIL_ROUTE = 'GET /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail';

let sandbox: MailSandbox;
let client: MailClient;
const workspaces: MailWorkspace[] = [];

beforeAll(async () => {
  sandbox = await startMailSandbox();
  client = new MailClient({ token: sandbox.tokens.admin, endpoint: sandbox.url });
});
afterEach(() => sandbox.hooks.reset());
afterAll(async () => {
  for (const ws of workspaces) ws.remove();
  await client.close();
  await sandbox.close();
});

async function workspace(): Promise<MailWorkspace> {
  const ws = await MailWorkspace.create(sandbox);
  workspaces.push(ws);
  return ws;
}

const ref = (mailbox: string) => ({ hosting: sandbox.hostingId, mailbox });

async function deviceIds(mailbox: string): Promise<number[]> {
  return (await client.devices.list(ref(mailbox))).map((d) => d.deviceId).sort();
}

async function userIds(mailbox: string): Promise<number[]> {
  return (await client.webmail.list(ref(mailbox))).users.map((u) => u.userId).sort();
}

function contactConfig(policy: string): string {
  return `
resource "infomaniakmail_user_access" "chloe" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
  user_id         = ${chloe.user_id}
  permissions     = []
}

resource "infomaniakmail_access_policy" "contact" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
${policy}
}`;
}

it('reports strays on contact in every plan, then revokes exactly them when exclusive', async () => {
  const ws = await workspace();
  ws.writeConfig(contactConfig(`  keep_user_ids = [infomaniakmail_user_access.chloe.user_id]`));
  await ws.init();
  await ws.apply();
  const policy = await ws.resource('infomaniakmail_access_policy.contact');
  expect(policy.unmanaged_devices).toEqual([
    expect.objectContaining({
      device_id: SANDBOX_CONTACT_DEVICE_ID,
      label: 'Outlook (Bruno)',
      user_id: bruno.user_id,
    }),
  ]);
  expect((policy.unmanaged_users as { user_id: number }[]).map((u) => u.user_id)).toEqual([
    alice.user_id,
    bruno.user_id,
  ]);

  // A no-change plan: the strays are named, and the policy and the grant share one list each.
  await sandbox.hooks.resetRequests();
  const report = await ws.expectEmptyPlan();
  const counts = (await sandbox.hooks.requests()).counts;
  expect(counts[DEVICES_ROUTE]).toBe(1);
  expect(counts[WEBMAIL_ROUTE]).toBe(1);
  expect(report.stdout + report.stderr).toContain(`device ${SANDBOX_CONTACT_DEVICE_ID} "Outlook (Bruno)"`);
  expect(report.stdout + report.stderr).toMatch(
    /2 users with access to "contact" .* not managed by Terraform/,
  );

  // Exclusive, with a new device declared in the same configuration: its id is unknown at plan time.
  ws.writeConfig(`${contactConfig(`  exclusive_devices = true
  keep_device_ids   = [infomaniakmail_device.crm.device_id]
  exclusive_users   = true
  keep_user_ids     = [infomaniakmail_user_access.chloe.user_id, ${alice.user_id}]`)}

resource "infomaniakmail_device" "crm" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
  label           = "CRM"
  protocols       = "imap"
}`);
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  const out = plan.stdout + plan.stderr;
  expect(out).toMatch(/Apply will revoke 1 device of "contact"/);
  expect(out).toContain(
    `device ${SANDBOX_CONTACT_DEVICE_ID} "Outlook (Bruno)" (access ${SANDBOX_CONTACT_ACCESS_ID}), user ${bruno.user_id}`,
  );
  expect(out).toMatch(/Apply will remove the access of 1 user to "contact"/);
  expect(out).toContain(`user ${bruno.user_id} Bruno Keller <${bruno.email}>`);
  expect(out).toMatch(/- device_id\s+= 7000002/);
  expect(out).toMatch(/- user_id\s+= 100002/);
  expect(out).toContain('infomaniakmail_access_policy.contact will be updated in-place');

  await ws.apply();
  const crm = (await ws.resource('infomaniakmail_device.crm')).device_id as number;
  expect(await deviceIds('contact')).toEqual([crm]);
  expect(await userIds('contact')).toEqual([alice.user_id, chloe.user_id]);
  expect(await ws.resource('infomaniakmail_access_policy.contact')).toMatchObject({
    unmanaged_devices: [],
    unmanaged_users: [],
  });
  await ws.expectEmptyPlan();

  // Destroying the policy revokes nothing.
  const withoutPolicy = `${contactConfig('').replace(/resource "infomaniakmail_access_policy"[\s\S]*$/, '')}
resource "infomaniakmail_device" "crm" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
  label           = "CRM"
  protocols       = "imap"
}`;
  ws.writeConfig(withoutPolicy);
  const dropped = await ws.apply();
  expect(dropped.stdout).toContain('0 added, 0 changed, 1 destroyed');
  expect(await deviceIds('contact')).toEqual([crm]);
  expect(await userIds('contact')).toEqual([alice.user_id, chloe.user_id]);
  await ws.expectEmptyPlan();
});

it('keeps the generic password of ancien-compte unless revoke_generic_password = true', async () => {
  const ws = await workspace();
  // Created exclusive from the start, with a device of the same apply kept by its (unknown) id.
  const legacy = (extra: string) => `
resource "infomaniakmail_device" "phone" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "ancien-compte"
  label           = "Phone"
}

data "infomaniakmail_address_access" "legacy" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "ancien-compte"
}

resource "infomaniakmail_access_policy" "legacy" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = "ancien-compte"
  observed          = data.infomaniakmail_address_access.legacy.snapshot
  exclusive_devices = true
  keep_device_ids   = [infomaniakmail_device.phone.device_id]
${extra}
}`;
  const email = `ancien-compte@${sandbox.domain}`;
  ws.writeConfig(legacy(''));
  await ws.init();
  const created = await ws.apply();
  expect(created.stdout + created.stderr).toMatch(/The generic password of "ancien-compte" .* stays valid/);
  const phone = (await ws.resource('infomaniakmail_device.phone')).device_id as number;
  expect(await deviceIds('ancien-compte')).toEqual([SANDBOX_GENERIC_DEVICE_ID, phone]);
  expect(await sandbox.hooks.verify(email, SANDBOX_GENERIC_PASSWORD)).toBe(true);
  expect(await ws.resource('infomaniakmail_access_policy.legacy')).toMatchObject({
    unmanaged_devices: [expect.objectContaining({ device_id: SANDBOX_GENERIC_DEVICE_ID, is_generic: true })],
  });
  const kept = await ws.expectEmptyPlan();
  expect(kept.stdout + kept.stderr).toMatch(/stays valid/);

  ws.writeConfig(legacy('  revoke_generic_password = true'));
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  expect(plan.stdout + plan.stderr).toContain(`device ${SANDBOX_GENERIC_DEVICE_ID} "`);
  expect(plan.stdout + plan.stderr).toMatch(/Apply will revoke 1 device of "ancien-compte"/);
  await ws.apply();
  expect(await deviceIds('ancien-compte')).toEqual([phone]);
  expect(await sandbox.hooks.verify(email, SANDBOX_GENERIC_PASSWORD)).toBe(false);
  await ws.expectEmptyPlan();
});

// ------------------------------------------------ the reviewed plan names every revocation

interface PlanJson {
  planned_values?: { root_module?: { resources?: { address: string; values: Record<string, unknown> }[] } };
}

/** `terraform plan -out` then `show -json`: the policy's planned values, as a reviewer's tool reads them. */
async function savedPlan(ws: MailWorkspace, address: string): Promise<Record<string, unknown>> {
  await ws.run(['plan', '-input=false', '-no-color', '-out=tfplan']);
  const shown = await ws.run(['show', '-json', 'tfplan']);
  const plan = JSON.parse(shown.stdout) as PlanJson;
  const found = plan.planned_values?.root_module?.resources?.find((r) => r.address === address);
  if (!found) throw new Error(`${address} is not in the saved plan`);
  return found.values;
}

const applySaved = (ws: MailWorkspace) => ws.run(['apply', '-input=false', '-no-color', 'tfplan']);

function policyWithSnapshot(mailbox: string, body: string): string {
  return `
data "infomaniakmail_address_access" "a" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "${mailbox}"
}

resource "infomaniakmail_access_policy" "p" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "${mailbox}"
  observed        = data.infomaniakmail_address_access.a.snapshot
${body}
}`;
}

const keys = (list: unknown, field: string) => (list as Record<string, unknown>[]).map((e) => e[field]);

it('a new exclusive policy: the saved plan names two strays, a user and an invitation; applying it revokes exactly them', async () => {
  const mailbox = 'revue';
  await client.mailboxes.create(ref(mailbox));
  const strayA = await client.devices.create(ref(mailbox), { label: 'Old phone', protocols: 'imap' });
  const strayB = await client.devices.create(ref(mailbox), { label: 'Old laptop', protocols: 'pop3' });
  await client.webmail.grant(ref(mailbox), bruno.user_id, []);
  const stray = await client.webmail.createInvitation(ref(mailbox), { permissions: [] });
  await client.webmail.sendInvitation(ref(mailbox), stray.key, { email: 'stray@example.ch' });

  const ws = await workspace();
  ws.writeConfig(`
resource "infomaniakmail_device" "crm" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "${mailbox}"
  label           = "CRM"
  protocols       = "imap"
}
${policyWithSnapshot(
  mailbox,
  `  exclusive_devices = true
  keep_device_ids   = [infomaniakmail_device.crm.device_id]
  exclusive_users   = true`,
)}`);
  await ws.init();
  const planned = await savedPlan(ws, 'infomaniakmail_access_policy.p');
  expect(keys(planned.devices_to_revoke, 'access_id')).toEqual([strayA.accessId, strayB.accessId]);
  expect(keys(planned.devices_to_revoke, 'label')).toEqual(['Old phone', 'Old laptop']);
  expect(keys(planned.users_to_remove, 'email')).toEqual([bruno.email]);
  expect(keys(planned.invitations_to_withdraw, 'sent_to')).toEqual(['stray@example.ch']);
  expect(JSON.stringify(planned)).not.toContain(stray.url);

  const applied = await applySaved(ws);
  expect(applied.code).toBe(0);
  const crm = await ws.resource('infomaniakmail_device.crm');
  expect(await deviceIds(mailbox)).toEqual([crm.device_id]);
  expect(await userIds(mailbox)).toEqual([]);
  expect((await client.webmail.list(ref(mailbox))).invitations).toEqual([]);
  await ws.expectEmptyPlan();
});

it('an existing policy: the saved plan names new strays; one made by hand after the plan survives its apply', async () => {
  const mailbox = 'revue-2';
  await client.mailboxes.create(ref(mailbox));
  const ws = await workspace();
  ws.writeConfig(policyWithSnapshot(mailbox, '  exclusive_devices = true'));
  await ws.init();
  await ws.apply();
  await ws.expectEmptyPlan();

  const strays = [
    await client.devices.create(ref(mailbox), { label: 'Stray 1', protocols: 'imap' }),
    await client.devices.create(ref(mailbox), { label: 'Stray 2', protocols: 'imap' }),
  ];
  const planned = await savedPlan(ws, 'infomaniakmail_access_policy.p');
  expect(keys(planned.devices_to_revoke, 'access_id')).toEqual(strays.map((s) => s.accessId));

  const late = await client.devices.create(ref(mailbox), {
    label: 'Made after the review',
    protocols: 'imap',
  });
  const applied = await applySaved(ws);
  expect(applied.code).toBe(0);
  expect((await client.devices.list(ref(mailbox))).map((d) => d.accessId)).toEqual([late.accessId]);

  const next = await ws.plan();
  expect(next.code).toBe(2);
  expect(next.stdout).toContain('Made after the review');
  expect(next.stdout + next.stderr).toMatch(/Apply will revoke 1 device of "revue-2"/);
  await ws.apply();
  expect(await client.devices.list(ref(mailbox))).toEqual([]);
  await ws.expectEmptyPlan();
});

it('a new address and its exclusive policy in one apply: empty lists, nothing granted, an empty second plan', async () => {
  const mailbox = 'toute-neuve';
  const ws = await workspace();
  const config = (quarter: string) => `
resource "infomaniakmail_address" "n" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "${mailbox}"
}

resource "infomaniakmail_device" "d" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = infomaniakmail_address.n.mailbox_name
  label             = "Phone"
  protocols         = "imap"
  rotation_triggers = { q = "${quarter}" }
}
${policyWithSnapshot(
  mailbox,
  `  exclusive_devices = true
  keep_device_ids   = [infomaniakmail_device.d.device_id]
  exclusive_users   = true`,
)}`;
  ws.writeConfig(config('1'));
  await ws.init();
  const planned = await savedPlan(ws, 'infomaniakmail_access_policy.p');
  expect(planned).toMatchObject({ devices_to_revoke: [], users_to_remove: [], invitations_to_withdraw: [] });
  expect((await applySaved(ws)).code).toBe(0);
  // The creation granted nobody, so nothing is left for the policy to revoke.
  expect(await userIds(mailbox)).toEqual([]);
  await ws.expectEmptyPlan();

  // A regeneration of the kept device keeps its ids known in the plan: the lists stay [].
  ws.writeConfig(config('2'));
  const rotated = await savedPlan(ws, 'infomaniakmail_access_policy.p');
  expect(rotated).toMatchObject({ devices_to_revoke: [] });
  const device = await savedPlan(ws, 'infomaniakmail_device.d');
  expect(device.device_id).toEqual(expect.any(Number));
  expect(device.access_id).toEqual(expect.any(Number));
  expect((await applySaved(ws)).code).toBe(0);
  await ws.expectEmptyPlan();
});

it('a new policy without observed revokes nothing in its first apply; the next plan names what it will', async () => {
  const mailbox = 'sans-instantane';
  await client.mailboxes.create(ref(mailbox));
  const stray = await client.devices.create(ref(mailbox), { label: 'Stray', protocols: 'imap' });
  const ws = await workspace();
  ws.writeConfig(`
resource "infomaniakmail_access_policy" "p" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = "${mailbox}"
  exclusive_devices = true
}`);
  await ws.init();
  const first = await ws.apply();
  expect(first.stdout + first.stderr).toContain('This apply revokes nothing');
  expect((await client.devices.list(ref(mailbox))).map((d) => d.accessId)).toEqual([stray.accessId]);
  const planned = await savedPlan(ws, 'infomaniakmail_access_policy.p');
  expect(keys(planned.devices_to_revoke, 'access_id')).toEqual([stray.accessId]);
  expect((await applySaved(ws)).code).toBe(0);
  expect(await client.devices.list(ref(mailbox))).toEqual([]);
  await ws.expectEmptyPlan();
});
