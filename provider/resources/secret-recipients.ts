/**
 * `secret_recipients`: the public keys a resource's secrets are encrypted to the moment
 * the API hands them over, so state, plans and logs hold only ciphertext. The provider
 * block sets the default; a resource's own list overrides it, and an empty list opts the
 * resource out (plaintext, sensitive).
 *
 * The keys are parsed by provider/sealing, loaded only when some configuration sets
 * recipients: a provider without them never loads the cryptography libraries.
 */
import { attr, attrPath, isUnknown, type Diagnostics } from '../framework';
import type { Recipients } from '../sealing';

export const SECRET_RECIPIENTS = 'secret_recipients';

/** The attribute, on the provider block or on a resource; the description says which secret it protects. */
export function secretRecipientsAttribute(description: string) {
  return attr.list('string', { optional: true, description });
}

/** What the sealing module offers; loaded on first use. */
type Sealing = typeof import('../sealing');
let sealing: Promise<Sealing> | undefined;
export function loadSealing(): Promise<Sealing> {
  sealing ??= import('../sealing');
  return sealing;
}

/**
 * Parses recipient lists once per provider process: a thousand devices sharing the
 * provider's list parse it once.
 */
export class RecipientsCache {
  private readonly parsed = new Map<string, Promise<Recipients>>();

  constructor(
    /** The provider block's list; null when it sets none. */
    readonly providerDefault: readonly string[] | null,
  ) {}

  /**
   * The recipients that apply to a resource: its own list when set (empty = none), else
   * the provider's. Unknown when the resource's list is not known yet.
   */
  effectiveKeys(own: unknown): readonly string[] | null | 'unknown' {
    if (isUnknown(own) || (Array.isArray(own) && own.some(isUnknown))) return 'unknown';
    const keys = Array.isArray(own) ? (own as string[]) : this.providerDefault;
    return keys === null || keys.length === 0 ? null : keys;
  }

  /** Parsed recipients; throws the sealing module's RecipientError for a bad key. */
  recipients(keys: readonly string[]): Promise<Recipients> {
    const id = JSON.stringify(keys);
    let found = this.parsed.get(id);
    if (!found) {
      found = loadSealing().then((s) => s.parseRecipients(keys));
      // A failed parse is not kept: the next call reports it again, with its diagnostics.
      found.catch(() => this.parsed.delete(id));
      this.parsed.set(id, found);
    }
    return found;
  }

  /** The fingerprint a plan shows for a resource: null without recipients, unknown when they are. */
  async fingerprint(own: unknown): Promise<string | null | 'unknown'> {
    const keys = this.effectiveKeys(own);
    if (keys === null || keys === 'unknown') return keys;
    return (await this.recipients(keys)).fingerprint;
  }
}

/**
 * Validates a configured list at validate time: each bad key is an error on its own
 * element (`secret_recipients[1]`), with what to give instead. Values are never echoed:
 * someone may paste a private key by mistake.
 */
export async function validateRecipients(value: unknown, diagnostics: Diagnostics): Promise<void> {
  if (!Array.isArray(value) || value.length === 0 || value.some((k) => typeof k !== 'string')) return;
  const { parseRecipients, RecipientError } = await loadSealing();
  try {
    await parseRecipients(value as string[]);
  } catch (error) {
    if (!(error instanceof RecipientError)) throw error;
    diagnostics.error(
      `Invalid ${SECRET_RECIPIENTS}[${error.index}]`,
      `${error.message} Give age X25519 recipients ("age1…", from age-keygen) or armored OpenPGP public ` +
        'keys (gpg --armor --export KEY_ID), all of one kind, or an empty list for no encryption.',
      attrPath(SECRET_RECIPIENTS, error.index),
    );
  }
}

/** Seals one resource's secrets to the keys that apply to it. */
export interface Sealer {
  readonly fingerprint: string;
  seal(plaintext: string): Promise<string>;
}

/**
 * The sealer for a resource at apply time (its configuration is wholly known then), or
 * null when no recipients apply. Called before the API is asked for a secret, so a key
 * that cannot be used stops the apply before anything is created.
 */
export async function sealerFor(cache: RecipientsCache, own: unknown): Promise<Sealer | null> {
  const keys = cache.effectiveKeys(own);
  if (keys === null) return null;
  if (keys === 'unknown') throw new Error('secret_recipients is not known at apply time');
  const recipients = await cache.recipients(keys);
  const { seal } = await loadSealing();
  return { fingerprint: recipients.fingerprint, seal: (plaintext) => seal(plaintext, recipients) };
}
