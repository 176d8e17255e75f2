/**
 * The release (`npm run release`, scripts/release/) end to end: built from dist/ into a
 * temporary directory, its sums pass `sha256sum -c`, its signature `gpg --verify` with the
 * public key written beside it, and its zip, put as it is into a filesystem mirror
 * (`setup-terraform --from-release`, packed layout), serves `terraform init`, `apply` and an
 * empty plan with a PATH that holds terraform and no `node`: the executable carries its own
 * runtime and every package, the lazily loaded sealing libraries included.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import {
  accessSync,
  constants,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { sha256OfFile } from '../../packaging/local-mirror';
import { run as cli } from '../../provider/cli/main';
import { MAGIC_COOKIE_KEY, MAGIC_COOKIE_VALUE } from '../../provider/protocol/handshake';
import { createServerCertificate } from '../../provider/protocol/tls';
import { loadIdentity, unseal } from '../../provider/sealing';
import { buildRelease, type Release } from '../../scripts/release/build';
import { ensureProviderBuilt, hcl, REPO_ROOT, startMailSandbox, type MailSandbox } from '../support/mail-e2e';
import { requireTerraform, spawnTerraform, type RunResult } from '../support/terraform';

jest.setTimeout(300_000);
const exec = promisify(execFile);

let root: string;
let release: Release;
/** A directory holding only a link to terraform: the PATH every run of the release gets. */
let terraformOnly: string;
let executable: string;
let sandbox: MailSandbox;

beforeAll(async () => {
  await requireTerraform();
  await ensureProviderBuilt();
  root = mkdtempSync(join(tmpdir(), 'release-e2e-'));
  // No signing key from the environment: the throwaway path, as a plain `npm run release` takes.
  release = await buildRelease({ repoRoot: REPO_ROOT, outDir: join(root, 'release'), env: {} });
  terraformOnly = join(root, 'path');
  mkdirSync(terraformOnly);
  symlinkSync(onPath('terraform'), join(terraformOnly, 'terraform'));
  const unpacked = join(root, 'unpacked');
  await exec('unzip', ['-q', release.zip, '-d', unpacked]);
  executable = join(unpacked, release.executableName);
  sandbox = await startMailSandbox();
}, 600_000);

afterAll(async () => {
  await sandbox?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

function onPath(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this one
    }
  }
  throw new Error(`${name} is not on PATH: the release test needs it`);
}

/** What `command -v NAME` says with PATH set to the terraform-only directory (undefined: not found). */
function resolvable(name: string): string | undefined {
  const r = spawnSync('/bin/sh', ['-c', `command -v ${name}`], {
    env: { PATH: terraformOnly },
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

test('the release has the registry layout, and sha256sum -c accepts its sums', async () => {
  const base = `terraform-provider-infomaniakmail_${release.version}`;
  expect(release.zips).toEqual([`${base}_linux_amd64.zip`]);
  expect(JSON.parse(readFileSync(release.manifest, 'utf8'))).toEqual({
    version: 1,
    metadata: { protocol_versions: ['6.0'] },
  });
  const { stdout } = await exec('sha256sum', ['-c', release.sums], { cwd: release.outDir });
  expect(stdout.trim().split('\n')).toEqual([`${base}_linux_amd64.zip: OK`, `${base}_manifest.json: OK`]);
});

test('gpg --verify accepts the signature with the throwaway key written beside it', async () => {
  expect(release.signing.throwaway).toBe(true);
  const home = mkdtempSync(join(root, 'gnupg-'));
  const env = { ...process.env, GNUPGHOME: home };
  try {
    await exec('gpg', ['--batch', '--import', release.signing.publicKeyFile], { env });
    const { stdout } = await exec(
      'gpg',
      ['--batch', '--status-fd', '1', '--verify', release.signature, release.sums],
      { env },
    );
    expect(stdout).toMatch(new RegExp(`^\\[GNUPG:\\] VALIDSIG ${release.signing.fingerprint} `, 'm'));
    // A changed sums file no longer verifies.
    const altered = join(root, 'altered-SHA256SUMS');
    writeFileSync(altered, `${readFileSync(release.sums, 'utf8')}0000  extra.zip\n`);
    await expect(exec('gpg', ['--batch', '--verify', release.signature, altered], { env })).rejects.toThrow(
      /BAD signature/,
    );
  } finally {
    spawnSync('gpgconf', ['--kill', 'all'], { env });
  }
});

test('the zip holds the executable (0755), LICENSE and the notices of all it bundles, Node.js included', async () => {
  const { stdout } = await exec('zipinfo', [release.zip]);
  const entries = stdout.split('\n').filter((l) => /^[-d]r/.test(l));
  expect(entries.map((l) => [l.slice(0, 10), l.split(/\s+/).pop()])).toEqual([
    ['-rwxr-xr-x', release.executableName],
    ['-rw-r--r--', 'LICENSE'],
    ['-rw-r--r--', 'THIRD_PARTY_NOTICES'],
  ]);
  const unpacked = join(root, 'unpacked');
  expect(readFileSync(join(unpacked, 'LICENSE'), 'utf8')).toBe(
    readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8'),
  );
  const notices = readFileSync(join(unpacked, 'THIRD_PARTY_NOTICES'), 'utf8');
  // The lazy packages are inside the executable, so their licences are in the notices.
  for (const pkg of ['@grpc/grpc-js', 'openpgp', 'age-encryption', '@grpc/proto-loader', 'undici'])
    expect(notices).toMatch(new RegExp(`^  ${pkg.replace('/', '\\/')}@\\d`, 'm'));
  expect(notices).toContain(`Node.js ${release.nodeVersion}: the runtime this executable is built on`);
  expect(release.nodeVersion).toMatch(/^v26\./);
  expect(readFileSync(executable).subarray(0, 4).toString('latin1')).toBe('\x7fELF');
});

test('with no node on PATH, the executable answers the handshake and handles interrupts', async () => {
  expect(resolvable('node')).toBeUndefined();
  expect(resolvable('terraform')).toBe(join(terraformOnly, 'terraform'));
  const client = await createServerCertificate();
  const child = spawn(executable, [], {
    env: {
      PATH: terraformOnly,
      TF_LOG_PROVIDER: 'debug',
      [MAGIC_COOKIE_KEY]: MAGIC_COOKIE_VALUE,
      PLUGIN_PROTOCOL_VERSIONS: '5,6',
      PLUGIN_CLIENT_CERT: client.certPem,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('exit', (code, signal) => done([code, signal])),
  );
  /** Resolves once `stream` has printed text matching `pattern`. */
  const printed = (stream: NodeJS.ReadableStream, pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      let out = '';
      stream.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        if (pattern.test(out)) resolve(out);
      });
      void exited.then(([code]) => reject(new Error(`exited ${code} while waiting for ${pattern}: ${out}`)));
    });
  const line = await printed(child.stdout, /\n/);
  expect(line).toMatch(/^1\|6\|(unix\|\/[^|]+\/plugin\.sock|tcp\|127\.0\.0\.1:\d+)\|grpc\|[A-Za-z0-9+/]+\n$/);
  // Interrupted, the provider waits for terraform to stop it; a second interrupt stops it at once, cleanly.
  const waiting = printed(child.stderr, /Interrupt received; waiting for terraform/);
  child.kill('SIGINT');
  await waiting;
  const stopping = printed(child.stderr, /Shutting down.*second interrupt/);
  child.kill('SIGINT');
  await stopping;
  expect(await exited).toEqual([0, null]);
});

/** An OpenPGP key pair made by gpg for sealing: armored public and private halves. */
async function openPgpKeyPair(): Promise<{ publicKey: string; privateKey: string }> {
  const home = mkdtempSync(join(root, 'gnupg-'));
  const env = { ...process.env, GNUPGHOME: home };
  try {
    const uid = 'Sealing Test <sealing@invalid>';
    await exec(
      'gpg',
      ['--batch', '--passphrase', '', '--quick-gen-key', uid, 'default', 'default', 'never'],
      { env },
    );
    const publicKey = (await exec('gpg', ['--batch', '--armor', '--export', uid], { env })).stdout;
    const privateKey = (await exec('gpg', ['--batch', '--armor', '--export-secret-keys', uid], { env }))
      .stdout;
    return { publicKey, privateKey };
  } finally {
    spawnSync('gpgconf', ['--kill', 'all'], { env });
  }
}

test('terraform init installs the zip from the mirror without node; apply, the passwords log in, the plan is empty', async () => {
  const mirror = join(root, 'mirror');
  let stdout = '';
  const code = await cli(['setup-terraform', '--from-release', release.outDir, '--dir', mirror], {
    stdout: (t) => void (stdout += t),
    stderr: () => undefined,
  });
  expect(code).toBe(0);
  const config = join(mirror, 'terraformrc');
  expect(stdout).toBe(`export TF_CLI_CONFIG_FILE=${config}\n`);
  const archive = join(mirror, 'registry.terraform.io/mailaccess/infomaniakmail', release.zips[0]);
  expect(sha256OfFile(archive)).toBe(sha256OfFile(release.zip));

  const identity = await generateIdentity();
  const pgp = await openPgpKeyPair();
  const work = join(root, 'work');
  mkdirSync(work);
  writeFileSync(
    join(work, 'main.tf'),
    `terraform {
  required_providers {
    infomaniakmail = { source = "mailaccess/infomaniakmail" }
  }
}

provider "infomaniakmail" {
  requests_per_minute = 100000
}

resource "infomaniakmail_address" "r" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "release"
}

resource "infomaniakmail_device" "plain" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_address.r.mailbox_name
  label           = "plain"
}

resource "infomaniakmail_device" "age" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = infomaniakmail_address.r.mailbox_name
  label             = "sealed with age"
  secret_recipients = [${hcl(await identityToRecipient(identity))}]
}

resource "infomaniakmail_device" "openpgp" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = infomaniakmail_address.r.mailbox_name
  label             = "sealed with OpenPGP"
  secret_recipients = [${hcl(pgp.publicKey)}]
}

output "plain" {
  value     = infomaniakmail_device.plain.password
  sensitive = true
}
output "age" {
  value = infomaniakmail_device.age.encrypted_password
}
output "openpgp" {
  value = infomaniakmail_device.openpgp.encrypted_password
}
`,
  );
  const env: NodeJS.ProcessEnv = {
    PATH: terraformOnly,
    HOME: root,
    TF_CLI_CONFIG_FILE: config,
    TF_DATA_DIR: join(work, '.terraform'),
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    INFOMANIAK_ENDPOINT: sandbox.url,
    INFOMANIAK_TOKEN: sandbox.tokens.admin,
  };
  const tf = (args: string[], extra: Record<string, string> = {}, allowFailure = false): Promise<RunResult> =>
    spawnTerraform(args, { cwd: work, env: { ...env, ...extra }, allowFailure });

  const init = await tf(['init', '-input=false', '-no-color']);
  expect(init.stdout).toContain(`Installed mailaccess/infomaniakmail v${release.version} (unauthenticated)`);
  const installed = join(
    work,
    '.terraform/providers/registry.terraform.io/mailaccess/infomaniakmail',
    release.version,
    'linux_amd64',
    release.executableName,
  );
  expect(sha256OfFile(installed)).toBe(sha256OfFile(executable));

  const applied = await tf(['apply', '-input=false', '-no-color', '-auto-approve'], { TF_LOG: 'trace' });
  expect(applied.stdout).toContain('Apply complete! Resources: 4 added, 0 changed, 0 destroyed.');
  const outputs = JSON.parse((await tf(['output', '-json'])).stdout) as Record<string, { value: string }>;
  const email = `release@${sandbox.domain}`;
  const plain = outputs.plain.value;
  const fromAge = await unseal(outputs.age.value, await loadIdentity(`${identity}\n`));
  const fromPgp = await unseal(outputs.openpgp.value, await loadIdentity(pgp.privateKey));
  const passwords = [plain, fromAge, fromPgp];
  expect(new Set(passwords).size).toBe(3);
  for (const password of passwords) expect(await sandbox.hooks.verify(email, password)).toBe(true);
  // Redaction holds inside the executable: no password in terraform's or the provider's trace.
  const trace = applied.stdout + applied.stderr;
  expect(trace).toContain('provider.terraform-provider-infomaniakmail_v');
  expect(passwords.filter((p) => trace.includes(p))).toEqual([]);

  const plan = await tf(['plan', '-input=false', '-no-color', '-detailed-exitcode'], {}, true);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.code).toBe(0);
});
