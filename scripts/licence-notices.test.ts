import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Metafile } from 'esbuild';
import { bundledPackageDirs, GPL_3_TEXT_FILE, licenceNotices } from './licence-notices';
import { judgeLicence } from './licence-notices-spdx';

const REPO_ROOT = join(__dirname, '..');
const MIT_TEXT = 'MIT License\n\nCopyright (c) Someone\n\nPermission is hereby granted, free of charge...';

let root: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'licence-notices-'));
  write('package.json', JSON.stringify({ name: 'the-project', version: '1.2.3', license: 'MPL-2.0' }));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): void {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

/** A package in the temp node_modules; `files` are its licence files. */
function fakePackage(dir: string, json: Record<string, unknown>, files: Record<string, string> = {}): void {
  write(`${dir}/package.json`, JSON.stringify(json));
  write(`${dir}/index.js`, 'module.exports = 1;\n');
  for (const [name, text] of Object.entries(files)) write(`${dir}/${name}`, text);
}

/** A metafile whose inputs are the given files (and one file of the project itself). */
function metafileOf(...inputs: string[]): Metafile {
  const entries = ['dist/provider/main.js', ...inputs].map((p) => [p, { bytes: 1, imports: [] }]);
  return { inputs: Object.fromEntries(entries), outputs: {} } as Metafile;
}

describe('licenceNotices on fake packages', () => {
  it('lists every bundled package once, sorted, with its licence text; scoped and nested ones too', () => {
    fakePackage(
      'node_modules/zeta',
      { name: 'zeta', version: '1.0.0', license: 'MIT' },
      { LICENSE: MIT_TEXT },
    );
    fakePackage(
      'node_modules/@scope/alpha',
      { name: '@scope/alpha', version: '2.0.0', license: 'Apache-2.0' },
      { 'LICENSE.txt': 'Apache License text', NOTICE: 'Alpha includes software by Someone.' },
    );
    fakePackage(
      'node_modules/zeta/node_modules/beta',
      { name: 'beta', version: '0.1.0', license: 'ISC' },
      { licence: 'ISC licence text' },
    );
    // Two copies of one version are one notice; another version is another.
    fakePackage('node_modules/@scope/alpha/node_modules/zeta', {
      name: 'zeta',
      version: '1.0.0',
      license: 'MIT',
    });
    write('node_modules/@scope/alpha/node_modules/zeta/LICENSE', MIT_TEXT);
    const text = licenceNotices(
      metafileOf(
        'node_modules/zeta/index.js',
        'node_modules/zeta/lib/deep/file.js',
        'node_modules/@scope/alpha/index.js',
        'node_modules/zeta/node_modules/beta/index.js',
        'node_modules/@scope/alpha/node_modules/zeta/index.js',
      ),
      root,
    );
    expect(text).toMatch(/^THIRD-PARTY NOTICES for the-project@1\.2\.3\n/);
    expect(text).toContain('This program is the-project, licensed under MPL-2.0');
    const headings = text.split('\n').filter((l, i, all) => all[i - 1]?.startsWith('====') && /@/.test(l));
    expect(headings).toEqual(['@scope/alpha@2.0.0', 'beta@0.1.0', 'zeta@1.0.0']);
    expect(text).toContain('Bundled packages (3):');
    expect(text).toContain(`----- LICENSE -----\n\n${MIT_TEXT}\n`);
    expect(text).toContain('----- NOTICE -----\n\nAlpha includes software by Someone.');
    expect(text).toContain('----- licence -----\n\nISC licence text');
    expect(text).not.toContain('Lesser General Public License');
  });

  it('finds the package directories of inputs, including scoped, nested and backslashed paths', () => {
    expect(
      bundledPackageDirs(
        metafileOf(
          'node_modules/a/x.js',
          'node_modules\\@s\\b\\y.js',
          'node_modules/a/node_modules/@s/c/z.js',
          'src/node_modules_like.js',
        ),
        root,
      ),
    ).toEqual(['node_modules/@s/b', 'node_modules/a', 'node_modules/a/node_modules/@s/c']);
  });

  it('fails naming the package when it ships no licence text', () => {
    fakePackage('node_modules/quiet', { name: 'quiet', version: '3.0.0', license: 'MIT' }, { NOTICE: 'x' });
    expect(() => licenceNotices(metafileOf('node_modules/quiet/index.js'), root)).toThrow(
      /Bundled package quiet@3\.0\.0 \(node_modules\/quiet\) ships no licence text.*Keep it out of the bundle/,
    );
  });

  it('fails naming the package when its package.json has no licence', () => {
    fakePackage('node_modules/anon', { name: 'anon', version: '1.0.0' }, { LICENSE: MIT_TEXT });
    expect(() => licenceNotices(metafileOf('node_modules/anon/index.js'), root)).toThrow(
      /anon@1\.0\.0 .*has no licence field/,
    );
  });

  it('fails naming the package when it is under the GPL', () => {
    fakePackage(
      'node_modules/@action-validator/core',
      { name: '@action-validator/core', version: '0.6.0', license: 'GPL-3.0-only' },
      { LICENCE: 'GNU GENERAL PUBLIC LICENSE' },
    );
    expect(() => licenceNotices(metafileOf('node_modules/@action-validator/core/index.js'), root)).toThrow(
      /@action-validator\/core@0\.6\.0 .*is licensed GPL-3\.0-only, and GPL-3\.0-only is not one this project can redistribute.*development tool/,
    );
  });

  it.each([
    ['(MIT OR Apache-2.0)', 'MIT'],
    ['(GPL-3.0-only OR MIT)', 'MIT'],
    ['MIT AND BSD-3-Clause', 'MIT AND BSD-3-Clause'],
    ['Apache-2.0 WITH LLVM-exception', 'Apache-2.0 WITH LLVM-exception'],
  ])('accepts %s, used under %s', (licence, used) => {
    fakePackage('node_modules/dual', { name: 'dual', version: '1.0.0', license: licence }, { LICENSE: 'x' });
    const text = licenceNotices(metafileOf('node_modules/dual/index.js'), root);
    expect(text).toContain(
      licence === used ? `Licence: ${licence}\n` : `Licence: ${licence} (used under ${used})\n`,
    );
  });

  it.each([
    ['(MIT AND GPL-3.0-only)', 'GPL-3.0-only is not one'],
    ['(AGPL-3.0-only OR SSPL-1.0)', 'AGPL-3.0-only, SSPL-1.0 is not one'],
    ['LGPL-2.1-or-later', 'LGPL-2.1-or-later is not one'],
    ['UNLICENSED', 'UNLICENSED is not one'],
    ['SEE LICENSE IN LICENSE.md', 'is not an SPDX licence expression'],
    ['(MIT OR', 'is not an SPDX licence expression'],
  ])('refuses %s', (licence, why) => {
    fakePackage('node_modules/bad', { name: 'bad', version: '1.0.0', license: licence }, { LICENSE: 'x' });
    let message = '';
    try {
      licenceNotices(metafileOf('node_modules/bad/index.js'), root);
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('Bundled package bad@1.0.0');
    expect(message).toContain(why);
  });

  it('bundles an LGPL-3.0 library with the notice, the GPL text and its source, never without a source', () => {
    write(GPL_3_TEXT_FILE, readFileSync(join(REPO_ROOT, GPL_3_TEXT_FILE), 'utf8'));
    write(
      'package-lock.json',
      JSON.stringify({ packages: { 'node_modules/lesser': { version: '6.0.0', integrity: 'sha512-abc' } } }),
    );
    const lgpl = '                   GNU LESSER GENERAL PUBLIC LICENSE\n                       Version 3';
    fakePackage(
      'node_modules/lesser',
      { name: 'lesser', version: '6.0.0', license: 'LGPL-3.0+', repository: 'git+https://example.org/l.git' },
      { LICENSE: lgpl },
    );
    const text = licenceNotices(metafileOf('node_modules/lesser/index.js'), root);
    expect(text).toContain('This program uses lesser@6.0.0, covered by the GNU LGPL version 3');
    expect(text).toContain("take this program's source at tag v1.2.3");
    expect(text).toContain(
      'Licence: LGPL-3.0+ (used under LGPL-3.0-or-later)\nSource: https://example.org/l.git (version 6.0.0)\n' +
        'Package: https://registry.npmjs.org/lesser/-/lesser-6.0.0.tgz\nIntegrity: sha512-abc\n',
    );
    expect(text).toContain(`----- LICENSE -----\n\n${lgpl}\n`);
    expect(text.match(/^ +GNU GENERAL PUBLIC LICENSE\n +Version 3, 29 June 2007$/gm)).toHaveLength(1);

    fakePackage('node_modules/lesser', { name: 'lesser', version: '6.0.0', license: 'LGPL-3.0-only' });
    write('node_modules/lesser/COPYING.LESSER', lgpl);
    expect(() => licenceNotices(metafileOf('node_modules/lesser/index.js'), root)).toThrow(
      /lesser@6\.0\.0 .*only with a pointer to the library's source/,
    );
  });
});

describe('judgeLicence', () => {
  it('binds AND tighter than OR, and WITH tighter than both', () => {
    expect(judgeLicence('MIT OR GPL-3.0-only AND Apache-2.0')).toMatchObject({
      verdict: 'permissive',
      used: ['MIT'],
    });
    expect(judgeLicence('GPL-3.0-only OR MIT AND Apache-2.0')).toMatchObject({ used: ['MIT', 'Apache-2.0'] });
    expect(judgeLicence('(GPL-3.0-only OR MIT) AND GPL-2.0-only').verdict).toBe('rejected');
    expect(judgeLicence('mit or isc')).toMatchObject({ verdict: 'permissive', used: ['MIT'] });
    expect(judgeLicence('LGPL-3.0-or-later OR MIT').verdict).toBe('permissive');
    expect(judgeLicence('LGPL-3.0 AND MIT')).toMatchObject({
      verdict: 'weak-copyleft',
      used: ['LGPL-3.0-only', 'MIT'],
    });
    expect(judgeLicence('Apache-2.0+').used).toEqual(['Apache-2.0']);
    expect(judgeLicence('GPL-2.0-only WITH Classpath-exception-2.0').verdict).toBe('rejected');
    expect(judgeLicence('LicenseRef-Proprietary').verdict).toBe('rejected');
  });
});
