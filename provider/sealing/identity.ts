/**
 * The consumer's side: a secret key that opens sealed values — an age identity file or an
 * armored OpenPGP private key. The key material stays in this module (the Identity object
 * a caller holds carries only its kind), and no message repeats any of the key's text.
 */
import type { PrivateKey } from 'openpgp';
import { loadAge, loadOpenPgp } from './libraries';
import type { RecipientKind } from './recipients';

export interface Identity {
  readonly kind: RecipientKind;
}

export type IdentityKeys =
  | {
      readonly kind: 'age';
      readonly identities: readonly string[];
      /** The public recipients, for messages. */
      readonly recipients: readonly string[];
    }
  | { readonly kind: 'openpgp'; readonly keys: readonly PrivateKey[] };

const identityKeys = new WeakMap<Identity, IdentityKeys>();

export function identityKeysOf(identity: Identity): IdentityKeys {
  const keys = identityKeys.get(identity);
  if (!keys) throw new TypeError('unseal() takes an Identity that loadIdentity() returned');
  return keys;
}

const OPENPGP_PRIVATE = '-----BEGIN PGP PRIVATE KEY BLOCK-----';
const OPENPGP_PUBLIC = '-----BEGIN PGP PUBLIC KEY BLOCK-----';

/**
 * Loads an age identity file ("AGE-SECRET-KEY-1…" lines, "#" comments, several identities
 * allowed) or an armored OpenPGP private key, calling `passphrase()` only when the key is
 * protected by one.
 */
export async function loadIdentity(text: string, passphrase?: () => Promise<string>): Promise<Identity> {
  const trimmed = text.trim();
  const keys: IdentityKeys = trimmed.includes(OPENPGP_PRIVATE)
    ? { kind: 'openpgp', keys: await loadOpenPgpKeys(trimmed, passphrase) }
    : await loadAgeIdentities(trimmed);
  const identity: Identity = Object.freeze({ kind: keys.kind });
  identityKeys.set(identity, keys);
  return identity;
}

async function loadAgeIdentities(text: string): Promise<IdentityKeys> {
  if (text.includes(OPENPGP_PUBLIC))
    throw new Error(
      'the identity is an OpenPGP public key; opening a sealed value needs the private key ' +
        '(`gpg --armor --export-secret-keys KEY_ID`)',
    );
  if (/^age1/im.test(text) && !/^AGE-SECRET-KEY-/im.test(text))
    throw new Error('the identity is an age recipient (a public key); give the identity file it comes from');
  if (text.startsWith('-----BEGIN AGE ENCRYPTED FILE-----'))
    throw new Error('the identity is an age-encrypted file; decrypt it first (`age -d`) and give the result');
  const lines = text.split(/\r?\n/);
  if (!lines.some((line) => /^AGE-SECRET-KEY-/i.test(line.trim())))
    throw new Error(
      'the identity is neither an age identity file (lines "AGE-SECRET-KEY-1…") nor an armored OpenPGP private key',
    );
  const age = await loadAge();
  const identities: string[] = [];
  const recipients: string[] = [];
  for (const [index, line] of lines.entries()) {
    const entry = line.trim();
    if (entry === '' || entry.startsWith('#')) continue;
    const where = `line ${index + 1} of the identity file`;
    if (entry.startsWith('AGE-PLUGIN-'))
      throw new Error(`${where} is a plugin identity, which needs its age plugin: use \`age -d\` for it`);
    if (!entry.startsWith('AGE-SECRET-KEY-'))
      throw new Error(`${where} is not an age identity ("AGE-SECRET-KEY-1…") nor a "#" comment`);
    try {
      recipients.push(await age.identityToRecipient(entry));
    } catch {
      throw new Error(`${where} is not a valid age identity (damaged or truncated?)`);
    }
    identities.push(entry);
  }
  return { kind: 'age', identities, recipients };
}

async function loadOpenPgpKeys(text: string, passphrase?: () => Promise<string>): Promise<PrivateKey[]> {
  const openpgp = await loadOpenPgp();
  let keys: PrivateKey[];
  try {
    keys = await openpgp.readPrivateKeys({ armoredKeys: text });
  } catch {
    throw new Error('the identity is not a readable armored OpenPGP private key (damaged or truncated?)');
  }
  if (keys.every((key) => key.isDecrypted())) return keys;
  if (!passphrase)
    throw new Error('the OpenPGP private key is protected by a passphrase, and none was given');
  const secret = await passphrase();
  return Promise.all(
    keys.map(async (privateKey) => {
      if (privateKey.isDecrypted()) return privateKey;
      try {
        return await openpgp.decryptKey({ privateKey, passphrase: secret });
      } catch {
        throw new Error(
          `the passphrase does not unlock the OpenPGP private key ${privateKey.getFingerprint().toUpperCase()}`,
        );
      }
    }),
  );
}
