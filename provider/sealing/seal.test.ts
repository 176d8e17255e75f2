import { generateIdentity, identityToRecipient } from 'age-encryption';
import * as openpgp from 'openpgp';
import { isSealed, loadIdentity, parseRecipients, seal, unseal, type Recipients } from './index';

const userIDs = [{ name: 'Consumer', email: 'consumer@example.com' }];
const PASSWORD = 'pässwörd 🔑 with "quotes"\r\nand two lines';

async function ageIdentities(count: number) {
  return Promise.all(
    Array.from({ length: count }, async () => {
      const identity = await generateIdentity();
      return { identity, recipient: await identityToRecipient(identity) };
    }),
  );
}

describe('seal and unseal', () => {
  it('round-trips through age, for each of several recipients, exactly', async () => {
    const people = await ageIdentities(3);
    const sealed = await seal(PASSWORD, await parseRecipients(people.map((p) => p.recipient)));
    expect(sealed).toMatch(
      /^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+\n-----END AGE ENCRYPTED FILE-----\n$/,
    );
    expect(isSealed(sealed)).toBe(true);
    expect(sealed).not.toContain('pässwörd');
    for (const { identity } of people)
      expect(await unseal(sealed, await loadIdentity(identity))).toBe(PASSWORD);
  });

  it('round-trips through OpenPGP, for keys with and without a passphrase and a v6 key', async () => {
    const passphrase = 'a long passphrase';
    const plain = await openpgp.generateKey({ userIDs });
    const locked = await openpgp.generateKey({ userIDs, passphrase });
    const v6 = await openpgp.generateKey({ userIDs, config: { v6Keys: true } });
    const recipients = await parseRecipients([plain.publicKey, locked.publicKey, v6.publicKey]);
    const sealed = await seal(PASSWORD, recipients);
    expect(sealed).toMatch(/^-----BEGIN PGP MESSAGE-----\n[\s\S]+\n-----END PGP MESSAGE-----\n$/);
    expect(isSealed(sealed)).toBe(true);
    expect(await unseal(sealed, await loadIdentity(plain.privateKey))).toBe(PASSWORD);
    expect(await unseal(sealed, await loadIdentity(locked.privateKey, async () => passphrase))).toBe(
      PASSWORD,
    );
    expect(await unseal(sealed, await loadIdentity(v6.privateKey))).toBe(PASSWORD);
  });

  it('seals anew each time: the same secret never gives the same text', async () => {
    const [person] = await ageIdentities(1);
    const recipients = await parseRecipients([person.recipient]);
    expect(await seal('same', recipients)).not.toBe(await seal('same', recipients));
  });

  it('says when the identity does not match, naming only public keys', async () => {
    const [owner, stranger] = await ageIdentities(2);
    const sealed = await seal(PASSWORD, await parseRecipients([owner.recipient]));
    const wrong = unseal(sealed, await loadIdentity(stranger.identity));
    await expect(wrong).rejects.toThrow(
      `the identity does not match: the value is not sealed to ${stranger.recipient}`,
    );
    await expect(wrong).rejects.not.toThrow(stranger.identity.slice(16, 40));

    const [mine, theirs] = [await openpgp.generateKey({ userIDs }), await openpgp.generateKey({ userIDs })];
    const pgp = await seal(PASSWORD, await parseRecipients([mine.publicKey]));
    const failure = unseal(pgp, await loadIdentity(theirs.privateKey));
    await expect(failure).rejects.toThrow(
      /^the identity does not match: the value is sealed to OpenPGP key ID\(s\) [0-9A-F]{16}, not to [0-9A-F]{40}$/,
    );
  });

  it('says when the value is of the other kind, or no sealed value, or damaged', async () => {
    const [person] = await ageIdentities(1);
    const { privateKey, publicKey } = await openpgp.generateKey({ userIDs });
    const ageSealed = await seal(PASSWORD, await parseRecipients([person.recipient]));
    const pgpSealed = await seal(PASSWORD, await parseRecipients([publicKey]));
    await expect(unseal(ageSealed, await loadIdentity(privateKey))).rejects.toThrow(
      'the value is sealed with age but the identity is an OpenPGP key; use the identity it was sealed to',
    );
    await expect(unseal(pgpSealed, await loadIdentity(person.identity))).rejects.toThrow(
      'the value is sealed with OpenPGP but the identity is an age key',
    );
    await expect(unseal('hunter2', await loadIdentity(person.identity))).rejects.toThrow(
      'the value is not sealed',
    );
    const lines = ageSealed.split('\n');
    lines[2] = lines[2].replace(/^./, (c) => (c === 'A' ? 'B' : 'A'));
    await expect(unseal(lines.join('\n'), await loadIdentity(person.identity))).rejects.toThrow(
      /^the sealed value is damaged/,
    );
  });

  it('takes only Recipients and Identities this module made', async () => {
    const forged: Recipients = { kind: 'age', fingerprint: 'age:age1…', count: 1 };
    await expect(seal('x', forged)).rejects.toThrow(
      'seal() takes the Recipients that parseRecipients() returned',
    );
    const sealed = await seal('x', await parseRecipients([(await ageIdentities(1))[0].recipient]));
    await expect(unseal(sealed, { kind: 'age' })).rejects.toThrow('unseal() takes an Identity');
  });
});
