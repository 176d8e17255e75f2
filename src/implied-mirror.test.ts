/**
 * The synth hook src/implied-mirror.ts takes from cdktf's internals, and what the constructs
 * install with it. The first test fails when a cdktf upgrade stops calling the hook; the
 * others need the built provider (npm run build), as `app.synth()` writes its launcher.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TerraformStack, type ISynthesisSession } from 'cdktf';
import { Construct } from 'constructs';
import { shellQuote, terraformPlatform } from '../packaging';
import { IMPLIED_MIRROR_DIR, MailService } from '.';
import { runAtSynth } from './implied-mirror';
import { scratchApps } from '../test/support/cdktf-apps';

const testApp = scratchApps();
const ROOT = join(__dirname, '..');
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

function launcherIn(outdir: string, stack: string): string {
  return join(
    outdir,
    'stacks',
    stack,
    IMPLIED_MIRROR_DIR,
    'registry.terraform.io',
    'mailaccess',
    'infomaniakmail',
    version,
    terraformPlatform(),
    `terraform-provider-infomaniakmail_v${version}`,
  );
}

test("cdktf's synthesizer calls the hook of a construct with the stack's session, once per app.synth()", () => {
  const app = testApp();
  const stack = new TerraformStack(app, 'hooked');
  const plain = new Construct(stack, 'plain');
  const sessions: ISynthesisSession[] = [];
  let replaced = 0;
  expect(runAtSynth(plain, (session) => sessions.push(session))).toBe(true);
  expect(runAtSynth(plain, () => replaced++)).toBe(false);

  app.synth();
  expect(sessions).toHaveLength(1);
  expect(replaced).toBe(0);
  const [session] = sessions;
  expect(session.outdir).toBe(app.outdir);
  expect(session.manifest.forStack(stack).workingDirectory).toBe(join('stacks', 'hooked'));
  expect(existsSync(join(session.outdir, 'stacks', 'hooked'))).toBe(true);
});

test("synth writes this package's provider launcher into each stack's implied mirror", () => {
  const app = testApp();
  for (const name of ['first', 'second']) {
    const stack = new TerraformStack(app, name);
    // Two services share the stack's provider configuration: it is installed once.
    new MailService(stack, 'mail', { mailHostingId: 1234567 });
    new MailService(stack, 'other', { mailHostingId: 7654321 });
  }
  app.synth();

  for (const name of ['first', 'second']) {
    const launcher = launcherIn(app.outdir, name);
    expect(statSync(launcher).mode & 0o111).toBe(0o111);
    const script = readFileSync(launcher, 'utf8');
    expect(script).toContain(shellQuote(process.execPath));
    expect(script).toContain(shellQuote(join(ROOT, 'bin', 'terraform-provider-infomaniakmail.js')));
  }
});

test('installProvider: false writes no mirror', () => {
  const app = testApp();
  const stack = new TerraformStack(app, 'bare');
  new MailService(stack, 'mail', { mailHostingId: 1234567, installProvider: false });
  app.synth();
  expect(existsSync(join(app.outdir, 'stacks', 'bare'))).toBe(true);
  expect(existsSync(join(app.outdir, 'stacks', 'bare', IMPLIED_MIRROR_DIR))).toBe(false);
});
