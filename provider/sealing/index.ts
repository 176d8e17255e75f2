/**
 * Sealing secrets to their consumers' public keys (age X25519 recipients or OpenPGP keys),
 * so that what Terraform stores is ciphertext only they can open. Knows nothing of
 * Terraform or the mail API; the cryptography is age-encryption's and openpgp's.
 */
export { isSealed } from './armor';
export { loadIdentity, type Identity } from './identity';
export { parseRecipients, RecipientError, type RecipientKind, type Recipients } from './recipients';
export { seal } from './seal';
export { unseal } from './unseal';
