/**
 * What keeps `/__sandbox/verify` at one scrypt per call. Trying a password on every
 * device of an address costs one scrypt (~40 ms) per device: 200 verifies on an address
 * of 200 devices took over ten minutes.
 *
 * The sandbox knows each password it generates for an instant. It then keeps, in memory
 * only, an HMAC of it under a key made at start-up, filed by the password's scrypt hash. A
 * verify computes that HMAC once and runs scrypt only on the hashes it names. The data
 * file is unchanged: it still holds nothing quicker to attack than scrypt hashes, and
 * files of earlier runs keep working. Hashes the index does not know (the seed's, a data
 * file's after a restart) are tried one by one as before; each one that opens is then known.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { hashPassword, verifyPassword } from './passwords';

export class PasswordIndex {
  readonly #key = randomBytes(32);
  /** scrypt hash → HMAC of the password it was made from. */
  readonly #lookups = new Map<string, string>();

  /** hashPassword, remembering which password the hash is of. */
  async hash(password: string): Promise<string> {
    const hash = await hashPassword(password);
    this.#lookups.set(hash, this.lookup(password));
    return hash;
  }

  /** The hash is no longer stored anywhere (regenerated, revoked). */
  forget(hash: string): void {
    this.#lookups.delete(hash);
  }

  /** True iff `password` opens one of `hashes`. */
  async opensAny(password: string, hashes: readonly string[]): Promise<boolean> {
    const lookup = this.lookup(password);
    for (const hash of hashes)
      if (this.#lookups.get(hash) === lookup && (await verifyPassword(password, hash))) return true;
    const unknown = hashes.filter((hash) => !this.#lookups.has(hash));
    const opened = await Promise.all(unknown.map((hash) => verifyPassword(password, hash)));
    unknown.filter((_, i) => opened[i]).forEach((hash) => this.#lookups.set(hash, lookup));
    return opened.some(Boolean);
  }

  private lookup(password: string): string {
    return createHmac('sha256', this.#key).update(password).digest('base64url');
  }
}
