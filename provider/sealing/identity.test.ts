import { inspect } from 'node:util';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import * as openpgp from 'openpgp';
import { loadIdentity } from './identity';
import { parseRecipients } from './recipients';
import { seal } from './seal';
import { unseal } from './unseal';

const userIDs = [{ name: 'Consumer', email: 'consumer@example.com' }];

/** Everything of a key's text that would give it away if a message quoted it. */
function secretParts(key: string): string[] {
  return key.split(/\r?\n/).filter((line) => line.length >= 16 && !line.startsWith('-----'));
}

describe('loadIdentity', () => {
  it('reads an age identity file with comments, blank lines and several identities', async () => {
    const [a, b] = [await generateIdentity(), await generateIdentity()];
    const file = `# created: 2026-01-01\n# public key: ${await identityToRecipient(a)}\n${a}\r\n\n  ${b}  \n`;
    const identity = await loadIdentity(file);
    expect(identity.kind).toBe('age');
    const recipients = await parseRecipients([await identityToRecipient(b)]);
    expect(await unseal(await seal('pw', recipients), identity)).toBe('pw');
  });

  it('carries no key material where a caller could print it', async () => {
    const age = await generateIdentity();
    const { privateKey } = await openpgp.generateKey({ userIDs });
    for (const [identity, secret] of [
      [await loadIdentity(age), [age]],
      [await loadIdentity(privateKey), secretParts(privateKey)],
    ] as const) {
      const shown = `${JSON.stringify(identity)} ${inspect(identity, { showHidden: true, depth: 9 })}`;
      for (const part of secret) expect(shown).not.toContain(part);
    }
  });

  it('says what an identity must be, quoting none of it', async () => {
    await expect(loadIdentity('hunter2')).rejects.toThrow(
      'the identity is neither an age identity file (lines "AGE-SECRET-KEY-1…") nor an armored OpenPGP private key',
    );
    const identity = await generateIdentity();
    const damaged = `${identity.slice(0, -1)}${identity.endsWith('Q') ? 'P' : 'Q'}`;
    await expect(loadIdentity(`# mine\n${damaged}`)).rejects.toThrow(
      'line 2 of the identity file is not a valid age identity (damaged or truncated?)',
    );
    await expect(loadIdentity(`${identity}\nsecret-looking-line`)).rejects.toThrow(
      'line 2 of the identity file is not an age identity ("AGE-SECRET-KEY-1…") nor a "#" comment',
    );
    await expect(loadIdentity(`${identity}\nsecret-looking-line`)).rejects.not.toThrow('secret-looking');
    await expect(loadIdentity('AGE-PLUGIN-YUBIKEY-1QQQ\nAGE-SECRET-KEY-1')).rejects.toThrow(
      'plugin identity',
    );
  });

  it('refuses public keys and encrypted identity files, saying what to give instead', async () => {
    await expect(loadIdentity(await identityToRecipient(await generateIdentity()))).rejects.toThrow(
      'the identity is an age recipient (a public key)',
    );
    const { publicKey } = await openpgp.generateKey({ userIDs });
    await expect(loadIdentity(publicKey)).rejects.toThrow('the identity is an OpenPGP public key');
    await expect(
      loadIdentity('-----BEGIN AGE ENCRYPTED FILE-----\nYWdl\n-----END AGE ENCRYPTED FILE-----'),
    ).rejects.toThrow('the identity is an age-encrypted file; decrypt it first');
    await expect(
      loadIdentity(
        '-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PRIVATE KEY BLOCK-----',
      ),
    ).rejects.toThrow('the identity is not a readable armored OpenPGP private key');
  });

  it('asks for a passphrase only for a protected OpenPGP key, and never repeats it', async () => {
    const plain = await openpgp.generateKey({ userIDs });
    const asked = jest.fn(async () => 'unused');
    await loadIdentity(plain.privateKey, asked);
    expect(asked).not.toHaveBeenCalled();

    const passphrase = 'correct horse battery staple';
    const locked = await openpgp.generateKey({ userIDs, passphrase });
    await expect(loadIdentity(locked.privateKey)).rejects.toThrow(
      'the OpenPGP private key is protected by a passphrase, and none was given',
    );
    const wrong = loadIdentity(locked.privateKey, async () => 'not the passphrase');
    await expect(wrong).rejects.toThrow(
      /^the passphrase does not unlock the OpenPGP private key [0-9A-F]{40}$/,
    );
    await expect(wrong).rejects.not.toThrow('not the passphrase');
    const refused = loadIdentity(locked.privateKey, async () => {
      throw new Error('set INFOMANIAK_MAIL_IDENTITY_PASSPHRASE');
    });
    await expect(refused).rejects.toThrow('set INFOMANIAK_MAIL_IDENTITY_PASSPHRASE');
    const right = jest.fn(async () => passphrase);
    expect((await loadIdentity(locked.privateKey, right)).kind).toBe('openpgp');
    expect(right).toHaveBeenCalledTimes(1);
  });
});
