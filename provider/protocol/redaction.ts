/**
 * The values no log line may contain, and the redaction that keeps them out. A plan of a
 * large organisation registers thousands (each device password, in three forms) and logs
 * thousands of lines at debug level, so a line is checked in one pass over its text: at each
 * position, only the secrets that start with the same few characters are compared, however
 * many secrets there are. A registration costs one insertion, never a rebuild.
 */

export const REDACTED = '(sensitive)';

/** Shorter values would blank out ordinary words; no real secret is this short. */
const MIN_SECRET_LENGTH = 4;

const secrets = new Set<string>();
/** Secrets by a hash of their first MIN_SECRET_LENGTH characters, each list longest first. */
const byPrefix = new Map<number, string[]>();

/** A hash of the MIN_SECRET_LENGTH characters at `at`; equal prefixes hash alike, and startsWith settles collisions. */
function prefixHash(text: string, at: number): number {
  let h = 0;
  for (let i = at; i < at + MIN_SECRET_LENGTH; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}

function add(secret: string): void {
  if (secrets.has(secret)) return;
  secrets.add(secret);
  const key = prefixHash(secret, 0);
  const list = byPrefix.get(key);
  if (!list) {
    byPrefix.set(key, [secret]);
    return;
  }
  // Longest first, so that a secret containing another is replaced whole.
  const at = list.findIndex((s) => s.length < secret.length);
  list.splice(at === -1 ? list.length : at, 0, secret);
}

/**
 * Registers a value that must never appear in a log line. Registering is
 * idempotent and cheap; call it as soon as a secret is known (decoded config,
 * a password returned by an API), before anything might log it.
 */
export function registerSecret(value: string | null | undefined): void {
  if (typeof value !== 'string' || value.length < MIN_SECRET_LENGTH || secrets.has(value)) return;
  add(value);
  // Also the forms a secret takes once escaped in JSON or URL-encoded.
  add(JSON.stringify(value).slice(1, -1));
  add(encodeURIComponent(value));
}

/** For tests only: forget every registered secret. */
export function clearSecretsForTesting(): void {
  secrets.clear();
  byPrefix.clear();
}

/**
 * The text with every registered secret replaced by REDACTED: scanning from the left, the
 * longest secret found at a position is replaced, and the scan goes on after it.
 */
export function redact(text: string): string {
  if (secrets.size === 0 || text.length < MIN_SECRET_LENGTH) return text;
  let out = '';
  let copied = 0;
  let i = 0;
  while (i + MIN_SECRET_LENGTH <= text.length) {
    const found = byPrefix.get(prefixHash(text, i))?.find((s) => text.startsWith(s, i));
    if (found === undefined) {
      i += 1;
      continue;
    }
    out += `${text.slice(copied, i)}${REDACTED}`;
    i += found.length;
    copied = i;
  }
  return copied === 0 ? text : out + text.slice(copied);
}
