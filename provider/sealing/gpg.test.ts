/**
 * Interop with the real GnuPG: what seal() makes, `gpg -d` opens, and what `gpg -e` makes,
 * unseal() opens — for keys made by openpgp and keys made by gpg itself.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as openpgp from 'openpgp';
import { loadIdentity, parseRecipients, seal, unseal } from './index';

const PASSWORD = 'pässwörd from the provider 🔑';
let home: string;

function gpg(args: string[], input?: string): string {
  const result = spawnSync('gpg', ['--batch', '--yes', '--no-tty', ...args], {
    env: { ...process.env, GNUPGHOME: home },
    input,
    encoding: 'utf8',
  });
  if (result.error)
    throw new Error(`gpg could not run (${result.error.message}): these tests need GnuPG on PATH`);
  if (result.status !== 0) throw new Error(`gpg ${args.join(' ')} failed: ${result.stderr}`);
  return result.stdout;
}

beforeAll(() => {
  const found = spawnSync('gpg', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0)
    throw new Error(
      'gpg is not on PATH: the OpenPGP interop tests need GnuPG installed (e.g. apt-get install gnupg)',
    );
  home = mkdtempSync(join(tmpdir(), 'sealing-gpg-'));
});

afterAll(() => {
  if (!home) return;
  spawnSync('gpgconf', ['--kill', 'gpg-agent'], { env: { ...process.env, GNUPGHOME: home } });
  rmSync(home, { recursive: true, force: true });
});

describe('OpenPGP interop with gpg', () => {
  it('gpg opens what seal() made for a key from openpgp, and unseal() opens what gpg made for it', async () => {
    const { privateKey, publicKey } = await openpgp.generateKey({
      userIDs: [{ name: 'Consumer', email: 'consumer@example.com' }],
    });
    gpg(['--import'], privateKey);
    const sealed = await seal(PASSWORD, await parseRecipients([publicKey]));
    expect(gpg(['--decrypt'], sealed)).toBe(PASSWORD);

    const fingerprint = (await openpgp.readKey({ armoredKey: publicKey })).getFingerprint();
    const fromGpg = gpg(
      ['--armor', '--trust-model', 'always', '--encrypt', '--recipient', fingerprint],
      PASSWORD,
    );
    expect(await unseal(fromGpg, await loadIdentity(privateKey))).toBe(PASSWORD);
  });

  it('does the same for a passphrase-protected key that gpg made', async () => {
    const passphrase = 'gpg made this one';
    const unlock = ['--pinentry-mode', 'loopback', '--passphrase', passphrase];
    gpg([
      ...unlock,
      '--quick-generate-key',
      'Made By Gpg <gpg@example.com>',
      'future-default',
      'default',
      'never',
    ]);
    const publicKey = gpg(['--armor', '--export', 'gpg@example.com']);
    const privateKey = gpg([...unlock, '--armor', '--export-secret-keys', 'gpg@example.com']);
    const identity = await loadIdentity(privateKey, async () => passphrase);

    const sealed = await seal(PASSWORD, await parseRecipients([publicKey]));
    expect(gpg([...unlock, '--decrypt'], sealed)).toBe(PASSWORD);
    const fromGpg = gpg(
      ['--armor', '--trust-model', 'always', '--encrypt', '--recipient', 'gpg@example.com'],
      PASSWORD,
    );
    expect(await unseal(fromGpg, identity)).toBe(PASSWORD);
  });
});
