/**
 * Removing secrets from text that may reach a person: a service that echoes a
 * password or an invitation link in an error message must not leak it through ours.
 */
const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

export function scrub(text: string, secrets: Iterable<string>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** Keys whose string values are secrets wherever they appear in a body or an answer. */
const SECRET_KEYS = new Set(['password', 'short_url']);
/** Answers are small trees; this bounds the walk on anything odd. */
const MAX_DEPTH = 6;

/** The secret strings (passwords, invitation links) a request body or an answer carries. */
export function secretsOf(value: unknown, depth = 0): string[] {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return [];
  if (Array.isArray(value)) return value.flatMap((v) => secretsOf(v, depth + 1));
  const found: string[] = [];
  for (const [key, v] of Object.entries(value)) {
    if (SECRET_KEYS.has(key) && typeof v === 'string' && v) found.push(v);
    else if (typeof v === 'object') found.push(...secretsOf(v, depth + 1));
  }
  return found;
}

/**
 * Secrets learnt from answers, kept for the client's life so a later error that
 * echoes one (an invitation link read in a list) is scrubbed too. Bounded: the oldest
 * are forgotten first.
 */
export class SecretSet {
  readonly #values = new Set<string>();

  constructor(private readonly limit = 1000) {}

  add(values: Iterable<string>): void {
    for (const value of values) {
      if (value.length < MIN_SECRET_LENGTH) continue;
      this.#values.delete(value);
      this.#values.add(value);
      if (this.#values.size > this.limit) {
        const oldest = this.#values.values().next().value;
        if (oldest !== undefined) this.#values.delete(oldest);
      }
    }
  }

  values(): string[] {
    return [...this.#values];
  }
}
