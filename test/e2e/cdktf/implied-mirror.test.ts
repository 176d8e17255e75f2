/**
 * Zero-step provider installation: a synthesized stack directory holds the provider in
 * terraform's implied mirror (`terraform.d/plugins`), so plain `terraform init` there
 * works offline with no CLI configuration, and the stack applies against the sandbox.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { App, LocalBackend, TerraformStack } from 'cdktf';
import { IMPLIED_MIRROR_DIR, MailService } from '../../../src';
import { requireTerraform } from '../../support/terraform';
import { startMailSandbox, type MailSandbox } from '../../support/mail-e2e';

let sandbox: MailSandbox;
let tmp: string;

beforeAll(async () => {
  await requireTerraform();
  sandbox = await startMailSandbox();
  tmp = mkdtempSync(join(tmpdir(), 'implied-mirror-'));
});

afterAll(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  await sandbox?.close();
});

/** terraform with nothing of the developer's: no CLI config, an empty HOME, the sandbox as API. */
async function terraform(cwd: string, args: string[]) {
  const home = join(tmp, 'home');
  mkdirSync(home, { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    INFOMANIAK_ENDPOINT: sandbox.url,
    INFOMANIAK_TOKEN: sandbox.tokens.admin,
  };
  return promisify(execFile)('terraform', args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
}

test('a synthesized stack installs the provider with no setup step, applies, and re-plans empty', async () => {
  const app = new App({ outdir: join(tmp, 'cdktf.out') });
  const stack = new TerraformStack(app, 'mail');
  new LocalBackend(stack, { path: join(tmp, 'terraform.tfstate') });
  const service = new MailService(stack, 'mail', { mailHostingId: sandbox.hostingId });
  service.mailbox('demonstration').addDevice('crm', { label: 'CRM', protocols: 'imap' });
  app.synth();

  const stackDir = join(tmp, 'cdktf.out', 'stacks', 'mail');
  expect(existsSync(join(stackDir, IMPLIED_MIRROR_DIR, 'registry.terraform.io', 'mailaccess'))).toBe(true);

  const init = await terraform(stackDir, ['init', '-no-color']);
  expect(init.stdout).toMatch(/Installing mailaccess\/infomaniakmail v\d+\.\d+\.\d+/);
  await terraform(stackDir, ['apply', '-auto-approve', '-no-color']);
  const devices = await sandbox.hooks.requests();
  expect(devices.counts['POST /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices']).toBe(1);
  // -detailed-exitcode: 0 is "no changes"; 2 (changes) would reject.
  await terraform(stackDir, ['plan', '-detailed-exitcode', '-no-color']);
});
