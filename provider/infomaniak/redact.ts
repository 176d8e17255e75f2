/**
 * Removing secrets from text that may reach a person: a service that echoes the
 * submitted password in its error message must not leak it through ours.
 */
const REDACTED = '[redacted]';

/** Secrets shorter than this are not searched for: they would match ordinary words. */
const MIN_SECRET_LENGTH = 4;

export function scrub(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length >= MIN_SECRET_LENGTH) out = out.split(secret).join(REDACTED);
  }
  return out;
}

/** The secret strings a request body carries (chosen passwords), to scrub from answers. */
export function secretsOfBody(body: unknown): string[] {
  if (body === null || typeof body !== 'object') return [];
  const password = (body as { password?: unknown }).password;
  return typeof password === 'string' && password ? [password] : [];
}
