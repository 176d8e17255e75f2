import { generateIdentity, identityToRecipient } from 'age-encryption';
import * as openpgp from 'openpgp';
import { parseRecipients, RecipientError } from './recipients';

async function ageRecipient(): Promise<string> {
  return identityToRecipient(await generateIdentity());
}

type KeyOptions = Partial<Omit<Parameters<typeof openpgp.generateKey>[0], 'format'>>;

async function openPgpKey(options: KeyOptions = {}) {
  return openpgp.generateKey({ userIDs: [{ name: 'Consumer', email: 'consumer@example.com' }], ...options });
}

async function fingerprintOf(armoredKey: string): Promise<string> {
  return (await openpgp.readKey({ armoredKey })).getFingerprint().toUpperCase();
}

/** The RecipientError a list throws, for its index and message. */
async function failure(keys: string[]): Promise<RecipientError> {
  try {
    await parseRecipients(keys);
  } catch (error) {
    if (error instanceof RecipientError) return error;
    throw error;
  }
  throw new Error('parseRecipients accepted the list');
}

describe('parseRecipients', () => {
  it('reads age recipients; the fingerprint ignores order, whitespace and letter case', async () => {
    const [a, b] = [await ageRecipient(), await ageRecipient()];
    const parsed = await parseRecipients([a, b]);
    expect(parsed.kind).toBe('age');
    expect(parsed.count).toBe(2);
    expect(parsed.fingerprint).toBe([`age:${a}`, `age:${b}`].sort().join(', '));
    const again = await parseRecipients([`  ${b.toUpperCase()}\n`, `\t${a}`]);
    expect(again.fingerprint).toBe(parsed.fingerprint);
    expect((await parseRecipients([a])).fingerprint).toBe(`age:${a}`);
  });

  it('reads OpenPGP v4 and v6 public keys by their uppercase fingerprints, whatever the armor looks like', async () => {
    const v4 = await openPgpKey();
    const v6 = await openPgpKey({ config: { v6Keys: true } });
    const [f4, f6] = [await fingerprintOf(v4.publicKey), await fingerprintOf(v6.publicKey)];
    expect(f4).toMatch(/^[0-9A-F]{40}$/);
    expect(f6).toMatch(/^[0-9A-F]{64}$/);
    const parsed = await parseRecipients([v4.publicKey, v6.publicKey]);
    expect(parsed).toEqual({
      kind: 'openpgp',
      count: 2,
      fingerprint: [`openpgp:${f4}`, `openpgp:${f6}`].sort().join(', '),
    });
    // The same keys, re-armored with CRLF line ends and a comment header, in the other order.
    const rearmored = (await openpgp.readKey({ armoredKey: v4.publicKey }))
      .armor({ ...openpgp.config, showComment: true, commentString: 'from a keyserver' })
      .replace(/\n/g, '\r\n');
    expect(rearmored).not.toBe(v4.publicKey);
    const again = await parseRecipients([`\n\n${v6.publicKey}  `, rearmored]);
    expect(again.fingerprint).toBe(parsed.fingerprint);
  });

  it('refuses an empty list, and names the entry of an empty key', async () => {
    await expect(parseRecipients([])).rejects.toThrow(
      new RecipientError(
        0,
        'secret_recipients is empty; give at least an age recipient ("age1…") or an armored OpenPGP public key',
      ),
    );
    const error = await failure([await ageRecipient(), '  ']);
    expect(error.index).toBe(1);
    expect(error.message).toBe(
      'secret_recipients[1] is empty; give an age recipient ("age1…") or an armored OpenPGP public key',
    );
  });

  it('names the list it is given in messages', async () => {
    await expect(parseRecipients(['nope'], 'recipients')).rejects.toThrow(/^recipients\[0\] is not/);
  });

  it('says what to give for something that is no key, without repeating it', async () => {
    const error = await failure([await ageRecipient(), 'hunter2-not-a-key']);
    expect(error.index).toBe(1);
    expect(error.message).toBe(
      'secret_recipients[1] is not an age recipient ("age1…") nor an armored OpenPGP public key (-----BEGIN PGP PUBLIC KEY BLOCK-----)',
    );
  });

  it('refuses a mixed list: one ciphertext has one format', async () => {
    const { publicKey } = await openPgpKey();
    const error = await failure([await ageRecipient(), await ageRecipient(), publicKey]);
    expect(error.index).toBe(2);
    expect(error.message).toContain(
      'secret_recipients[2] is an OpenPGP key but secret_recipients[0] is an age recipient',
    );
    expect(error.message).toContain('use one kind per list');
  });

  it('refuses a damaged age recipient and the age recipient types it does not seal to', async () => {
    const good = await ageRecipient();
    const damaged = `${good.slice(0, -1)}${good.endsWith('q') ? 'p' : 'q'}`;
    const error = await failure([good, damaged]);
    expect(error.index).toBe(1);
    expect(error.message).toContain('secret_recipients[1] is not a valid age recipient');
    expect((await failure([`age1pq1${'q'.repeat(100)}`])).message).toContain('only X25519 recipients');
  });

  it('refuses the same key twice', async () => {
    const a = await ageRecipient();
    const error = await failure([a, await ageRecipient(), ` ${a}`]);
    expect(error.index).toBe(2);
    expect(error.message).toBe('secret_recipients[2] is the same key as secret_recipients[0]; give it once');
    const { publicKey } = await openPgpKey();
    expect((await failure([publicKey, publicKey.replace(/\n/g, '\r\n')])).index).toBe(1);
  });

  it('refuses an age identity given as a recipient, without repeating it', async () => {
    const identity = await generateIdentity();
    const error = await failure([identity]);
    expect(error.message).toContain('secret_recipients[0] is an age identity, a secret key');
    expect(error.message).not.toContain(identity.slice('AGE-SECRET-KEY-1'.length, 30));
  });

  it('refuses an OpenPGP private key given as a recipient, never quoting the key', async () => {
    const { privateKey } = await openPgpKey();
    const error = await failure([await (async () => (await openPgpKey()).publicKey)(), privateKey]);
    expect(error.index).toBe(1);
    expect(error.message).toContain(
      'secret_recipients[1] is an OpenPGP private key: give its public half instead',
    );
    for (const line of privateKey.split('\n').filter((l) => l.length > 8 && !l.startsWith('-----')))
      expect(error.message).not.toContain(line);

    // Secret key packets under a public-key armor header are found by what they are.
    const disguised = openpgp.armor(
      openpgp.enums.armor.publicKey,
      (await openpgp.readPrivateKey({ armoredKey: privateKey })).write(),
    );
    expect(disguised).toContain('-----BEGIN PGP PUBLIC KEY BLOCK-----');
    const caught = await failure([disguised]);
    expect(caught.message).toContain(
      'secret_recipients[0] is an OpenPGP private key: give its public half instead',
    );
    for (const line of disguised.split('\n').filter((l) => l.length > 8 && !l.startsWith('-----')))
      expect(caught.message).not.toContain(line);
  });

  it('refuses damaged armor, two keys in one entry, and a key that cannot encrypt', async () => {
    const { publicKey } = await openPgpKey();
    const lines = publicKey.trim().split('\n');
    const truncated = [...lines.slice(0, 3), lines[lines.length - 1]].join('\n');
    expect((await failure([truncated])).message).toContain(
      'secret_recipients[0] is not a readable armored OpenPGP public key',
    );

    const other = await openPgpKey();
    const packets = await Promise.all(
      [publicKey, other.publicKey].map(async (armoredKey) => (await openpgp.readKey({ armoredKey })).write()),
    );
    const both = new Uint8Array(packets.flatMap((bytes) => [...bytes]));
    const twoKeys = openpgp.armor(openpgp.enums.armor.publicKey, both);
    expect((await failure([twoKeys])).message).toBe(
      'secret_recipients[0] holds 2 keys; give one key per entry',
    );

    const expired = await openPgpKey({ date: new Date(Date.now() - 3_600_000), keyExpirationTime: 60 });
    const error = await failure([expired.publicKey]);
    expect(error.message).toMatch(/^secret_recipients\[0\] \(OpenPGP key [0-9A-F]{40}\) cannot encrypt/);
  });
});
