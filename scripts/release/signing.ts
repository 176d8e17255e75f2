/**
 * The detached OpenPGP signature of a release's SHA256SUMS, made by `gpg`. Where the key
 * comes from, read from the environment:
 *
 * - RELEASE_GPG_PRIVATE_KEY: an ASCII-armored secret key (a CI secret). It is imported into
 *   a temporary GNUPGHOME, used, and removed with it.
 * - RELEASE_GPG_KEY_ID: a key already in gpg's keyring (GNUPGHOME, else ~/.gnupg); with
 *   RELEASE_GPG_PRIVATE_KEY, picks one of the imported keys.
 * - RELEASE_GPG_PASSPHRASE: the key's passphrase, if it has one (given to gpg on its stdin).
 * - none of them: a throwaway key, made in a temporary GNUPGHOME and gone after signing, so
 *   a plain `npm run release` still makes the whole layout; its public half is written
 *   beside the sums like a real key's, and the result says it was a throwaway.
 *
 * Key material and the passphrase never reach argv, logs or error messages.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SigningResult {
  /** The signing key's fingerprint. */
  readonly fingerprint: string;
  /** Made for this release and destroyed: the signature proves nothing beyond integrity. */
  readonly throwaway: boolean;
  /** Where its public half (ASCII armor) was written. */
  readonly publicKeyFile: string;
}

export interface SignOptions {
  /** The file to sign; the signature goes to `signatureFile`, binary, detached. */
  readonly file: string;
  readonly signatureFile: string;
  readonly publicKeyFile: string;
  readonly env?: NodeJS.ProcessEnv;
}

export const THROWAWAY_UID = 'terraform-provider-infomaniakmail throwaway release key <release@invalid>';

export async function signDetached(opts: SignOptions): Promise<SigningResult> {
  const env = opts.env ?? process.env;
  const armored = env.RELEASE_GPG_PRIVATE_KEY?.trim();
  const keyId = env.RELEASE_GPG_KEY_ID?.trim() || undefined;
  const passphrase = env.RELEASE_GPG_PASSPHRASE || undefined;
  // A home of our own unless the key is in the caller's keyring.
  const home = armored || !keyId ? mkdtempSync(join(tmpdir(), 'release-gpg-')) : undefined;
  // gpg gets the key on its stdin only: the secret variables stay out of its environment.
  const { RELEASE_GPG_PRIVATE_KEY: _key, RELEASE_GPG_PASSPHRASE: _passphrase, ...inherited } = process.env;
  const gpgEnv: NodeJS.ProcessEnv = { ...inherited, ...(home ? { GNUPGHOME: home } : {}) };
  if (!home && env.GNUPGHOME) gpgEnv.GNUPGHOME = env.GNUPGHOME;
  const gpg = (args: readonly string[], stdin = ''): Promise<string> => run('gpg', args, gpgEnv, stdin);
  try {
    let key = keyId;
    if (armored) {
      await gpg(['--batch', '--import'], `${armored}\n`);
      key ??= await onlySecretKey(gpg, 'RELEASE_GPG_PRIVATE_KEY');
    } else if (!key) {
      await gpg([
        '--batch',
        '--passphrase',
        '',
        '--quick-gen-key',
        THROWAWAY_UID,
        'rsa3072',
        'sign',
        'never',
      ]);
      key = await onlySecretKey(gpg, 'the throwaway key');
    }
    const fingerprint = await fingerprintOf(gpg, key);
    const unlock = passphrase ? ['--pinentry-mode', 'loopback', '--passphrase-fd', '0'] : [];
    await gpg(
      [
        '--batch',
        '--yes',
        ...unlock,
        '--local-user',
        fingerprint,
        '--detach-sign',
        '--output',
        opts.signatureFile,
        opts.file,
      ],
      passphrase ? `${passphrase}\n` : '',
    );
    writeFileSync(opts.publicKeyFile, await gpg(['--batch', '--armor', '--export', fingerprint]));
    return { fingerprint, throwaway: !armored && !keyId, publicKeyFile: opts.publicKeyFile };
  } finally {
    if (home) {
      // The agent gpg started for this home would outlive it otherwise.
      await run('gpgconf', ['--kill', 'all'], gpgEnv).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
  }
}

type Gpg = (args: readonly string[], stdin?: string) => Promise<string>;

async function onlySecretKey(gpg: Gpg, what: string): Promise<string> {
  const fingerprints = primaryFingerprints(await gpg(['--batch', '--with-colons', '--list-secret-keys']));
  if (fingerprints.length !== 1)
    throw new Error(
      `${what} holds ${fingerprints.length} secret keys: set RELEASE_GPG_KEY_ID to the one to sign with`,
    );
  return fingerprints[0];
}

async function fingerprintOf(gpg: Gpg, key: string): Promise<string> {
  const listed = await gpg(['--batch', '--with-colons', '--list-secret-keys', key]).catch(() => '');
  const fingerprints = primaryFingerprints(listed);
  if (fingerprints.length !== 1)
    throw new Error(`RELEASE_GPG_KEY_ID names ${fingerprints.length} secret keys in gpg's keyring, not one`);
  return fingerprints[0];
}

/** The fingerprints of the primary keys in `gpg --with-colons` output (the fpr after each sec). */
export function primaryFingerprints(colons: string): string[] {
  const out: string[] = [];
  let afterPrimary = false;
  for (const line of colons.split('\n')) {
    const fields = line.split(':');
    if (fields[0] === 'sec') afterPrimary = true;
    else if (fields[0] === 'fpr' && afterPrimary) {
      out.push(fields[9]);
      afterPrimary = false;
    } else if (fields[0] === 'ssb') afterPrimary = false;
  }
  return out;
}

/** Runs a command; secrets go through stdin only, so argv and gpg's stderr are safe to show. */
function run(command: string, args: readonly string[], env: NodeJS.ProcessEnv, stdin = ''): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.on('error', (e) => reject(new Error(`cannot run ${command}: ${e.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}): ${err.trim()}`)),
    );
    // gpg may exit without reading its input (an --export): the EPIPE that writing then meets
    // is not the outcome, the exit status is.
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}
