/**
 * A cdktn app, as a new user writes one: TypeScript importing `cdktn` and this library's
 * `infomaniak-mail-access/cdktn` entry, type-checked (library declarations included) and run
 * under Node.js 24 (cdktn needs 22 or later), whatever Node runs jest. It synthesizes with
 * cdktn alone (cdktf never loads) and one copy of constructs; terraform installs the provider
 * from the stack's implied mirror, which runs it on that same Node 24; plan, apply against
 * the sandbox (the password logs in), and the next plan is empty.
 *
 * The app resolves its packages as an installed project would, through node_modules: cdktn and
 * constructs are the repository's, the library is the repository itself (as `npm run build`
 * left it), linked. test/e2e/npm-package.test.ts installs the packed tarball instead.
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { shellQuote } from '../../packaging';
import { retarget } from '../../scripts/cdktn-entry';
import { nodeBinary, pinnedVersion } from '../../scripts/node-runtimes';
import { ensureProviderBuilt, REPO_ROOT, startMailSandbox, type MailSandbox } from '../support/mail-e2e';
import { requireTerraform, spawnTerraform, type RunResult } from '../support/terraform';

jest.setTimeout(300_000);
const run = promisify(execFile);
const CDKTN_MAJOR = 24;

let sandbox: MailSandbox;
let tmp: string;
let node: string;

beforeAll(async () => {
  await requireTerraform();
  await ensureProviderBuilt();
  requireCurrentCdktnEntry();
  node = await nodeBinary(CDKTN_MAJOR);
  sandbox = await startMailSandbox();
  tmp = mkdtempSync(join(tmpdir(), 'cdktn-app-'));
});

afterAll(async () => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
  await sandbox?.close();
});

/**
 * dist/cdktn must be what the build step makes of dist/src as it is now. By content, not
 * time: tsc rewrites every output, so a rebuild of the provider alone leaves dist/src newer.
 */
function requireCurrentCdktnEntry(): void {
  const dist = join(REPO_ROOT, 'dist');
  const stale = walk(join(dist, 'src'))
    .filter((f) => f.endsWith('.js') || f.endsWith('.d.ts'))
    .filter((f) => {
      const built = join(dist, 'cdktn', relative(join(dist, 'src'), f));
      return !existsSync(built) || readFileSync(built, 'utf8') !== retarget(readFileSync(f, 'utf8')).text;
    });
  if (stale.length > 0)
    throw new Error(
      `dist/cdktn is not built from dist/src as it is (${stale
        .slice(0, 3)
        .map((f) => relative(dist, f))
        .join(', ')}): run "npm run build"`,
    );
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

/** The app's environment: Node 24 first on PATH, nothing of the developer's terraform setup. */
function appEnv(): NodeJS.ProcessEnv {
  const home = join(tmp, 'home');
  mkdirSync(home, { recursive: true });
  return {
    PATH: [dirname(node), process.env.PATH ?? ''].join(delimiter),
    HOME: home,
    CHECKPOINT_DISABLE: '1',
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    INFOMANIAK_ENDPOINT: sandbox.url,
    INFOMANIAK_TOKEN: sandbox.tokens.admin,
  };
}

function appSource(stateFile: string): string {
  return `import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktn';
import { MailService, Rotation } from 'infomaniak-mail-access/cdktn';

const app = new App({ outdir: 'cdktn.out' });
const stack = new TerraformStack(app, 'mail');
new LocalBackend(stack, { path: ${JSON.stringify(stateFile)} });
const service = new MailService(stack, 'mail', { mailHostingId: ${sandbox.hostingId}, requestsPerMinute: 100000 });
const mailbox = service.mailbox('demonstration');
const crm = mailbox.addDevice('crm', {
  label: 'CRM (cdktn)',
  type: 'other',
  protocols: 'imap',
  rotation: Rotation.onChange({ generation: '1' }),
});
mailbox.grant(100002, { permissions: ['manage_auto_reply'] });
mailbox.exclusive({ devices: true, users: true });
crm.exportPassword('crm_password');
new TerraformOutput(stack, 'address', { value: mailbox.email });
app.synth();
`;
}

/** Runs the compiled app, then says which Node ran it and which framework modules it loaded. */
const RUNNER = `'use strict';
require('./out/main.js');
const loaded = Object.keys(require.cache);
const packageFiles = (name) => loaded.filter((f) => f.includes('/node_modules/' + name + '/'));
console.log(JSON.stringify({
  node: process.version,
  cdktf: packageFiles('cdktf'),
  constructs: [...new Set(packageFiles('constructs').map((f) => f.slice(0, f.lastIndexOf('/node_modules/constructs/'))))],
}));
`;

function link(project: string, name: string, target: string): void {
  mkdirSync(dirname(join(project, 'node_modules', name)), { recursive: true });
  symlinkSync(target, join(project, 'node_modules', name), 'dir');
}

async function terraform(cwd: string, args: string[], allowFailure = false): Promise<RunResult> {
  return spawnTerraform([...args, '-no-color'], { cwd, env: appEnv(), allowFailure });
}

test('a cdktn app on Node 24 synthesizes with this library, applies against the sandbox, and re-plans empty', async () => {
  const project = join(tmp, 'app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'cdktn-app', private: true }));
  for (const name of ['cdktn', 'constructs']) link(project, name, join(REPO_ROOT, 'node_modules', name));
  link(project, 'infomaniak-mail-access', REPO_ROOT);
  writeFileSync(join(project, 'main.ts'), appSource(join(tmp, 'terraform.tfstate')));
  writeFileSync(join(project, 'run.js'), RUNNER);
  // Checked as a user's build checks it: package exports, and the library's declarations too.
  writeFileSync(
    join(project, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'node16',
        moduleResolution: 'node16',
        strict: true,
        skipLibCheck: false,
        types: [],
        outDir: 'out',
      },
      files: ['main.ts'],
    }),
  );
  const tsc = join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  await run(node, [tsc, '-p', 'tsconfig.json'], { cwd: project, env: appEnv() }).catch(
    (e: { stdout: string }) => {
      throw new Error(`the cdktn app does not compile:\n${e.stdout}`);
    },
  );

  const synth = await run('node', ['run.js'], { cwd: project, env: appEnv() });
  expect(JSON.parse(synth.stdout.trim().split('\n').pop() ?? '')).toEqual({
    node: `v${pinnedVersion(CDKTN_MAJOR)}`,
    cdktf: [],
    constructs: [REPO_ROOT],
  });

  const stackDir = join(project, 'cdktn.out', 'stacks', 'mail');
  const synthesized = JSON.parse(readFileSync(join(stackDir, 'cdk.tf.json'), 'utf8')) as {
    resource: Record<string, unknown>;
  };
  expect(Object.keys(synthesized.resource).sort()).toEqual([
    'infomaniakmail_access_policy',
    'infomaniakmail_address',
    'infomaniakmail_device',
    'infomaniakmail_user_access',
  ]);
  // The provider terraform installs is this package's bin, run by the Node that synthesized.
  const launchers = await run('find', [join(stackDir, 'terraform.d', 'plugins'), '-type', 'f']);
  const [launcher] = launchers.stdout.trim().split('\n');
  expect(readFileSync(launcher, 'utf8')).toContain(
    `exec ${shellQuote(node)} ${shellQuote(join(REPO_ROOT, 'bin', 'terraform-provider-infomaniakmail.js'))} "$@"`,
  );

  const init = await terraform(stackDir, ['init']);
  expect(init.stdout).toMatch(/Installing mailaccess\/infomaniakmail v\d+\.\d+\.\d+/);
  const plan = await terraform(stackDir, ['plan', '-detailed-exitcode'], true);
  expect({ code: plan.code, stderr: plan.stderr }).toEqual({ code: 2, stderr: '' });
  expect(plan.stdout).toContain('Plan: 4 to add, 0 to change, 0 to destroy.');
  const apply = await terraform(stackDir, ['apply', '-auto-approve']).catch((error: Error) => {
    throw new Error(`${error.message}\nsandbox requests:\n${sandbox.logs.join('\n')}`);
  });

  const outputs = JSON.parse((await terraform(stackDir, ['output', '-json'])).stdout) as Record<
    string,
    { sensitive: boolean; value: string }
  >;
  expect(outputs.address.value).toBe(`demonstration@${sandbox.domain}`);
  expect(outputs.crm_password.sensitive).toBe(true);
  expect(await sandbox.hooks.verify(outputs.address.value, outputs.crm_password.value)).toBe(true);
  expect(apply.stdout + apply.stderr).not.toContain(outputs.crm_password.value);
  expect(sandbox.logs.join('\n')).not.toContain(outputs.crm_password.value);

  const again = await terraform(stackDir, ['plan', '-detailed-exitcode'], true);
  expect({ code: again.code, stderr: again.stderr }).toEqual({ code: 0, stderr: '' });
});
