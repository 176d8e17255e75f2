/**
 * Encrypted mode (provider `secret_recipients`): over creates, a regeneration and an
 * import, no plaintext password or invitation link appears in the state file, the saved
 * plan file (unzipped), `terraform show -json` of the plan and of the state, the trace
 * output, the provider's log or the access report. Decrypting the outputs with the test
 * identity (`infomaniak-mail decrypt`) yields passwords the sandbox accepts; a changed
 * list of keys plans a regeneration; a bad key is a diagnostic on its attribute.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { hcl, MailWorkspace, REPO_ROOT, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

jest.setTimeout(300_000);
const run = promisify(execFile);

let sandbox: MailSandbox;
let ws: MailWorkspace;
let identityFile: string;
let recipient: string;
let otherRecipient: string;

beforeAll(async () => {
  sandbox = await startMailSandbox();
  const identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
  otherRecipient = await identityToRecipient(await generateIdentity());
  ws = await MailWorkspace.create(sandbox, { providerBody: providerBody([recipient]) });
  identityFile = join(ws.root, 'identity.txt');
  writeFileSync(identityFile, `# test identity\n${identity}\n`, { mode: 0o600 });
});

afterAll(async () => {
  ws?.remove();
  await sandbox?.close();
});

function providerBody(keys: readonly string[]): string {
  return `requests_per_minute = 100000\n  secret_recipients = ${JSON.stringify(keys)}`;
}

function config(quarter: string, keys: readonly string[] = [recipient]): string {
  return `
resource "infomaniakmail_address" "e" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "encrypted"
}

resource "infomaniakmail_device" "crm" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = infomaniakmail_address.e.mailbox_name
  label             = "CRM"
  rotation_triggers = { quarter = ${hcl(quarter)} }
  secret_recipients = ${JSON.stringify(keys)}
}

resource "infomaniakmail_device" "phone" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_address.e.mailbox_name
  label           = "Phone"
}

resource "infomaniakmail_device" "imported" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = "contact"
  label             = "Outlook (Bruno)"
  type              = "computer"
  user_id           = 100002
  rotation_triggers = { quarter = ${hcl(quarter)} }
}

import {
  to = infomaniakmail_device.imported
  id = "${sandbox.hostingId}/contact/8000002"
}

resource "infomaniakmail_user_access" "guest" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_address.e.mailbox_name
  email           = "guest@example.ch"
}

output "crm" {
  value     = infomaniakmail_device.crm.encrypted_password
  sensitive = true
}
output "phone" {
  value     = infomaniakmail_device.phone.encrypted_password
  sensitive = true
}
output "imported" {
  value     = infomaniakmail_device.imported.encrypted_password
  sensitive = true
}
output "guest_link" {
  value = infomaniakmail_user_access.guest.encrypted_invitation_url
}
`;
}

/** `terraform output -json` through `infomaniak-mail decrypt`: output name → plaintext. */
async function decryptOutputs(): Promise<Record<string, string | null>> {
  const outputs = join(ws.root, 'outputs.json');
  writeFileSync(outputs, (await ws.run(['output', '-json'])).stdout);
  const { stdout, stderr } = await run(process.execPath, [
    join(REPO_ROOT, 'bin', 'infomaniak-mail.js'),
    'decrypt',
    '--identity',
    identityFile,
    outputs,
  ]);
  expect(stderr).toBe('');
  const parsed = JSON.parse(stdout) as Record<string, { value: string | null }>;
  return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
}

/** Every file of a saved plan (a zip), as text. */
async function unzipped(planFile: string): Promise<string> {
  const dir = join(ws.root, 'plan-unzipped');
  await run('unzip', ['-o', '-q', planFile, '-d', dir]);
  const texts: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(join(d, e.name));
      else texts.push(readFileSync(join(d, e.name), 'latin1'));
  };
  walk(dir);
  return texts.join('\n');
}

test('no plaintext secret at rest or in transit logs; the key holder decrypts working passwords', async () => {
  const places: Record<string, string[]> = {};
  const record = (place: string, text: string) => (places[place] ??= []).push(text);
  const secrets = new Set<string>();
  const collect = async (importedRegenerated: boolean) => {
    const plain = await decryptOutputs();
    for (const name of ['crm', 'phone', 'guest_link']) {
      expect(typeof plain[name]).toBe('string');
      secrets.add(plain[name] as string);
    }
    expect(await sandbox.hooks.verify(`encrypted@${sandbox.domain}`, plain.crm as string)).toBe(true);
    expect(await sandbox.hooks.verify(`encrypted@${sandbox.domain}`, plain.phone as string)).toBe(true);
    // Imported, the password is unknown (null); the next change of its triggers gives it one, sealed.
    expect(typeof plain.imported).toBe(importedRegenerated ? 'string' : 'undefined');
    if (typeof plain.imported === 'string') {
      secrets.add(plain.imported);
      expect(await sandbox.hooks.verify(`contact@${sandbox.domain}`, plain.imported)).toBe(true);
    }
    const state = await ws.show();
    record('terraform show -json (state)', JSON.stringify(state));
    for (const r of state.values?.root_module?.resources ?? []) {
      if (r.type === 'infomaniakmail_device') expect(r.values.password).toBeNull();
      if (r.type === 'infomaniakmail_user_access') expect(r.values.invitation_url).toBeNull();
    }
    record('terraform.tfstate', readFileSync(join(ws.workDir, 'terraform.tfstate'), 'utf8'));
  };

  ws.writeConfig(config('q1'));
  await ws.init();
  const first = await ws.apply({ tfLog: 'trace' });
  record('terraform output (TF_LOG=trace)', first.stdout + first.stderr);
  await collect(false);

  // A saved plan that regenerates two passwords (the imported one is regenerated for the first time).
  ws.writeConfig(config('q2'));
  const planned = await ws.plan({ tfLog: 'trace', args: ['-out=tfplan'] });
  expect(planned.code).toBe(2);
  record('terraform plan (TF_LOG=trace)', planned.stdout + planned.stderr);
  const planFile = join(ws.workDir, 'tfplan');
  record('saved plan file (unzipped)', await unzipped(planFile));
  const planJson = (await ws.run(['show', '-json', 'tfplan'])).stdout;
  record('terraform show -json (plan)', planJson);
  writeFileSync(join(ws.root, 'plan.json'), planJson);
  const report = await run(process.execPath, [
    join(REPO_ROOT, 'bin', 'infomaniak-mail.js'),
    'report',
    '--format',
    'json',
    join(ws.root, 'plan.json'),
  ]);
  record('access report', report.stdout + report.stderr);
  const applied = await ws.run(['apply', '-input=false', '-no-color', 'tfplan'], { tfLog: 'trace' });
  record('terraform apply (TF_LOG=trace)', applied.stdout + applied.stderr);
  await collect(true);
  record('provider stderr', ws.providerStderr());
  record('sandbox log', sandbox.logs.join('\n'));

  // Round one: two passwords and the invitation link; round two: the CRM's new password and the
  // imported device's first one (the link stays the same).
  expect(secrets.size).toBe(5);
  expect(ws.providerStderr()).toContain('infomaniakmail');
  const leaks: string[] = [];
  for (const [place, texts] of Object.entries(places))
    for (const secret of secrets)
      if (texts.some((t) => t.includes(secret))) leaks.push(`${place}: a secret of length ${secret.length}`);
  expect(leaks).toEqual([]);
  await ws.expectEmptyPlan();
});

test('a changed list of keys plans a regeneration and says why; the new key holder can read it', async () => {
  ws.writeConfig(config('q2', [recipient, otherRecipient]));
  const plan = await ws.plan();
  expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 2, stderr: '' });
  expect(plan.stdout).toMatch(/infomaniakmail_device\.crm will be updated in-place/);
  expect(plan.stdout).toContain('secret_recipients changed');
  expect(plan.stdout).not.toMatch(/infomaniakmail_device\.phone will be/);
  await ws.apply();
  const crm = await ws.resource('infomaniakmail_device.crm');
  expect(crm.password_recipients_fingerprint).toBe(
    [`age:${recipient}`, `age:${otherRecipient}`].sort().join(', '),
  );
  const plain = await decryptOutputs();
  expect(await sandbox.hooks.verify(`encrypted@${sandbox.domain}`, plain.crm as string)).toBe(true);
  await ws.expectEmptyPlan();
});

test('a key that is not one is refused at validate time, on its attribute', async () => {
  ws.writeConfig(config('q2', [recipient, 'not-a-key']));
  const r = await ws.run(['validate', '-no-color'], { allowFailure: true });
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('Invalid secret_recipients[1]');
});

test("a change of the provider's keys regenerates every device that inherits them, and the plan counts them", async () => {
  const header = ws
    .header()
    .replace(JSON.stringify([recipient]), JSON.stringify([recipient, otherRecipient]));
  expect(header).toContain(otherRecipient);
  ws.write('main.tf', `${header}\n${config('q2', [recipient, otherRecipient])}\n`);
  const plan = await ws.plan();
  expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 2, stderr: '' });
  // phone and imported inherit the provider's list; crm has its own, unchanged.
  expect(plan.stdout).toMatch(/infomaniakmail_device\.phone will be updated in-place/);
  expect(plan.stdout).toMatch(/infomaniakmail_device\.imported will be updated in-place/);
  expect(plan.stdout).not.toMatch(/infomaniakmail_device\.crm will be/);
  // One warning, the other device counted by terraform as a similar one.
  expect(plan.stdout.match(/The provider's secret_recipients changed/g)).toHaveLength(1);
  expect(plan.stdout).toContain('and one more similar warning elsewhere');
  await ws.apply();
  const plain = await decryptOutputs();
  expect(await sandbox.hooks.verify(`encrypted@${sandbox.domain}`, plain.phone as string)).toBe(true);
  expect(await sandbox.hooks.verify(`contact@${sandbox.domain}`, plain.imported as string)).toBe(true);
  await ws.expectEmptyPlan();
});
