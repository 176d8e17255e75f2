import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { terraformPlatform } from '../../packaging';
import { run } from './main';

let dir: string;
let releaseDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'setup-terraform-release-'));
  releaseDir = join(dir, 'release');
  mkdirSync(releaseDir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ZIP = `terraform-provider-infomaniakmail_0.9.1_${terraformPlatform()}.zip`;
const SUMS = 'terraform-provider-infomaniakmail_0.9.1_SHA256SUMS';

async function setup(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(['setup-terraform', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

function release(zip: string, listed = zip): void {
  writeFileSync(join(releaseDir, ZIP), zip);
  writeFileSync(join(releaseDir, SUMS), `${createHash('sha256').update(listed).digest('hex')}  ${ZIP}\n`);
}

test('--from-release installs the release zip of its own version for this platform', async () => {
  release('the release zip');
  const mirror = join(dir, 'mirror');
  const r = await setup(['--from-release', releaseDir, '--dir', mirror]);
  expect(r.stderr).toBe(
    `Installed registry.terraform.io/mailaccess/infomaniakmail 0.9.1 (${terraformPlatform()}) into ${mirror}.\n` +
      'Point terraform at it (add this to your shell profile or CI environment):\n',
  );
  expect(r.stdout).toBe(`export TF_CLI_CONFIG_FILE=${join(mirror, 'terraformrc')}\n`);
  expect(r.code).toBe(0);
  const archive = join(mirror, 'registry.terraform.io/mailaccess/infomaniakmail', ZIP);
  expect(readFileSync(archive, 'utf8')).toBe('the release zip');
  expect(readFileSync(join(mirror, 'terraformrc'), 'utf8')).toContain(
    'include = ["registry.terraform.io/mailaccess/infomaniakmail"]',
  );
});

test('--from-release refuses a zip its SHA256SUMS does not vouch for, and installs nothing', async () => {
  release('a damaged download', 'the release zip');
  const mirror = join(dir, 'mirror');
  const r = await setup(['--from-release', releaseDir, '--dir', mirror]);
  expect(r.code).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toContain(
    `infomaniak-mail setup-terraform: ${join(releaseDir, ZIP)} does not match its checksum in ${join(releaseDir, SUMS)}`,
  );
  expect(existsSync(mirror)).toBe(false);
});

test('--from-release needs a directory and says what it expected', async () => {
  const missing = await setup(['--from-release']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('--from-release needs a value');
  const empty = await setup(['--from-release', releaseDir, '--dir', join(dir, 'mirror')]);
  expect(empty.code).toBe(1);
  expect(empty.stderr).toContain(
    `${releaseDir} holds no terraform-provider-infomaniakmail_VERSION_SHA256SUMS`,
  );
  const help = await setup(['--help']);
  expect(help.stdout).toContain('--from-release RELEASE_DIR');
});
