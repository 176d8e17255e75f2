/**
 * `infomaniak-mail setup-terraform` (DESIGN.md §8): a mirror and a CLI configuration with
 * which `terraform init` installs mailaccess/infomaniakmail offline; running it twice is harmless.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../../provider/cli/main';
import { ensureProviderBuilt } from '../support/mail-e2e';
import { requireTerraform } from '../support/terraform';

let dir: string;

beforeAll(async () => {
  await requireTerraform();
  await ensureProviderBuilt();
  dir = mkdtempSync(join(tmpdir(), 'setup-terraform-'));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function setup(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(['setup-terraform', ...args], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
  });
  return { code, stdout, stderr };
}

function terraform(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; out: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

test('prints the export line; terraform init then installs the provider offline; idempotent', async () => {
  const mirror = join(dir, 'mirror dir');
  const first = await setup(['--dir', mirror]);
  expect(first.code).toBe(0);
  const config = join(mirror, 'terraformrc');
  expect(first.stdout).toBe(`export TF_CLI_CONFIG_FILE='${config}'\n`);
  const text = readFileSync(config, 'utf8');
  const again = await setup(['--dir', mirror]);
  expect(again).toEqual(first);
  expect(readFileSync(config, 'utf8')).toBe(text);

  const work = mkdtempSync(join(dir, 'work-'));
  writeFileSync(
    join(work, 'main.tf'),
    'terraform {\n  required_providers {\n    infomaniakmail = { source = "mailaccess/infomaniakmail" }\n  }\n}\n',
  );
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('TF_')) env[k] = v;
  Object.assign(env, { TF_CLI_CONFIG_FILE: config, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' });
  const init = await terraform(['init', '-no-color', '-input=false'], work, env);
  expect(init.out).toMatch(/Installed mailaccess\/infomaniakmail v0\.1\.0/);
  expect(init.code).toBe(0);
  const schema = await terraform(['providers', 'schema', '-json'], work, env);
  expect(schema.code).toBe(0);
  expect(schema.out).toContain('infomaniakmail_device');
});

test('--help and bad flags', async () => {
  const help = await setup(['--help']);
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('TF_CLI_CONFIG_FILE');
  const bad = await setup(['--nope']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('unknown flag --nope');
});
