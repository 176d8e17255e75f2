import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { qualifySource, shellQuote, writeLocalMirror } from './local-mirror';
import { terraformPlatform } from './platform';

let dir: string;
beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mirror-test-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

test('writes the unpacked mirror layout, an executable launcher and the CLI configuration', () => {
  const m = writeLocalMirror({
    dir,
    source: 'acme/widget',
    version: '1.2.3',
    osArch: 'linux_amd64',
    launcher: { node: '/usr/bin/node', script: "/opt/it's here/main.js" },
    env: { WIDGET_MODE: 'test' },
  });
  expect(m.executable).toBe(
    join(dir, 'registry.terraform.io/acme/widget/1.2.3/linux_amd64/terraform-provider-widget_v1.2.3'),
  );
  expect(statSync(m.executable).mode & 0o111).toBe(0o111);
  expect(readFileSync(m.executable, 'utf8')).toBe(
    "#!/bin/sh\n# Written by writeLocalMirror: runs the provider for terraform.\nexport WIDGET_MODE=test\nexec /usr/bin/node '/opt/it'\\''s here/main.js' \"$@\"\n",
  );
  expect(readFileSync(m.cliConfigFile, 'utf8')).toBe(m.cliConfig);
  expect(m.cliConfig).toContain(`path    = ${JSON.stringify(dir)}`);
  expect(m.cliConfig).toContain('include = ["registry.terraform.io/acme/widget"]');
  expect(m.cliConfig).toContain('exclude = ["registry.terraform.io/acme/widget"]');
});

test('rejects bad sources, versions and relative launcher paths', () => {
  expect(qualifySource('Acme/Widget')).toBe('registry.terraform.io/acme/widget');
  expect(() => qualifySource('widget')).toThrow(/namespace\/type/);
  expect(() =>
    writeLocalMirror({ dir, source: 'a/b', version: 'v1', launcher: { command: '/bin/true' } }),
  ).toThrow(/MAJOR.MINOR.PATCH/);
  expect(() =>
    writeLocalMirror({ dir, source: 'a/b', version: '1.0.0', launcher: { node: 'node', script: '/x.js' } }),
  ).toThrow(/absolute path/);
});

test('platform names follow terraform', () => {
  expect(terraformPlatform('linux', 'x64')).toBe('linux_amd64');
  expect(terraformPlatform('darwin', 'arm64')).toBe('darwin_arm64');
  expect(shellQuote('plain/path-1.js')).toBe('plain/path-1.js');
});
