/**
 * examples/gitops/pipeline.sh end to end against the sandbox, with the provider that
 * `infomaniak-mail setup-terraform` installs and the built `infomaniak-mail` bin:
 * a first run creates the device and hands its password over; a stray device appears
 * and the password ages past rotate_after_days; a strict gate stops the next run
 * before apply (exit 3); a looser one lets it rotate the password and revoke the stray. On a
 * pull request (MODE=plan) the report is posted as a comment and replaced in place on the next push.
 * No password ever shows in the pipeline's output.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { ensureProviderBuilt, REPO_ROOT, startMailSandbox, type MailSandbox } from '../support/mail-e2e';
import { CLI } from '../support/report-cli';
import { requireTerraform } from '../support/terraform';

const EXAMPLE = join(REPO_ROOT, 'examples', 'gitops');
const EMAIL = 'notifications@exemple-domaine.ch';

let sandbox: MailSandbox;
let root: string;
let tfDir: string;
let cliConfig: string;

interface PipelineRun {
  readonly code: number;
  readonly output: string;
}

function pipeline(env: Record<string, string>): Promise<PipelineRun> {
  const base: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env))
    if (!k.startsWith('TF_') && !k.startsWith('INFOMANIAK_')) base[k] = v;
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(EXAMPLE, 'pipeline.sh')], {
      cwd: root,
      env: {
        ...base,
        TF_CLI_CONFIG_FILE: cliConfig,
        TF_DIR: tfDir,
        TF_VAR_requests_per_minute: '100000',
        INFOMANIAK_ENDPOINT: sandbox.url,
        INFOMANIAK_TOKEN: sandbox.tokens.admin,
        INFOMANIAK_MAIL: `${process.execPath} ${CLI}`,
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => chunks.push(b));
    child.stderr.on('data', (b: Buffer) => chunks.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({ code: code ?? -1, output: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

/** A stand-in for the GitHub CLI: keeps one file per comment and a log of the calls. */
function fakeGh() {
  const dir = mkdtempSync(join(root, 'gh-'));
  const script = join(dir, 'gh');
  writeFileSync(
    script,
    [
      '#!/usr/bin/env bash',
      'set -euo pipefail',
      `dir=${JSON.stringify(dir)}`,
      '[ "$1 $2" = "pr comment" ] || { echo "unexpected: $*" >&2; exit 2; }',
      'pr=$3; shift 3; edit=; body=',
      'while [ $# -gt 0 ]; do case "$1" in --edit-last) edit=1 ;; --body-file) body=$2; shift ;; esac; shift; done',
      'file="$dir/comment-$pr"',
      'if [ -n "$edit" ]; then',
      '  if [ ! -f "$file" ]; then echo "pr comment $pr --edit-last: no comment yet" >>"$dir/calls"; echo "no comments found for current user" >&2; exit 1; fi',
      '  cp "$body" "$file"; echo "pr comment $pr --edit-last: edited" >>"$dir/calls"',
      'else',
      '  [ ! -f "$file" ] || { echo "a second comment" >&2; exit 1; }',
      '  cp "$body" "$file"; echo "pr comment $pr: created" >>"$dir/calls"',
      'fi',
    ].join('\n') + '\n',
    { mode: 0o755 },
  );
  return {
    command: script,
    calls: () => readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n'),
    comments: (pr: string) =>
      existsSync(join(dir, `comment-${pr}`)) ? [readFileSync(join(dir, `comment-${pr}`), 'utf8')] : [],
  };
}

function passwordsIn(file: string): Record<string, string> {
  return JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
}

beforeAll(async () => {
  await requireTerraform();
  await ensureProviderBuilt();
  sandbox = await startMailSandbox();
  root = mkdtempSync(join(tmpdir(), 'gitops-'));
  tfDir = join(root, 'config');
  mkdirSync(tfDir);
  copyFileSync(join(EXAMPLE, 'main.tf'), join(tfDir, 'main.tf'));
  const setup = spawnSync(
    process.execPath,
    [CLI, 'setup-terraform', '--dir', join(root, '.infomaniak-mail')],
    {
      encoding: 'utf8',
    },
  );
  expect(setup.status).toBe(0);
  const exported = /^export TF_CLI_CONFIG_FILE=(.+)$/m.exec(setup.stdout);
  if (!exported) throw new Error(`setup-terraform printed no export line: ${setup.stdout}`);
  cliConfig = exported[1].replace(/^'(.*)'$/, '$1');
  writeFileSync(
    join(root, 'consumer.js'),
    "const fs = require('node:fs');\n" +
      'const input = fs.readFileSync(0);\n' +
      'fs.writeFileSync(process.env.CONSUMER_OUT, input, { mode: 0o600 });\n',
  );
}, 120_000);

afterAll(async () => {
  if (root) rmSync(root, { recursive: true, force: true });
  await sandbox?.close();
});

describe('examples/gitops/pipeline.sh', () => {
  it('plans, reports, gates, applies, rotates and hands the password over without showing it', async () => {
    const secrets: string[] = [];
    const consumerOut = join(root, 'received.json');

    // 1. First merge: the device is created; its password goes to the consumer's stdin.
    const first = await pipeline({
      REPORT_GATES: '--fail-on grant-removal',
      SECRET_CONSUMER: `${process.execPath} ${join(root, 'consumer.js')}`,
      CONSUMER_OUT: consumerOut,
    });
    expect(first).toMatchObject({ code: 0 });
    expect(first.output).toContain('+ Devices created (1)');
    expect(first.output).toContain('passwords handed to the consumer');
    const initial = passwordsIn(consumerOut).crm;
    expect(initial).toMatch(/.{16,}/);
    secrets.push(initial);
    expect(await sandbox.hooks.verify(EMAIL, initial)).toBe(true);
    expect(readFileSync(join(tfDir, 'access-report.md'), 'utf8')).toContain('#### 🟢 Devices created (1)');

    // 2. A device is added by hand; 31 days pass.
    const response = await fetch(
      `${sandbox.url}/1/mail_hostings/${sandbox.hostingId}/mailboxes/notifications/accesses/devices`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${sandbox.tokens.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({ label: 'Forgotten laptop', protocols: 'imap', type: 'computer' }),
      },
    );
    // The create answers the password only.
    const stray = ((await response.json()) as { data: { password: string } }).data;
    secrets.push(stray.password);
    await sandbox.hooks.advanceClock(31 * 86_400);

    // 2b. Pull requests: the report is posted as a comment, and replaced in place on the next push.
    const gh = fakeGh();
    const pushes = [];
    for (let push = 0; push < 2; push++)
      pushes.push(
        await pipeline({ MODE: 'plan', PR_NUMBER: '7', GH: gh.command, REPORT_GATES: '--max-revocations 1' }),
      );
    for (const push of pushes) {
      expect(push.code).toBe(0);
      expect(push.output).toContain('pipeline: access report posted on pull request 7');
    }
    expect(gh.calls()).toEqual([
      'pr comment 7 --edit-last: no comment yet',
      'pr comment 7: created',
      'pr comment 7 --edit-last: edited',
    ]);
    const comments = gh.comments('7');
    expect(comments).toHaveLength(1);
    // The summary line is the first line of the comment: what a reviewer reads first.
    expect(comments[0].split('\n')[0]).toBe('**Devices: 1 regenerated, 1 revoked**');
    expect(comments[0]).toContain('"Forgotten laptop"');

    // 3. A strict gate stops the scheduled run before apply: nothing changes.
    const stopped = await pipeline({ REPORT_GATES: '--max-revocations 0' });
    expect(stopped.code).toBe(3);
    expect(stopped.output).toContain('--max-revocations: 1 revocation(s), more than 0');
    expect(stopped.output).toContain('a report gate failed; nothing was applied');
    expect(stopped.output).toMatch(/"Forgotten laptop" \(id \d+\)/);
    expect(stopped.output).toContain('password older than rotate_after_days (30)');
    expect(await sandbox.hooks.verify(EMAIL, initial)).toBe(true);
    expect(await sandbox.hooks.verify(EMAIL, stray.password)).toBe(true);

    // 4. With the reviewed allowance the run rotates, revokes the stray and hands over the new password.
    const secretsFile = join(root, 'secrets', 'device_passwords.json');
    const applied = await pipeline({ REPORT_GATES: '--max-revocations 1', SECRETS_FILE: secretsFile });
    expect(applied.code).toBe(0);
    expect(applied.output).toContain(`passwords written to ${secretsFile} (mode 0600)`);
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const rotated = passwordsIn(secretsFile).crm;
    secrets.push(rotated);
    expect(rotated).not.toBe(initial);
    expect(await sandbox.hooks.verify(EMAIL, rotated)).toBe(true);
    expect(await sandbox.hooks.verify(EMAIL, initial)).toBe(false);
    expect(await sandbox.hooks.verify(EMAIL, stray.password)).toBe(false);

    // No secret in any output, in the reports, or left behind in the working directory.
    const reports = readFileSync(join(tfDir, 'access-report.md'), 'utf8');
    for (const secret of secrets)
      for (const text of [first.output, stopped.output, applied.output, reports])
        expect(text).not.toContain(secret);
    expect(existsSync(join(tfDir, 'tfplan'))).toBe(false);
  }, 300_000);

  it('encrypted: the scheduled job publishes only ciphertext, and the consumer decrypts with its own key', async () => {
    const identity = await generateIdentity();
    const identityFile = join(root, 'consumer-identity.txt');
    writeFileSync(identityFile, `${identity}\n`, { mode: 0o600 });
    const recipients = JSON.stringify([await identityToRecipient(identity)]);
    const artifact = join(root, 'artifact', 'device_passwords.sealed.json');

    // Recipients are new: the device's password is regenerated, sealed, and published.
    const rotated = await pipeline({
      TF_VAR_secret_recipients: recipients,
      REPORT_GATES: '--fail-on grant-removal',
      SEALED_ARTIFACT: artifact,
    });
    expect(rotated.code).toBe(0);
    expect(rotated.output).toContain(`encrypted passwords written to ${artifact} (safe to publish)`);
    const published = readFileSync(artifact, 'utf8');
    expect(JSON.parse(published).crm).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----/);
    const state = readFileSync(join(tfDir, 'terraform.tfstate'), 'utf8');

    // The consumer's job: no token, its own key, a private file.
    const secretsFile = join(root, 'consumer', 'passwords.json');
    const consumed = await pipeline({
      MODE: 'consume',
      INFOMANIAK_TOKEN: '',
      SEALED_ARTIFACT: artifact,
      CONSUMER_IDENTITY: identityFile,
      SECRETS_FILE: secretsFile,
    });
    expect(consumed).toMatchObject({ code: 0 });
    expect(statSync(secretsFile).mode & 0o777).toBe(0o600);
    const password = passwordsIn(secretsFile).crm;
    expect(await sandbox.hooks.verify(EMAIL, password)).toBe(true);
    for (const text of [rotated.output, consumed.output, published, state])
      expect(text).not.toContain(password);

    // Without recipients the artifact is refused: a plaintext password is never published.
    rmSync(artifact);
    const refused = await pipeline({
      TF_VAR_secret_recipients: '[]',
      REPORT_GATES: '--fail-on grant-removal',
      SEALED_ARTIFACT: artifact,
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('is not encrypted; set secret_recipients before publishing');
    expect(existsSync(artifact)).toBe(false);
  }, 300_000);
});
