/**
 * Who a secret is sealed to: a list of age X25519 recipients or of armored OpenPGP
 * public keys, checked entry by entry so a mistake names the entry and what to give
 * instead — and never repeats what was given, in case a secret was pasted by mistake.
 */
import type { Key, PublicKey } from 'openpgp';
import { loadAge, loadOpenPgp } from './libraries';

export type RecipientKind = 'age' | 'openpgp';

export interface Recipients {
  readonly kind: RecipientKind;
  /**
   * Sorted, stable, human-readable: "age:age1…" or "openpgp:<fingerprint, uppercase hex>",
   * several joined by ", ". The same keys in another order or formatting give the same string.
   */
  readonly fingerprint: string;
  readonly count: number;
}

export class RecipientError extends Error {
  constructor(
    /** Which entry of the list, 0-based. */
    readonly index: number,
    message: string,
  ) {
    super(message);
    this.name = 'RecipientError';
  }
}

/** What seal() encrypts to, kept beside the Recipients object rather than on it. */
export type SealingKeys =
  | { readonly kind: 'age'; readonly recipients: readonly string[] }
  | { readonly kind: 'openpgp'; readonly keys: readonly PublicKey[] };

const sealingKeys = new WeakMap<Recipients, SealingKeys>();

export function sealingKeysOf(recipients: Recipients): SealingKeys {
  const keys = sealingKeys.get(recipients);
  if (!keys) throw new TypeError('seal() takes the Recipients that parseRecipients() returned');
  return keys;
}

const WHAT_TO_GIVE = 'an age recipient ("age1…") or an armored OpenPGP public key';
const OPENPGP_PUBLIC = '-----BEGIN PGP PUBLIC KEY BLOCK-----';
const OPENPGP_PRIVATE = '-----BEGIN PGP PRIVATE KEY BLOCK-----';

/**
 * Parses and validates a list of public keys. `list` names the list in messages
 * ("secret_recipients[1] is …"). An empty list throws: callers decide what "none" means.
 */
export async function parseRecipients(
  keys: readonly string[],
  list = 'secret_recipients',
): Promise<Recipients> {
  if (keys.length === 0) throw new RecipientError(0, `${list} is empty; give at least ${WHAT_TO_GIVE}`);
  const kinds = keys.map((key, index) => classify(key, `${list}[${index}]`, index));
  const kind = kinds[0];
  const other = kinds.findIndex((k) => k !== kind);
  if (other !== -1)
    throw new RecipientError(
      other,
      `${list}[${other}] is ${describe(kinds[other])} but ${list}[0] is ${describe(kind)}; ` +
        'one sealed value has one format: use one kind per list',
    );
  const sealing: SealingKeys =
    kind === 'age'
      ? { kind, recipients: await parseAge(keys, list) }
      : { kind, keys: await parseOpenPgp(keys, list) };
  const names =
    sealing.kind === 'age'
      ? sealing.recipients.map((recipient) => `age:${recipient}`)
      : sealing.keys.map((key) => `openpgp:${key.getFingerprint().toUpperCase()}`);
  const first = new Map<string, number>();
  names.forEach((name, index) => {
    const earlier = first.get(name);
    if (earlier !== undefined)
      throw new RecipientError(
        index,
        `${list}[${index}] is the same key as ${list}[${earlier}]; give it once`,
      );
    first.set(name, index);
  });
  const recipients: Recipients = Object.freeze({
    kind,
    fingerprint: [...names].sort().join(', '),
    count: names.length,
  });
  sealingKeys.set(recipients, sealing);
  return recipients;
}

function describe(kind: RecipientKind): string {
  return kind === 'age' ? 'an age recipient' : 'an OpenPGP key';
}

function classify(key: string, where: string, index: number): RecipientKind {
  const text = key.trim();
  const fail = (message: string) => new RecipientError(index, `${where} ${message}`);
  if (text === '') throw fail(`is empty; give ${WHAT_TO_GIVE}`);
  if (/^AGE-SECRET-KEY-/i.test(text))
    throw fail(
      'is an age identity, a secret key: give its recipient instead ("age1…", which `age-keygen -y` prints), ' +
        'and treat that identity as exposed',
    );
  if (text.includes(OPENPGP_PRIVATE))
    throw fail(
      'is an OpenPGP private key: give its public half instead (`gpg --armor --export KEY_ID`), ' +
        'and treat that private key as exposed',
    );
  if (/^age1/i.test(text)) return 'age';
  if (text.startsWith(OPENPGP_PUBLIC)) return 'openpgp';
  throw fail(`is not an age recipient ("age1…") nor an armored OpenPGP public key (${OPENPGP_PUBLIC})`);
}

async function parseAge(keys: readonly string[], list: string): Promise<string[]> {
  const age = await loadAge();
  return keys.map((key, index) => {
    const trimmed = key.trim();
    // Bech32 is case-insensitive when not mixed; age writes it in lower case.
    const recipient = trimmed === trimmed.toUpperCase() ? trimmed.toLowerCase() : trimmed;
    const where = `${list}[${index}]`;
    if (/^age1(pq|tag|tagpq)1/.test(recipient))
      throw new RecipientError(
        index,
        `${where} is a post-quantum or hardware-tag age recipient; only X25519 recipients ` +
          '("age1…", from `age-keygen`) are supported',
      );
    try {
      new age.Encrypter().addRecipient(recipient);
    } catch {
      throw new RecipientError(
        index,
        `${where} is not a valid age recipient (a mistyped or truncated "age1…"?); ` +
          'copy it again from `age-keygen -y IDENTITY_FILE`',
      );
    }
    return recipient;
  });
}

async function parseOpenPgp(keys: readonly string[], list: string): Promise<PublicKey[]> {
  const openpgp = await loadOpenPgp();
  const parsed: PublicKey[] = [];
  for (const [index, key] of keys.entries()) {
    const where = `${list}[${index}]`;
    let found: Key[];
    try {
      found = await openpgp.readKeys({ armoredKeys: key.trim() });
    } catch {
      throw new RecipientError(
        index,
        `${where} is not a readable armored OpenPGP public key (damaged or truncated?); ` +
          'export it again with `gpg --armor --export KEY_ID`',
      );
    }
    if (found.length !== 1)
      throw new RecipientError(index, `${where} holds ${found.length} keys; give one key per entry`);
    const [read] = found;
    if (read.isPrivate())
      throw new RecipientError(
        index,
        `${where} is an OpenPGP private key: give its public half instead (\`gpg --armor --export KEY_ID\`), ` +
          'and treat that private key as exposed',
      );
    const fingerprint = read.getFingerprint().toUpperCase();
    try {
      await read.getEncryptionKey();
    } catch {
      throw new RecipientError(
        index,
        `${where} (OpenPGP key ${fingerprint}) cannot encrypt: it is expired or revoked, or has no ` +
          'encryption subkey; give a key that can (`gpg --quick-add-key FINGERPRINT cv25519 encr`)',
      );
    }
    parsed.push(read.toPublic());
  }
  return parsed;
}
