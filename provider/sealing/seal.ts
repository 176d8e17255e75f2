/**
 * Encrypting a secret to its consumers' public keys, as ASCII armor that fits in a
 * Terraform string and that `age -d` or `gpg -d` (or `infomaniak-mail decrypt`) opens.
 */
import { loadAge, loadOpenPgp } from './libraries';
import { sealingKeysOf, type Recipients } from './recipients';

/** Encrypts to every recipient; returns an age-armored file or an armored OpenPGP message. */
export async function seal(plaintext: string, recipients: Recipients): Promise<string> {
  const keys = sealingKeysOf(recipients);
  const bytes = new TextEncoder().encode(plaintext);
  if (keys.kind === 'age') {
    const age = await loadAge();
    const encrypter = new age.Encrypter();
    for (const recipient of keys.recipients) encrypter.addRecipient(recipient);
    return age.armor.encode(await encrypter.encrypt(bytes));
  }
  const openpgp = await loadOpenPgp();
  // Binary literal data: the consumer gets these exact bytes back, with no line-ending rewriting.
  const message = await openpgp.createMessage({ binary: bytes });
  return openpgp.encrypt({ message, encryptionKeys: [...keys.keys], format: 'armored' });
}
