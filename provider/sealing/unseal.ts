/**
 * Opening a sealed value with the consumer's identity. When the identity is not one the
 * value was sealed to, the error says so and names only public keys.
 */
import type { Message } from 'openpgp';
import { sealedKind } from './armor';
import { identityKeysOf, type Identity, type IdentityKeys } from './identity';
import { loadAge, loadOpenPgp } from './libraries';
import type { RecipientKind } from './recipients';

const NAMES: Record<RecipientKind, string> = { age: 'age', openpgp: 'OpenPGP' };

/** Decrypts; throws an Error saying the identity does not match (naming no secret) when it cannot. */
export async function unseal(ciphertext: string, identity: Identity): Promise<string> {
  const keys = identityKeysOf(identity);
  const kind = sealedKind(ciphertext);
  if (kind === undefined)
    throw new Error('the value is not sealed: expected an age-armored file or an armored OpenPGP message');
  if (kind !== keys.kind)
    throw new Error(
      `the value is sealed with ${NAMES[kind]} but the identity is an ${NAMES[keys.kind]} key; ` +
        'use the identity it was sealed to',
    );
  return keys.kind === 'age' ? unsealAge(ciphertext, keys) : unsealOpenPgp(ciphertext, keys);
}

async function unsealAge(ciphertext: string, keys: IdentityKeys & { kind: 'age' }): Promise<string> {
  const age = await loadAge();
  let file: Uint8Array;
  try {
    file = age.armor.decode(ciphertext);
  } catch {
    throw new Error('the sealed value is damaged: its age armor does not decode');
  }
  const decrypter = new age.Decrypter();
  for (const identity of keys.identities) decrypter.addIdentity(identity);
  try {
    return await decrypter.decrypt(file, 'text');
  } catch (error) {
    if ((error as Error).message.includes('no identity matched'))
      throw new Error(
        `the identity does not match: the value is not sealed to ${list(keys.recipients.map(short))}`,
      );
    throw new Error('the sealed value is damaged: age cannot decrypt it');
  }
}

async function unsealOpenPgp(ciphertext: string, keys: IdentityKeys & { kind: 'openpgp' }): Promise<string> {
  const openpgp = await loadOpenPgp();
  let message: Message<string>;
  try {
    message = await openpgp.readMessage({ armoredMessage: ciphertext.trim() });
  } catch {
    throw new Error('the sealed value is damaged: it is not a readable OpenPGP message');
  }
  const ours = new Set(keys.keys.flatMap((key) => key.getKeyIDs().map((id) => id.toHex())));
  const sealedTo = message.getEncryptionKeyIDs();
  // Anonymous recipients (all-zero key IDs, `gpg --throw-keyids`) can only be tried.
  const anonymous = sealedTo.some((id) => /^0+$/.test(id.toHex()));
  const fingerprints = list(keys.keys.map((key) => key.getFingerprint().toUpperCase()));
  if (!anonymous && !sealedTo.some((id) => ours.has(id.toHex())))
    throw new Error(
      `the identity does not match: the value is sealed to OpenPGP key ID(s) ` +
        `${list(sealedTo.map((id) => id.toHex().toUpperCase()))}, not to ${fingerprints}`,
    );
  try {
    const { data } = await openpgp.decrypt({ message, decryptionKeys: [...keys.keys], format: 'binary' });
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new Error(
      anonymous
        ? `the identity does not match: ${fingerprints} cannot decrypt the value`
        : `the sealed value is damaged: ${fingerprints} is among its recipients but cannot decrypt it`,
    );
  }
}

/** Post-quantum age recipients run to ~2000 characters; X25519 ones (62) are shown whole. */
function short(recipient: string): string {
  return recipient.length > 100 ? `${recipient.slice(0, 12)}…${recipient.slice(-8)}` : recipient;
}

function list(items: readonly string[]): string {
  return items.join(', ');
}
