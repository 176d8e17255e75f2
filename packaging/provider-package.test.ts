/** The launcher of this package's provider, when the checkout it points into has moved. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeLocalMirror } from './local-mirror';
import { findThisPackage, providerLauncher, REINSTALL_HINT } from './provider-package';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'provider-launcher-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('says to run setup-terraform again (and to record the new checksum) when its provider is gone; exit 1', () => {
  const pkg = findThisPackage(__dirname);
  const launcher = providerLauncher(pkg);
  if (!('node' in launcher)) throw new Error('expected a node launcher');
  expect(launcher.requires?.every((f) => f.startsWith(pkg.root))).toBe(true);
  // As if the checkout had moved: the launcher points where the script no longer is.
  const gone = join(dir, 'old-checkout', 'bin', 'terraform-provider-infomaniakmail.js');
  const mirror = writeLocalMirror({
    dir: join(dir, 'mirror'),
    source: 'mailaccess/infomaniakmail',
    version: pkg.version,
    launcher: { ...launcher, script: gone },
  });
  const result = spawnSync(mirror.executable, [], { encoding: 'utf8' });
  expect(result.status).toBe(1);
  expect(result.stderr).toContain(`${gone} is missing.`);
  expect(result.stderr).toContain('moved, re-cloned or deleted');
  expect(result.stderr).toContain(REINSTALL_HINT);
  expect(REINSTALL_HINT).toMatch(/^Run `npx infomaniak-mail setup-terraform` again /);
  expect(result.stderr).toContain(
    `\`terraform providers lock -fs-mirror=${mirror.dir} mailaccess/infomaniakmail\` before \`terraform init\``,
  );
});
