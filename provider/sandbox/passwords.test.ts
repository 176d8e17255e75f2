import {
  GENERATED_PASSWORD_LENGTH,
  generatePassword,
  hashPassword,
  isPasswordHash,
  verifyPassword,
} from './passwords';

describe('passwords', () => {
  it('hashes with a fresh salt and verifies only the right password', async () => {
    const password = 'correct horse battery staple';
    const [a, b] = await Promise.all([hashPassword(password), hashPassword(password)]);
    expect(isPasswordHash(a)).toBe(true);
    expect(a).not.toBe(b);
    expect(a).not.toContain(password);
    await expect(verifyPassword(password, a)).resolves.toBe(true);
    await expect(verifyPassword(password, b)).resolves.toBe(true);
    await expect(verifyPassword(`${password}!`, a)).resolves.toBe(false);
  });

  it('never matches a malformed hash', async () => {
    await expect(verifyPassword('x', 'not-a-hash')).resolves.toBe(false);
    await expect(verifyPassword('x', 'x')).resolves.toBe(false);
    expect(isPasswordHash('a clear password of 16+ chars')).toBe(false);
  });

  it('generates strong, distinct passwords', () => {
    const passwords = new Set(Array.from({ length: 200 }, () => generatePassword()));
    expect(passwords.size).toBe(200);
    for (const p of passwords) {
      expect(p).toHaveLength(GENERATED_PASSWORD_LENGTH);
      expect(p).toMatch(/^[A-Za-z0-9]+$/);
      expect(p).toMatch(/[A-Z]/);
      expect(p).toMatch(/[a-z]/);
      expect(p).toMatch(/[0-9]/);
    }
  });
});
