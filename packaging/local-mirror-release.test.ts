import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSha256Sums, releaseFileNames, writeLocalMirror, writeReleaseMirror } from './local-mirror';

let dir: string;
let releaseDir: string;
let mirrorDir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'release-mirror-test-'));
  releaseDir = join(dir, 'release');
  mirrorDir = join(dir, 'mirror');
  mkdirSync(releaseDir);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const ZIP = 'terraform-provider-widget_1.2.3_linux_amd64.zip';
const SUMS = 'terraform-provider-widget_1.2.3_SHA256SUMS';
const sha = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/** A release of acme/widget 1.2.3 whose sums list `listed` (name to content hashed). */
function release(listed: Record<string, string>, files: Record<string, string> = listed): void {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(releaseDir, name), content);
  writeFileSync(
    join(releaseDir, SUMS),
    Object.entries(listed)
      .map(([name, content]) => `${sha(content)}  ${name}\n`)
      .join(''),
  );
}

const install = () =>
  writeReleaseMirror({ dir: mirrorDir, source: 'acme/widget', releaseDir, osArch: 'linux_amd64' });

test('release file names follow the registry', () => {
  const names = releaseFileNames('widget', '1.2.3');
  expect(names.zip('linux_amd64')).toBe(ZIP);
  expect(names.executable('linux_amd64')).toBe('terraform-provider-widget_v1.2.3');
  expect(names.executable('windows_amd64')).toBe('terraform-provider-widget_v1.2.3.exe');
  expect(names.sums).toBe(SUMS);
  expect(names.signature).toBe(`${SUMS}.sig`);
  expect(names.manifest).toBe('terraform-provider-widget_1.2.3_manifest.json');
});

test('puts the zip, as it is, into the packed layout and writes the CLI configuration', () => {
  release({ [ZIP]: 'zip bytes', 'terraform-provider-widget_1.2.3_darwin_arm64.zip': 'other' });
  const m = install();
  expect(m).toMatchObject({
    source: 'registry.terraform.io/acme/widget',
    version: '1.2.3',
    osArch: 'linux_amd64',
  });
  expect(m.archive).toBe(join(mirrorDir, 'registry.terraform.io/acme/widget', ZIP));
  expect(readFileSync(m.archive, 'utf8')).toBe('zip bytes');
  expect(readFileSync(m.cliConfigFile, 'utf8')).toBe(m.cliConfig);
  expect(m.cliConfig).toContain(`path    = ${JSON.stringify(mirrorDir)}`);
  expect(m.cliConfig).toContain('include = ["registry.terraform.io/acme/widget"]');
  // Only this platform's zip goes in.
  expect(
    existsSync(
      join(mirrorDir, 'registry.terraform.io/acme/widget/terraform-provider-widget_1.2.3_darwin_arm64.zip'),
    ),
  ).toBe(false);
});

test('a release replaces a launcher of the same version and platform, and the other way round', () => {
  const launcher = () =>
    writeLocalMirror({
      dir: mirrorDir,
      source: 'acme/widget',
      version: '1.2.3',
      osArch: 'linux_amd64',
      launcher: { command: '/bin/true' },
    });
  const first = launcher();
  release({ [ZIP]: 'zip bytes' });
  const m = install();
  expect(existsSync(first.executable)).toBe(false);
  expect(existsSync(m.archive)).toBe(true);
  const again = launcher();
  expect(existsSync(again.executable)).toBe(true);
  expect(existsSync(m.archive)).toBe(false);
});

test('a zip that does not match its checksum is refused, naming the file and both digests', () => {
  release({ [ZIP]: 'what was released' }, { [ZIP]: 'what was downloaded' });
  expect(install).toThrow(
    `${join(releaseDir, ZIP)} does not match its checksum in ${join(releaseDir, SUMS)} ` +
      `(expected ${sha('what was released')}, got ${sha('what was downloaded')})`,
  );
  expect(existsSync(mirrorDir)).toBe(false);
});

test('a missing zip, or one the sums do not list, is refused naming the file', () => {
  release({ 'terraform-provider-widget_1.2.3_darwin_arm64.zip': 'other' });
  expect(install).toThrow(
    `${join(releaseDir, ZIP)} is missing: the release in ${releaseDir} has no build for linux_amd64`,
  );
  writeFileSync(join(releaseDir, ZIP), 'unlisted');
  expect(install).toThrow(`${join(releaseDir, SUMS)} lists no checksum for ${ZIP}`);
});

test('a directory that is not one release is refused', () => {
  expect(() =>
    writeReleaseMirror({ dir: mirrorDir, source: 'acme/widget', releaseDir: join(dir, 'nope') }),
  ).toThrow(`The release directory ${join(dir, 'nope')} does not exist`);
  expect(install).toThrow(`${releaseDir} holds no terraform-provider-widget_VERSION_SHA256SUMS`);
  release({ [ZIP]: 'zip bytes' });
  writeFileSync(join(releaseDir, 'terraform-provider-widget_1.3.0_SHA256SUMS'), '');
  expect(install).toThrow(`${releaseDir} holds several releases (1.2.3, 1.3.0)`);
});

test('sha256sum lines are read in text and binary mode; anything else is an error naming the line', () => {
  const a = 'a'.repeat(64);
  const sums = parseSha256Sums(`${a}  one.zip\n\n${'B'.repeat(64)} *two words.zip\n`, 'SUMS');
  expect([...sums]).toEqual([
    ['one.zip', a],
    ['two words.zip', 'b'.repeat(64)],
  ]);
  expect(() => parseSha256Sums(`${a}  one.zip\nnot a sum\n`, 'SUMS')).toThrow(
    'SUMS, line 2: not a sha256sum line',
  );
});
