/**
 * The notices of the real bundles: the provider bundle `npm run build` makes (whose notices
 * it writes to dist/provider/THIRD_PARTY_NOTICES), and the all-in bundle a single
 * executable carries, sealing libraries included.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureProviderBuilt, REPO_ROOT } from '../test/support/mail-e2e';
import { bundleExecutable } from './bundle-provider';
import { licenceNotices } from './licence-notices';

jest.setTimeout(180_000);

let dir: string;

beforeAll(async () => {
  await ensureProviderBuilt();
  dir = mkdtempSync(join(tmpdir(), 'licence-notices-build-'));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function noticesOf(external?: readonly string[]): Promise<string> {
  const metafile = await bundleExecutable({
    entry: join(REPO_ROOT, 'dist', 'provider', 'main.js'),
    outfile: join(dir, external ? 'all-in.js' : 'provider.js'),
    shared: [join(REPO_ROOT, 'dist', 'provider', 'protocol', 'interrupt-guard.js')],
    absWorkingDir: REPO_ROOT,
    ...(external ? { external } : {}),
  });
  return licenceNotices(metafile, REPO_ROOT);
}

/** The section of `name`: from its heading to the next package's. */
function section(text: string, name: string): string {
  const version = JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8'))
    .version as string;
  const start = text.indexOf(`\n${name}@${version}\nLicence: `);
  expect({ name, found: start >= 0 }).toEqual({ name, found: true });
  const next = text.indexOf(`\n${'='.repeat(80)}\n`, text.indexOf('\n-----', start));
  return text.slice(start, next < 0 ? undefined : next);
}

function licenceText(name: string): string {
  return readFileSync(join(REPO_ROOT, 'node_modules', name, 'LICENSE'), 'utf8')
    .replace(/\r\n/g, '\n')
    .replace(/^([ \t]*\n)+/, '')
    .trimEnd();
}

test('the provider bundle: its packages with their licence texts, as the build wrote them', async () => {
  const text = await noticesOf();
  expect(text).toContain('This program is infomaniak-mail-access, licensed under MPL-2.0');
  for (const [name, licence] of [
    ['@grpc/grpc-js', 'Apache-2.0'],
    ['@msgpack/msgpack', 'ISC'],
    ['zod', 'MIT'],
    ['undici', 'MIT'],
    ['protobufjs', 'BSD-3-Clause'],
  ]) {
    const own = section(text, name);
    expect(own).toContain(`Licence: ${licence}\n`);
    expect(own).toContain(licenceText(name));
  }
  // Left out of the provider bundle, so not in its notices.
  for (const lazy of ['openpgp', 'age-encryption', '@grpc/proto-loader'])
    expect(text).not.toMatch(new RegExp(`^ +${lazy}@`, 'm'));
  expect(readFileSync(join(REPO_ROOT, 'dist', 'provider', 'THIRD_PARTY_NOTICES'), 'utf8')).toBe(text);
});

test('the all-in bundle of a single executable: the sealing libraries too, openpgp with what the LGPL asks', async () => {
  const text = await noticesOf([]);
  const count = Number(/^Bundled packages \((\d+)\):$/m.exec(text)?.[1]);
  expect(count).toBeGreaterThan(20);
  expect(section(text, 'age-encryption')).toContain(licenceText('age-encryption'));
  expect(section(text, '@noble/hashes')).toContain('Licence: MIT\n');
  expect(section(text, '@scure/base')).toContain('Licence: MIT\n');
  const openpgp = section(text, 'openpgp');
  expect(openpgp).toContain('Licence: LGPL-3.0+ (used under LGPL-3.0-or-later)\n');
  expect(openpgp).toMatch(
    /\nSource: https:\/\/github\.com\/openpgpjs\/openpgpjs \(version \d+\.\d+\.\d+\)\n/,
  );
  expect(openpgp).toContain(licenceText('openpgp'));
  expect(text).toContain('This program uses openpgp@');
  expect(text.match(/^ +GNU GENERAL PUBLIC LICENSE\n +Version 3, 29 June 2007$/gm)).toHaveLength(1);
  expect(text).not.toContain('@action-validator/core');
});
