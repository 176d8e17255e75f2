/**
 * The mirror's launcher runs the provider by absolute path. Once the checkout it points
 * into is moved, terraform's own error says what happened and what to run; running
 * setup-terraform again (and `terraform init -upgrade`) makes it work again.
 */
import { spawn } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupTerraform } from '../../provider/cli/setup-terraform';
import { findThisPackage } from '../../packaging';
import { ensureProviderBuilt, REPO_ROOT } from '../support/mail-e2e';
import { requireTerraform } from '../support/terraform';

let dir: string;

beforeAll(async () => {
  await requireTerraform();
  await ensureProviderBuilt();
  dir = mkdtempSync(join(tmpdir(), 'moved-checkout-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function terraform(args: string[], cwd: string, config: string): Promise<{ code: number; out: string }> {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TF_')) env[k] = v;
  Object.assign(env, { TF_CLI_CONFIG_FILE: config, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' });
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args, '-no-color'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

/** A checkout of this package (its bin, and its build through a link) at `root`. */
function checkout(root: string): { root: string; version: string } {
  mkdirSync(join(root, 'bin'), { recursive: true });
  const { version } = findThisPackage(__dirname);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'infomaniak-mail-access', version }));
  copyFileSync(
    join(REPO_ROOT, 'bin', 'terraform-provider-infomaniakmail.js'),
    join(root, 'bin', 'terraform-provider-infomaniakmail.js'),
  );
  symlinkSync(join(REPO_ROOT, 'dist'), join(root, 'dist'));
  return { root, version };
}

test('a moved checkout: terraform shows what happened and to run setup-terraform again, which fixes it', async () => {
  const mirror = join(dir, 'mirror');
  const first = checkout(join(dir, 'checkout'));
  const { cliConfigFile } = setupTerraform({ dir: mirror, pkg: first });
  const work = join(dir, 'work');
  mkdirSync(work);
  writeFileSync(
    join(work, 'main.tf'),
    'terraform {\n  required_providers {\n    infomaniakmail = { source = "mailaccess/infomaniakmail" }\n  }\n}\n',
  );
  expect((await terraform(['init', '-input=false'], work, cliConfigFile)).code).toBe(0);
  expect((await terraform(['providers', 'schema', '-json'], work, cliConfigFile)).code).toBe(0);

  const moved = join(dir, 'moved');
  renameSync(first.root, moved);
  const broken = await terraform(['validate'], work, cliConfigFile);
  expect(broken.code).toBe(1);
  // terraform wraps its error text: compare without the line breaks.
  const said = broken.out.replace(/\s+/g, ' ');
  expect(said).toContain(`${join(first.root, 'bin', 'terraform-provider-infomaniakmail.js')} is missing.`);
  expect(said).toContain('moved, re-cloned or deleted');
  expect(said).toContain('Run `npx infomaniak-mail setup-terraform` again');
  expect(said).toContain(`\`terraform providers lock -fs-mirror=${mirror} mailaccess/infomaniakmail\``);

  // What it says to do, and nothing else.
  setupTerraform({ dir: mirror, pkg: { root: moved, version: first.version } });
  const relock = ['providers', 'lock', `-fs-mirror=${mirror}`, 'mailaccess/infomaniakmail'];
  for (const args of [relock, ['init', '-input=false'], ['validate']]) {
    const step = await terraform(args, work, cliConfigFile);
    expect({ args, code: step.code, out: step.out }).toEqual({ args, code: 0, out: step.out });
  }
});
