/** Invitation links under secret_recipients: sealed once per link and set of keys, never rewritten by a refresh. */
import { Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import type { MailContext } from './context';
import { RecipientsCache } from './secret-recipients';
import { sealInvitation } from './user-access-secrets';
import type { UserAccessModel } from './user-access-schema';

const LINK = 'https://example.test/invitation/3f1c9a2b7d4e8f60a1b2c3d4e5f60718';

const invited: UserAccessModel = {
  id: '1234567/contact/invitation/k1',
  mail_hosting_id: 1234567,
  mailbox_name: 'contact',
  user_id: null,
  email: 'guest@example.ch',
  permissions: [],
  language: 'en',
  first_name: null,
  last_name: null,
  status: 'invited',
  invitation_key: 'k1',
  invitation_url: LINK,
  invitation_expires_at: '2026-12-31T00:00:00Z',
  secret_recipients: null,
  encrypted_invitation_url: null,
  invitation_recipients_fingerprint: null,
};

async function open(identity: string, armored: string): Promise<string> {
  const { armor } = await import('age-encryption');
  const d = new Decrypter();
  d.addIdentity(identity);
  return d.decrypt(armor.decode(armored), 'text');
}

test('a refresh with the same link and keys keeps the ciphertext; a new link or new keys seal again', async () => {
  const identity = await generateIdentity();
  const other = await generateIdentity();
  const ctx = { recipients: new RecipientsCache([await identityToRecipient(identity)]) } as MailContext;

  const first = await sealInvitation(ctx, invited, { state: null, private: undefined });
  expect(first.state.invitation_url).toBeNull();
  expect(first.state.invitation_recipients_fingerprint).toMatch(/^age:age1/);
  const sealed = first.state.encrypted_invitation_url as string;
  expect(await open(identity, sealed)).toBe(LINK);
  // Private state holds a salted hash, never the link.
  expect(JSON.stringify(first.private)).not.toContain(LINK);
  expect(JSON.stringify(first.private)).not.toContain('3f1c9a2b');

  const refreshed = await sealInvitation(ctx, invited, first);
  expect(refreshed.state.encrypted_invitation_url).toBe(sealed);
  expect(refreshed.private).toEqual(first.private);

  const newLink = await sealInvitation(ctx, { ...invited, invitation_url: `${LINK}-2` }, first);
  expect(newLink.state.encrypted_invitation_url).not.toBe(sealed);
  expect(await open(identity, newLink.state.encrypted_invitation_url as string)).toBe(`${LINK}-2`);

  const rekeyed = await sealInvitation(
    ctx,
    { ...invited, secret_recipients: [await identityToRecipient(other)] },
    first,
  );
  expect(rekeyed.state.encrypted_invitation_url).not.toBe(sealed);
  expect(await open(other, rekeyed.state.encrypted_invitation_url as string)).toBe(LINK);
});

test('an empty list opts the access out: the link stays in the sensitive invitation_url', async () => {
  const ctx = {
    recipients: new RecipientsCache([await identityToRecipient(await generateIdentity())]),
  } as MailContext;
  const plain = await sealInvitation(
    ctx,
    { ...invited, secret_recipients: [] },
    { state: null, private: undefined },
  );
  expect(plain.state).toMatchObject({
    invitation_url: LINK,
    encrypted_invitation_url: null,
    invitation_recipients_fingerprint: null,
  });
});
