/**
 * The quickstart CDKTF app, synthesized and applied with the real terraform against the
 * sandbox: devices get working passwords that leave only as sensitive outputs, the grant is
 * made, the exclusive policy revokes a device created by hand, and a second plan is empty.
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

test('quickstart: synth, apply, sensitive outputs that log in, strays revoked, then an empty plan', async () => {
  const ref = { hosting: sandbox.hostingId, mailbox: 'demonstration' };
  const client = new MailClient({
    endpoint: sandbox.url,
    token: sandbox.tokens.admin,
    requestsPerMinute: 100000,
  });
  const stray = await client.devices.create(ref, { label: 'Created by hand', protocols: ['imap'] });

  const stackDir = synthQuickstart(join(outdir, 'cdktf.out'), {
    mailHostingId: sandbox.hostingId,
    requestsPerMinute: 100000,
    stateFile: join(outdir, 'terraform.tfstate'),
  });
  ws.write('cdk.tf.json', readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8'));
  await ws.init();
  // On failure, the sandbox's request log (never a secret) tells which call went wrong.
  const apply = await ws.apply().catch((error: Error) => {
    throw new Error(`${error.message}\nsandbox requests:\n${sandbox.logs.join('\n')}`);
  });

  const outputs = JSON.parse((await ws.run(['output', '-json'])).stdout) as Record<
    string,
    { sensitive: boolean; value: unknown }
  >;
  expect(outputs.crm_password.sensitive).toBe(true);
  expect(outputs.outlook_alice_password.sensitive).toBe(true);
  expect(outputs.address.value).toBe(`demonstration@${sandbox.domain}`);
  for (const name of ['crm_password', 'outlook_alice_password']) {
    const password = outputs[name].value as string;
    expect(await sandbox.hooks.verify(`demonstration@${sandbox.domain}`, password)).toBe(true);
    expect(apply.stdout + apply.stderr).not.toContain(password);
    expect(sandbox.logs.join('\n')).not.toContain(password);
  }

  const devices = await client.devices.list(ref);
  expect(devices.map((d) => d.label).sort()).toEqual(['CRM (sends invoices)', 'Outlook (Alice)']);
  expect(devices.find((d) => d.id === stray.id)).toBeUndefined();
  expect(devices.find((d) => d.label === 'Outlook (Alice)')).toMatchObject({ user_id: 100001 });
  const users = await client.webmail.listUsers(ref);
  expect(users.map((u) => [u.user_id, [...u.permissions].sort()])).toEqual([[100002, ['read', 'send']]]);

  await ws.expectEmptyPlan();
});
