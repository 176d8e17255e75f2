import { clearSecretsForTesting, redact, REDACTED, registerSecret } from './redaction';

/** What redaction must do, written the obvious way: one regular expression, longest secret first. */
function reference(text: string, secrets: readonly string[]): string {
  if (secrets.length === 0) return text;
  const escaped = [...secrets]
    .sort((a, b) => b.length - a.length)
    .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return text.replace(new RegExp(escaped.join('|'), 'g'), REDACTED);
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32;
  };
}

describe('redact', () => {
  afterEach(() => clearSecretsForTesting());

  it('returns the very same text when it holds no secret', () => {
    registerSecret('hunter22');
    const text = 'nothing to see here, not even hunter2';
    expect(redact(text)).toBe(text);
  });

  it('replaces the longest secret found at a position, then goes on after it', () => {
    for (const s of ['abcd', 'abcdef', 'cdefgh', 'wxyz']) registerSecret(s);
    expect(redact('xabcdefy')).toBe(`x${REDACTED}y`);
    // Leftmost first: "abcd…" wins over the "cdefgh" that overlaps it.
    expect(redact('abcdefgh')).toBe(`${REDACTED}gh`);
    expect(redact('wxyzwxyz abcd')).toBe(`${REDACTED}${REDACTED} ${REDACTED}`);
  });

  it('tells apart secrets that start alike', () => {
    registerSecret('pass1234');
    registerSecret('pass5678');
    expect(redact('pass1234 pass5678 pass9999')).toBe(`${REDACTED} ${REDACTED} pass9999`);
  });

  it('also replaces the JSON-escaped and URL-encoded forms of a secret', () => {
    const secret = 'p@ss"wo/rd\\';
    registerSecret(secret);
    const json = JSON.stringify({ secret });
    const url = `https://example.test/?q=${encodeURIComponent(secret)}`;
    expect(redact(json)).toBe(`{"secret":"${REDACTED}"}`);
    expect(redact(url)).toBe(`https://example.test/?q=${REDACTED}`);
  });

  it('ignores values too short to be secrets', () => {
    registerSecret('abc');
    registerSecret('');
    registerSecret(null);
    expect(redact('abc abc')).toBe('abc abc');
  });

  it('agrees with a regular expression of every secret, longest first, on random texts', () => {
    const next = random(20261207);
    const alphabet = 'abcdAB%"\\/ 12';
    const word = (min: number, max: number): string =>
      Array.from(
        { length: min + Math.floor(next() * (max - min + 1)) },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
    const registered: string[] = [];
    for (let i = 0; i < 300; i++) {
      // Some secrets extend others, so that prefixes and containment are exercised.
      const base = i > 0 && next() < 0.3 ? registered[Math.floor(next() * registered.length)] : '';
      const secret = base + word(base === '' ? 4 : 1, 9);
      registerSecret(secret);
      registered.push(secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret));
    }
    const forms = [...new Set(registered)];
    for (let i = 0; i < 500; i++) {
      const parts = Array.from({ length: 1 + Math.floor(next() * 6) }, () =>
        next() < 0.5 ? forms[Math.floor(next() * forms.length)] : word(0, 12),
      );
      const text = parts.join('');
      expect(redact(text)).toBe(reference(text, forms));
    }
  });
});
