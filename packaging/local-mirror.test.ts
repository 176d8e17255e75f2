import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  const why =
    'is missing.\\nThis launcher, in a Terraform provider mirror, starts the provider from that absolute ' +
    'path: the directory holding it was moved, re-cloned or deleted (or not built) since the mirror was ' +
    'written.';
  const relock =
    'If it moved, the new launcher has another checksum: record it with ' +
    `\`terraform providers lock -fs-mirror=${dir} acme/widget\` before \`terraform init\`.`;
  expect(readFileSync(m.executable, 'utf8')).toBe(
    [
      '#!/bin/sh',
      '# Written by writeLocalMirror: runs the provider for terraform.',
      'export WIDGET_MODE=test',
      "for f in /usr/bin/node '/opt/it'\\''s here/main.js'; do",
      '  if [ ! -e "$f" ]; then',
      `    printf 'terraform-provider-widget_v1.2.3: %s ${why}\\nWrite the mirror again from where the provider is now.\\n${relock}\\n' "$f" >&2`,
      `    [ -t 1 ] || printf 'terraform-provider-widget_v1.2.3: %s ${why.replace('\\n', ' ')} Write the mirror again from where the provider is now. ${relock}\\n' "$f"`,
      '    exit 1',
      '  fi',
      'done',
      "exec /usr/bin/node '/opt/it'\\''s here/main.js' \"$@\"",
      '',
    ].join('\n'),
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

describe('the launcher, once what it starts has moved away', () => {
  function mirrorOf(program: string) {
    mkdirSync(program, { recursive: true });
    writeFileSync(
      join(program, 'main.js'),
      "process.stdout.write('started ' + process.argv.slice(2).join(' '));",
    );
    writeFileSync(join(program, 'built.js'), '');
    return writeLocalMirror({
      dir: join(dir, 'mirror'),
      source: 'acme/widget',
      version: '1.2.3',
      launcher: {
        node: process.execPath,
        script: join(program, 'main.js'),
        requires: [join(program, 'built.js')],
        whenMissing: 'Run `widget setup` again (100% safe), then `terraform init -upgrade`.',
      },
    });
  }
  const run = (executable: string) => spawnSync(executable, ['-x'], { encoding: 'utf8' });

  test('starts the program while it is there', () => {
    const m = mirrorOf(join(dir, 'checkout'));
    expect(run(m.executable)).toMatchObject({ status: 0, stdout: 'started -x', stderr: '' });
  });

  test('says which file is gone, why, and what to run, and exits 1', () => {
    const checkout = join(dir, 'checkout');
    const m = mirrorOf(checkout);
    renameSync(checkout, join(dir, 'moved'));
    const result = run(m.executable);
    const lines = [
      `terraform-provider-widget_v1.2.3: ${join(checkout, 'main.js')} is missing.`,
      'This launcher, in a Terraform provider mirror, starts the provider from that absolute path: the ' +
        'directory holding it was moved, re-cloned or deleted (or not built) since the mirror was written.',
      'Run `widget setup` again (100% safe), then `terraform init -upgrade`.',
      'If it moved, the new launcher has another checksum: record it with ' +
        `\`terraform providers lock -fs-mirror=${join(dir, 'mirror')} acme/widget\` before \`terraform init\`.`,
    ];
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${lines.join('\n')}\n`);
    // One line on stdout, where terraform looks ("Unrecognized remote plugin message: ...").
    expect(result.stdout).toBe(`${lines.join(' ')}\n`);
  });

  test('a required file (the build output) gone is reported the same way', () => {
    const checkout = join(dir, 'checkout');
    const m = mirrorOf(checkout);
    rmSync(join(checkout, 'built.js'));
    const result = run(m.executable);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(`^terraform-provider-widget_v1.2.3: ${join(checkout, 'built.js')} is missing`),
    );
  });
});
