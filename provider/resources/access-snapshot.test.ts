import { DiagnosticError, Diagnostics } from '../framework';
import { MailClient, routes } from '../infomaniak';
import {
  SANDBOX_ADMIN_TOKEN,
  SANDBOX_CONTACT_ACCESS_ID,
  SANDBOX_MAIL_HOSTING_ID as HOSTING,
  SandboxHooksClient,
  startSandbox,
  type RunningSandbox,
} from '../sandbox';
import { AccessCache } from './access-cache';
import { RecipientsCache } from './secret-recipients';
import { addressAccessDataSource, decodeSnapshot } from './access-snapshot';

let sandbox: RunningSandbox;
let client: MailClient;

beforeAll(async () => {
  sandbox = await startSandbox({ testHooks: true });
  client = new MailClient({ token: SANDBOX_ADMIN_TOKEN, endpoint: sandbox.url, retry: { maxAttempts: 1 } });
});
afterAll(async () => {
  await client.close();
  await sandbox.close();
});

function read(hosting: number, mailbox: string) {
  return addressAccessDataSource.read({
    typeName: 'infomaniakmail_address_access',
    signal: new AbortController().signal,
    diagnostics: new Diagnostics(),
    client: { client, cache: new AccessCache(client), recipients: new RecipientsCache(null) },
    config: { mail_hosting_id: hosting, mailbox_name: mailbox } as never,
  });
}

test('reads devices, users and invitations, and a snapshot that holds the same and no secret', async () => {
  const invitation = await client.webmail.createInvitation(
    { hosting: HOSTING, mailbox: 'contact' },
    { permissions: [] },
  );
  const { state } = (await read(HOSTING, 'contact')) as { state: Record<string, unknown> };
  expect(state.exists).toBe(true);
  expect((state.devices as { access_id: number }[]).map((d) => d.access_id)).toEqual([
    SANDBOX_CONTACT_ACCESS_ID,
  ]);
  expect((state.users as { user_id: number }[]).map((u) => u.user_id)).toEqual([100001, 100002]);
  expect(state.invitations).toEqual([expect.objectContaining({ key: invitation.key, sent_to: null })]);
  const snapshot = decodeSnapshot(state.snapshot as string);
  expect(snapshot?.devices).toEqual(state.devices);
  expect(state.snapshot).not.toContain(invitation.url);
  expect(JSON.stringify(state)).not.toContain(invitation.url);
});

test('an address not created yet reads as empty; a Mail Service that does not exist is an error', async () => {
  const { state } = (await read(HOSTING, 'pas-encore-la')) as { state: Record<string, unknown> };
  expect(state).toMatchObject({ exists: false, devices: [], users: [], invitations: [] });
  await expect(read(999999, 'contact')).rejects.toBeInstanceOf(DiagnosticError);
});

test('addresses whose creation is planned cost no request of their own: one list of the Mail Service answers for all', async () => {
  const hooks = new SandboxHooksClient(sandbox.url);
  await hooks.resetRequests();
  // A client of its own, as terraform starts a provider per command (lists seen by other tests do not count).
  const fresh = new MailClient({
    token: SANDBOX_ADMIN_TOKEN,
    endpoint: sandbox.url,
    retry: { maxAttempts: 1 },
  });
  const ctx = { client: fresh, cache: new AccessCache(fresh), recipients: new RecipientsCache(null) };
  const names = ['nouvelle-1', 'nouvelle-2', 'nouvelle-3', 'nouvelle-4', 'contact'];
  const states = await Promise.all(
    names.map((mailbox) =>
      addressAccessDataSource.read({
        typeName: 'infomaniakmail_address_access',
        signal: new AbortController().signal,
        diagnostics: new Diagnostics(),
        client: ctx,
        config: { mail_hosting_id: HOSTING, mailbox_name: mailbox } as never,
      }),
    ),
  );
  const [contact, ...planned] = (states as { state: Record<string, unknown> }[]).reverse();
  for (const { state } of planned) expect(state).toMatchObject({ exists: false, devices: [], users: [] });
  expect(contact.state).toMatchObject({ exists: true });
  await fresh.close();
  // The Mail Service's directory says which addresses exist (and that the Mail Service does):
  // only the one that exists has its lists asked for.
  expect((await hooks.requests()).counts).toEqual({
    [`GET ${routes.mailboxes}`]: 1,
    [`GET ${routes.devices}`]: 1,
    [`GET ${routes.webmail}`]: 1,
  });
});
