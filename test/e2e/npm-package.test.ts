/**
 * The npm package as users get it: `npm pack`, installed from the tarball into an empty
 * project. It holds what users run and nothing else (package.json `files`), and there its
 * bins run and a CDKTF app synthesizes a stack that terraform initialises and validates
 * with the provider the package carries (the implied mirror, no CLI configuration).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureProviderBuilt, REPO_ROOT } from '../support/mail-e2e';
import { requireTerraform, spawnTerraform } from '../support/terraform';
import { nodeBinary, pinnedVersion } from '../../scripts/node-runtimes';

jest.setTimeout(300_000);
const run = promisify(execFile);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

let root: string;
let files: string[];
let project: string;
let tarball: string;

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
  tarball = join(root, info.filename);
  // cdktf and constructs are peer dependencies: the user installs them beside the package.
  await npmInstall(project, [tarball, 'cdktf', 'constructs']);
});

/** An empty project NAME with PACKAGES installed, offline when npm's cache has them. */
async function npmInstall(dir: string, packages: string[]): Promise<void> {
  await run('mkdir', ['-p', dir]);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: basename(dir), private: true }));
  await run(
    npm,
    ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...packages],
    {
      cwd: dir,
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

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
    'dist/provider/THIRD_PARTY_NOTICES',
    'dist/provider/protocol/bundle-loader.js',
    'dist/provider/protocol/interrupt-guard.js',
    'dist/provider/cli/main.js',
    'dist/src/index.js',
    'dist/src/index.d.ts',
    'dist/cdktn/index.js',
    'dist/cdktn/index.d.ts',
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

test('installed with cdktn instead, a cdktn app on Node 24 type-checks and synthesizes from infomaniak-mail-access/cdktn', async () => {
  const node = await nodeBinary(24);
  const env = { ...process.env, PATH: [dirname(node), process.env.PATH ?? ''].join(delimiter) };
  const cdktnProject = join(root, 'cdktn-consumer');
  // cdktn 0.24 accepts constructs >=10.6 <10.8: the user pins it.
  await npmInstall(cdktnProject, [tarball, 'cdktn', 'constructs@10.7']);
  // An optional peer npm does not add: nothing of cdktf, and one constructs for both.
  const installed = (
    await run('find', ['node_modules', '-name', 'package.json', '-path', '*/constructs/package.json'], {
      cwd: cdktnProject,
    })
  ).stdout
    .trim()
    .split('\n');
  expect(installed).toEqual(['node_modules/constructs/package.json']);
  expect(existsSync(join(cdktnProject, 'node_modules', 'cdktf'))).toBe(false);

  writeFileSync(
    join(cdktnProject, 'main.ts'),
    [
      "import { App, TerraformStack } from 'cdktn';",
      "import { MailService } from 'infomaniak-mail-access/cdktn';",
      "const app = new App({ outdir: 'cdktn.out' });",
      "const stack = new TerraformStack(app, 'mail');",
      "new MailService(stack, 'mail', { mailHostingId: 1234567 }).mailbox('contact').addDevice('crm', { label: 'CRM' });",
      'app.synth();',
    ].join('\n'),
  );
  // The older module resolution, which ignores `exports`, finds the declarations via typesVersions.
  writeFileSync(
    join(cdktnProject, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'commonjs',
        moduleResolution: 'node10',
        strict: true,
        types: [],
      },
      files: ['main.ts'],
    }),
  );
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(node, [tsc, '-p', 'tsconfig.json'], { cwd: cdktnProject, env }).catch((e: { stdout: string }) => {
    throw new Error(`the cdktn app does not compile:\n${e.stdout}`);
  });
  const synth = await run('node', ['-e', "require('./main.js'); console.log(process.version)"], {
    cwd: cdktnProject,
    env,
  });
  expect(synth.stdout.trim()).toBe(`v${pinnedVersion(24)}`);
  const stackDir = join(cdktnProject, 'cdktn.out', 'stacks', 'mail');
  const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, unknown>;
  };
  expect(Object.keys(synthesized.resource)).toContain('infomaniakmail_device');
  expect(existsSync(join(stackDir, 'terraform.d', 'plugins'))).toBe(true);
});
