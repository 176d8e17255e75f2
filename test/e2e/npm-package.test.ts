/**
 * The npm package as users get it: `npm pack`, installed from the tarball into an empty
 * project. It holds what users run and nothing else (package.json `files`), and there its
 * bins run and a CDKTF app synthesizes a stack that terraform initialises and validates
 * with the provider the package carries (the implied mirror, no CLI configuration).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ensureProviderBuilt, REPO_ROOT } from '../support/mail-e2e';
import { requireTerraform, spawnTerraform } from '../support/terraform';

jest.setTimeout(300_000);
const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** The version this repository develops against, so the consumer installs it from the npm cache. */
const installedVersion = (name: string): string =>
  (
    JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

let root: string;
let files: string[];
let project: string;

beforeAll(async () => {
  await requireTerraform();
  await ensureProviderBuilt();
  root = mkdtempSync(join(tmpdir(), 'npm-package-'));
  // What is built is what is packed: no prepare script (it would build again).
  const packed = await run(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', root], {
    cwd: REPO_ROOT,
    maxBuffer: 64 * 1024 * 1024,
  });
  const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
  files = info.files.map((f) => f.path).sort();
  project = join(root, 'consumer');
  await run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await run(
    npm,
    // cdktf and constructs are peer dependencies: a CDKTF user installs them beside the package.
    [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--ignore-scripts',
      join(root, info.filename),
      `cdktf@${installedVersion('cdktf')}`,
      `constructs@${installedVersion('constructs')}`,
    ],
    { cwd: project, maxBuffer: 64 * 1024 * 1024 },
  );
});

afterAll(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

test('the tarball holds what users run, its licence and docs, and no tests, benches or examples', () => {
  for (const needed of [
    'LICENSE',
    'README.md',
    'package.json',
    'bin/infomaniak-mail.js',
    'bin/terraform-provider-infomaniakmail.js',
    'dist/provider/terraform-provider-infomaniakmail.js',
    'dist/provider/terraform-provider-infomaniakmail.js.cache',
    'dist/provider/protocol/bundle-loader.js',
    'dist/provider/protocol/interrupt-guard.js',
    'dist/provider/cli/main.js',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/packaging/index.js',
    'docs/index.md',
  ])
    expect({ needed, packed: files.includes(needed) }).toEqual({ needed, packed: true });
  const unwanted = files.filter((f) =>
    /(^|\/)(test|tests|bench|examples|fixture-provider|scripts)\/|\.test\.|\.map$|^provider\/.*\.ts$/.test(f),
  );
  expect(unwanted).toEqual([]);
  expect(readFileSync(join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/^Mozilla Public License Version 2\.0/);
});

test('installed from the tarball, its bins run and a CDKTF app deploys the provider it carries', async () => {
  const bin = (name: string) => join(project, 'node_modules', '.bin', name);
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).version as string;
  expect((await run(bin('infomaniak-mail'), ['--version'])).stdout.trim()).toBe(version);
  // Run by hand, the provider says it is one and exits 1.
  const byHand = await run(bin('terraform-provider-infomaniakmail'), []).catch(
    (e: { code: number; stderr: string }) => e,
  );
  expect(byHand).toMatchObject({ code: 1 });
  expect((byHand as { stderr: string }).stderr).toContain('is a Terraform provider plugin');

  writeFileSync(
    join(project, 'app.js'),
    [
      "const { App, TerraformStack } = require('cdktf');",
      "const { MailService } = require('infomaniak-mail-access');",
      "const app = new App({ outdir: 'cdktf.out' });",
      "const stack = new TerraformStack(app, 'mail');",
      "new MailService(stack, 'mail', { mailHostingId: 1234567 }).mailbox('contact').addDevice('crm', { label: 'CRM' });",
      'app.synth();',
    ].join('\n'),
  );
  await run(process.execPath, ['app.js'], { cwd: project });
  const stackDir = join(project, 'cdktf.out', 'stacks', 'mail');
  const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, unknown>;
  };
  expect(Object.keys(synthesized.resource)).toContain('infomaniakmail_device');
  expect(existsSync(join(stackDir, 'terraform.d', 'plugins'))).toBe(true);

  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: root,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
  };
  await spawnTerraform(['init', '-input=false', '-no-color'], { cwd: stackDir, env });
  const validated = await spawnTerraform(['validate', '-no-color'], { cwd: stackDir, env });
  expect(validated.stdout).toContain('The configuration is valid');
});
