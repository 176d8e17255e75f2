import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { primaryFingerprints, signDetached } from './signing';

let dir: string;
let homes: string[];
const savedTmp = process.env.TMPDIR;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'release-signing-'));
  homes = [];
  // signDetached's temporary GNUPGHOMEs go here, where the test can see them removed.
  process.env.TMPDIR = join(dir, 'tmp');
  mkdirSync(process.env.TMPDIR);
  writeFileSync(join(dir, 'SUMS'), 'abc  file.zip\n');
});
afterEach(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  for (const home of homes)
    execFileSync('gpgconf', ['--kill', 'all'], { env: { ...process.env, GNUPGHOME: home } });
  rmSync(dir, { recursive: true, force: true });
});

/** A GNUPGHOME of the test's own. */
function home(): string {
  const h = mkdtempSync(join(dir, 'gnupg-'));
  homes.push(h);
  return h;
}

const gpg = (h: string, args: string[], input?: string): string =>
  execFileSync('gpg', ['--batch', ...args], {
    env: { ...process.env, GNUPGHOME: h },
    input,
    encoding: 'utf8',
    stdio: ['pipe', 'pipe', 'pipe'],
  });

/** A key in home `h`; returns its fingerprint. */
function makeKey(h: string, passphrase = '', uid = 'Release Test <rt@invalid>'): string {
  gpg(h, [
    '--pinentry-mode',
    'loopback',
    '--passphrase',
    passphrase,
    '--quick-gen-key',
    uid,
    'rsa3072',
    'sign',
    'never',
  ]);
  return primaryFingerprints(gpg(h, ['--with-colons', '--list-secret-keys', uid]))[0];
}

/** Whether `gpg --verify` accepts the signature with the public key written beside it. */
function verifies(publicKey: string, signature = join(dir, 'SUMS.sig')): string {
  const h = home();
  gpg(h, ['--import', publicKey]);
  return gpg(h, ['--status-fd', '1', '--verify', signature, join(dir, 'SUMS')]);
}

const files = () => ({
  file: join(dir, 'SUMS'),
  signatureFile: join(dir, 'SUMS.sig'),
  publicKeyFile: join(dir, 'key.asc'),
});

test('with no key set: a throwaway key signs, its public half verifies, its home is gone', async () => {
  const r = await signDetached({ ...files(), env: {} });
  expect(r.throwaway).toBe(true);
  expect(r.fingerprint).toMatch(/^[0-9A-F]{40}$/);
  expect(verifies(r.publicKeyFile)).toMatch(new RegExp(`^\\[GNUPG:\\] VALIDSIG ${r.fingerprint} `, 'm'));
  expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
});

test('RELEASE_GPG_PRIVATE_KEY with its passphrase signs; a wrong passphrase fails without showing either', async () => {
  const source = home();
  const passphrase = 'correct horse battery staple';
  const fingerprint = makeKey(source, passphrase);
  const armored = gpg(source, [
    '--pinentry-mode',
    'loopback',
    '--passphrase',
    passphrase,
    '--armor',
    '--export-secret-keys',
    fingerprint,
  ]);
  expect(armored).toContain('BEGIN PGP PRIVATE KEY BLOCK');
  const env = { RELEASE_GPG_PRIVATE_KEY: armored, RELEASE_GPG_PASSPHRASE: passphrase };
  const r = await signDetached({ ...files(), env });
  expect(r).toMatchObject({ fingerprint, throwaway: false });
  expect(verifies(r.publicKeyFile)).toMatch(new RegExp(`^\\[GNUPG:\\] VALIDSIG ${fingerprint} `, 'm'));

  const wrong = 'not the passphrase';
  const failure = await signDetached({ ...files(), env: { ...env, RELEASE_GPG_PASSPHRASE: wrong } }).then(
    () => undefined,
    (e: Error) => e.message,
  );
  expect(failure).toMatch(/^gpg .*--detach-sign.* failed/);
  expect(failure).not.toContain(wrong);
  expect(failure).not.toContain(passphrase);
  expect(failure).not.toContain(armored.split('\n')[2]);
  expect(readdirSync(join(dir, 'tmp'))).toEqual([]);
});

test('RELEASE_GPG_KEY_ID signs with that key from the keyring GNUPGHOME names', async () => {
  const keyring = home();
  const fingerprint = makeKey(keyring);
  makeKey(keyring, '', 'Other <other@invalid>'); // a second key, which must not sign
  const r = await signDetached({ ...files(), env: { RELEASE_GPG_KEY_ID: fingerprint, GNUPGHOME: keyring } });
  expect(r).toMatchObject({ fingerprint, throwaway: false });
  expect(verifies(r.publicKeyFile)).toMatch(new RegExp(`^\\[GNUPG:\\] VALIDSIG ${fingerprint} `, 'm'));
  await expect(
    signDetached({ ...files(), env: { RELEASE_GPG_KEY_ID: 'nobody@invalid', GNUPGHOME: keyring } }),
  ).rejects.toThrow("RELEASE_GPG_KEY_ID names 0 secret keys in gpg's keyring, not one");
});

test('fingerprints of primary keys, not of their subkeys', () => {
  const colons = [
    'sec:u:3072:1:AAAA:1::::::',
    'fpr:::::::::1111111111111111111111111111111111111111:',
    'ssb:u:3072:1:BBBB:1::::::',
    'fpr:::::::::2222222222222222222222222222222222222222:',
    'sec:u:255:22:CCCC:1::::::',
    'fpr:::::::::3333333333333333333333333333333333333333:',
  ].join('\n');
  expect(primaryFingerprints(colons)).toEqual(['1'.repeat(40), '3'.repeat(40)]);
});
