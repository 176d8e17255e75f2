/**
 * The quickstart CDKTF app, synthesized and applied with the real terraform against the
 * sandbox: devices get working passwords that leave only as sensitive outputs, the grant is
 * made, the saved plan of the new exclusive policy names the device created by hand (and only
 * it), applying that plan revokes it, and a second plan is empty.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MailClient } from '../../../provider/infomaniak';
import {
  openMailScenario,
  type MailScenario,
  type MailSandbox,
  type MailWorkspace,
} from '../../support/mail-e2e';
import { synthQuickstart } from '../../../examples/quickstart/main';

let scenario: MailScenario;
let sandbox: MailSandbox;
let ws: MailWorkspace;
let outdir: string;

beforeAll(async () => {
  scenario = await openMailScenario('cdktf-quickstart-');
  ({ sandbox, ws, outdir } = scenario);
});

afterAll(() => scenario?.close());

interface PlannedPolicy {
  address: string;
  change: { actions: string[]; after: Record<string, unknown> };
}

test('quickstart: synth, apply, sensitive outputs that log in, strays revoked, then an empty plan', async () => {
  const ref = { hosting: sandbox.hostingId, mailbox: 'demonstration' };
  const client = new MailClient({
    endpoint: sandbox.url,
    token: sandbox.tokens.admin,
    requestsPerMinute: 100000,
  });
  const stray = await client.devices.create(ref, {
    label: 'Old phone (unknown)',
    protocols: 'imap',
    type: 'phone',
  });
  // A live password: the revocation below is what stops it.
  expect(await sandbox.hooks.verify(`demonstration@${sandbox.domain}`, stray.password)).toBe(true);

  const stackDir = synthQuickstart(join(outdir, 'cdktf.out'), {
    mailHostingId: sandbox.hostingId,
    requestsPerMinute: 100000,
    stateFile: join(outdir, 'terraform.tfstate'),
  });
  ws.write('cdk.tf.json', readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  await ws.init();
  await ws.run(['plan', '-input=false', '-no-color', '-out=tfplan']);
  const saved = JSON.parse((await ws.run(['show', '-json', 'tfplan'])).stdout) as {
    resource_changes: (PlannedPolicy & { type: string })[];
  };
  const policies = saved.resource_changes.filter((rc) => rc.type === 'infomaniakmail_access_policy');
  expect(policies).toHaveLength(1);
  expect(policies[0].change.actions).toEqual(['create']);
  // Known in the saved plan (not "known after apply"), and exactly the stray.
  expect(policies[0].change.after.devices_to_revoke).toEqual([
    expect.objectContaining({
      access_id: stray.accessId,
      device_id: stray.deviceId,
      label: 'Old phone (unknown)',
      type: 'phone',
      is_generic: false,
    }),
  ]);
  expect(policies[0].change.after.users_to_remove).toEqual([]);
  expect(policies[0].change.after.invitations_to_withdraw).toEqual([]);
  // On failure, the sandbox's request log (never a secret) tells which call went wrong.
  const apply = await ws.apply({ args: ['tfplan'] }).catch((error: Error) => {
    throw new Error(`${error.message}\nsandbox requests:\n${sandbox.logs.join('\n')}`);
  });

  const outputs = JSON.parse((await ws.run(['output', '-json'])).stdout) as Record<
    string,
    { sensitive: boolean; value: unknown }
  >;
  expect(outputs.address.value).toBe(`demonstration@${sandbox.domain}`);
  expect(outputs.sales_address.value).toBe(`ventes@${sandbox.domain}`);
  const passwords: [string, string][] = [
    ['crm_password', 'address'],
    ['outlook_alice_password', 'address'],
    ['phone_alice_password', 'address'],
    ['phone_alice_sales_password', 'sales_address'],
  ];
  for (const [name, address] of passwords) {
    expect(outputs[name].sensitive).toBe(true);
    const password = outputs[name].value as string;
    expect(await sandbox.hooks.verify(outputs[address].value as string, password)).toBe(true);
    expect(apply.stdout + apply.stderr).not.toContain(password);
    expect(sandbox.logs.join('\n')).not.toContain(password);
  }
  // One password per address: the phone's password for ventes does not open demonstration.
  expect(
    await sandbox.hooks.verify(
      outputs.address.value as string,
      outputs.phone_alice_sales_password.value as string,
    ),
  ).toBe(false);

  const devices = await client.devices.list(ref);
  expect(devices.map((d) => d.label).sort()).toEqual([
    'CRM (sends invoices)',
    'Outlook (Alice)',
    'Phone (Alice)',
  ]);
  expect(devices.find((d) => d.accessId === stray.accessId)).toBeUndefined();
  expect(await sandbox.hooks.verify(outputs.address.value as string, stray.password)).toBe(false);
  expect(devices.find((d) => d.label === 'Outlook (Alice)')).toMatchObject({
    userId: 100001,
    type: 'computer',
    protocols: 'imap',
  });
  // Alice's phone reads ventes too: the same Device, its label, one access per address.
  const phone = devices.find((d) => d.label === 'Phone (Alice)');
  const onSales = await client.devices.list({ hosting: sandbox.hostingId, mailbox: 'ventes' });
  expect(onSales.map((d) => [d.deviceId, d.label, d.type])).toEqual([
    [phone?.deviceId, 'Phone (Alice)', 'phone'],
  ]);
  const { users } = await client.webmail.list(ref);
  expect(users.map((u) => [u.userId, [...u.permissions].sort()])).toEqual([
    [100002, ['manage_auto_reply', 'manage_signatures']],
  ]);

  await ws.expectEmptyPlan();
});
