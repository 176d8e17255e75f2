import { Diagnostics, DiagnosticError } from '../framework';
import { MailClient } from '../infomaniak';
import {
  SANDBOX_ADMIN_TOKEN,
  SANDBOX_MAIL_HOSTING_ID as HOSTING,
  SANDBOX_USERS,
  startSandbox,
  type RunningSandbox,
} from '../sandbox';
import { AccessCache } from './access-cache';
import { RecipientsCache } from './secret-recipients';
import { users } from './users';

describe('infomaniakmail_users', () => {
  let sandbox: RunningSandbox;
  let client: MailClient;

  beforeAll(async () => {
    sandbox = await startSandbox();
    client = new MailClient({ token: SANDBOX_ADMIN_TOKEN, endpoint: sandbox.url, retry: { maxAttempts: 1 } });
  });
  afterAll(async () => {
    await client.close();
    await sandbox.close();
  });

  function read(config: { mail_hosting_id: number; mailbox_name: string | null }) {
    return Promise.resolve(
      users.read({
        typeName: 'infomaniakmail_users',
        signal: new AbortController().signal,
        diagnostics: new Diagnostics(),
        client: { client, cache: new AccessCache(client), recipients: new RecipientsCache(null) },
        config: { ...config, users: null, mailbox_users: null },
      }),
    );
  }

  it('lists the organisation users, by id, and no mailbox users without a mailbox', async () => {
    const { state } = await read({ mail_hosting_id: HOSTING, mailbox_name: null });
    expect(state.users).toEqual(Object.values(SANDBOX_USERS).map((u) => ({ ...u })));
    expect(state.mailbox_users).toBeNull();
  });

  it('adds the users with access to a mailbox, with their permissions', async () => {
    const { state } = await read({ mail_hosting_id: HOSTING, mailbox_name: 'contact' });
    expect(state.mailbox_users).toEqual([
      { ...SANDBOX_USERS.alice, permissions: ['manage_filters', 'manage_signatures', 'manage_auto_reply'] },
      { ...SANDBOX_USERS.bruno, permissions: ['manage_signatures'] },
    ]);
  });

  it('does not list open invitations among the mailbox users', async () => {
    const ref = { hosting: HOSTING, mailbox: 'contact' };
    const invitation = await client.webmail.createInvitation(ref, { permissions: ['access_logs'] });
    try {
      const { state } = await read({ mail_hosting_id: HOSTING, mailbox_name: 'contact' });
      expect(state.mailbox_users?.map((u) => u.user_id)).toEqual([
        SANDBOX_USERS.alice.user_id,
        SANDBOX_USERS.bruno.user_id,
      ]);
    } finally {
      await client.webmail.withdrawInvitation(ref, invitation.key);
    }
  });

  it('reports an unknown mailbox on mailbox_name', async () => {
    const err = await read({ mail_hosting_id: HOSTING, mailbox_name: 'nobody' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiagnosticError);
    expect(err).toMatchObject({ attribute: [{ attributeName: 'mailbox_name' }] });
  });
});
