/**
 * infomaniakmail_user_access end to end: the real terraform, the built provider, the
 * sandbox. User accesses by user_id (permissions in place, drift, delete of one user
 * only), invitations by email (sensitive link, expiry → replaced, accepted → followed,
 * withdrawn on destroy), and API failures as diagnostics (unknown user, read-only token).
 */
import { MailClient } from '../../provider/infomaniak';
import { SANDBOX_USERS } from '../../provider/sandbox';
import { MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

const DAY_MS = 86_400_000;
const { alice, bruno, chloe } = SANDBOX_USERS;

let sandbox: MailSandbox;
let client: MailClient;
const workspaces: MailWorkspace[] = [];

beforeAll(async () => {
  sandbox = await startMailSandbox();
  client = new MailClient({ token: sandbox.tokens.admin, endpoint: sandbox.url });
});
afterEach(() => sandbox.hooks.reset());
afterAll(async () => {
  for (const ws of workspaces) ws.remove();
  await client.close();
  await sandbox.close();
});

async function workspace(options?: Parameters<typeof MailWorkspace.create>[1]): Promise<MailWorkspace> {
  const ws = await MailWorkspace.create(sandbox, options);
  workspaces.push(ws);
  return ws;
}

const contact = () => ({ hosting: sandbox.hostingId, mailbox: 'contact' });

function grant(name: string, userId: number, permissions: string[]): string {
  return `
resource "infomaniakmail_user_access" "${name}" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
  user_id         = ${userId}
  permissions     = ${JSON.stringify(permissions)}
}`;
}

async function usersOfContact(): Promise<number[]> {
  return (await client.webmail.list(contact())).users.map((u) => u.userId).sort();
}

it('grants by user_id: active, permissions in place, recreated after removal, delete removes only that user', async () => {
  const ws = await workspace();
  // The user is found by email with the infomaniakmail_users data source.
  ws.writeConfig(`
data "infomaniakmail_users" "org" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
}
${grant('chloe', chloe.user_id, []).replace(
  `user_id         = ${chloe.user_id}`,
  `user_id         = one([for u in data.infomaniakmail_users.org.users : u.user_id if u.email == "${chloe.email}"])`,
)}`);
  await ws.init();
  await ws.apply();
  const org = await ws.resource('data.infomaniakmail_users.org');
  expect(org.users).toEqual(
    Object.values(SANDBOX_USERS).map((u) => expect.objectContaining({ user_id: u.user_id, email: u.email })),
  );
  expect((org.mailbox_users as { user_id: number }[]).map((u) => u.user_id)).toEqual([
    alice.user_id,
    bruno.user_id,
  ]);
  expect(await ws.resource('infomaniakmail_user_access.chloe')).toMatchObject({
    id: `${sandbox.hostingId}/contact/${chloe.user_id}`,
    status: 'active',
    permissions: [],
    invitation_url: null,
  });

  ws.writeConfig(grant('chloe', chloe.user_id, ['manage_filters', 'access_logs']));
  const changed = await ws.apply();
  expect(changed.stdout).toContain('update in-place');
  expect(changed.stdout).toContain('0 added, 1 changed, 0 destroyed');
  const granted = (await client.webmail.list(contact())).users.find((u) => u.userId === chloe.user_id);
  expect([...(granted?.permissions ?? [])].sort()).toEqual(['access_logs', 'manage_filters']);

  // Permissions changed outside terraform show as an in-place update.
  await client.webmail.updatePermissions(contact(), chloe.user_id, ['manage_filters']);
  const changedOutside = await ws.plan();
  expect(changedOutside.code).toBe(2);
  expect(changedOutside.stdout).toContain('infomaniakmail_user_access.chloe will be updated in-place');
  expect(changedOutside.stdout).toMatch(/\+ "access_logs"/);

  // Removed outside terraform: refresh finds it gone, the plan grants it again.
  await client.webmail.remove(contact(), chloe.user_id);
  const drift = await ws.plan();
  expect(drift.code).toBe(2);
  expect(drift.stdout).toContain('infomaniakmail_user_access.chloe will be created');
  await ws.apply();
  expect(await usersOfContact()).toEqual([alice.user_id, bruno.user_id, chloe.user_id]);
  await ws.expectEmptyPlan();

  // Delete removes that user only; an existing grant is adopted by import in the same apply.
  ws.writeConfig(`${grant('alice', alice.user_id, ['manage_signatures'])}
import {
  to = infomaniakmail_user_access.alice
  id = "${sandbox.hostingId}/contact/${alice.user_id}"
}`);
  const replaced = await ws.apply();
  // The seed gives Alice other permissions: the import is followed by an in-place update.
  expect(replaced.stdout).toContain('1 imported, 0 added, 1 changed, 1 destroyed');
  expect(await usersOfContact()).toEqual([alice.user_id, bruno.user_id]);
  expect(await ws.resource('infomaniakmail_user_access.alice')).toMatchObject({
    status: 'active',
    permissions: ['manage_signatures'],
  });
  await ws.expectEmptyPlan();
});

it('invites by email: invited, sensitive link; expired shows in the plan and is replaced; destroy withdraws', async () => {
  const ws = await workspace();
  ws.writeConfig(`
resource "infomaniakmail_user_access" "guest" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
  email           = "guest@example.ch"
  permissions     = ["manage_filters"]
  language        = "fr"
  first_name      = "Gaston"
}`);
  await ws.init();
  const created = await ws.apply();
  const show = await ws.show();
  const guest = show.values?.root_module?.resources?.find(
    (r) => r.address === 'infomaniakmail_user_access.guest',
  );
  const url = guest?.values.invitation_url as string;
  expect(url).toMatch(/^http/);
  expect(guest?.sensitive_values).toMatchObject({ invitation_url: true });
  expect(guest?.values).toMatchObject({ status: 'invited', user_id: null, permissions: ['manage_filters'] });
  const key = guest?.values.invitation_key as string;
  expect(guest?.values.id).toBe(`${sandbox.hostingId}/contact/invitation/${key}`);
  const expiresIn = Date.parse(guest?.values.invitation_expires_at as string) - Date.now();
  expect(expiresIn).toBeGreaterThan(29.9 * DAY_MS);
  expect(expiresIn).toBeLessThan(30.1 * DAY_MS);
  // The link appears nowhere but in the sensitive attribute.
  const { invitation_url: _url, ...rest } = guest!.values;
  expect(JSON.stringify({ ...show, values: undefined })).not.toContain(url);
  expect(JSON.stringify(rest)).not.toContain(url);
  expect(created.stdout + created.stderr).not.toContain(url);
  expect(ws.providerStderr()).not.toContain(url);
  expect(sandbox.logs.join('\n')).not.toContain(url);
  const invitation = (await client.webmail.list(contact())).invitations.find((i) => i.key === key);
  expect(invitation).toMatchObject({ sentTo: 'guest@example.ch', permissions: ['manage_filters'] });
  await ws.expectEmptyPlan();

  await sandbox.hooks.advanceClock(31 * 24 * 3600);
  const expired = await ws.plan();
  expect(expired.code).toBe(2);
  expect(expired.stdout).toMatch(/"expired" -> "invited" # forces replacement/);
  expect(expired.stdout + expired.stderr).toMatch(/invitation for guest@example\.ch .* has expired/);
  expect(expired.stdout + expired.stderr).not.toContain(url);
  await ws.apply();
  const renewed = await ws.resource('infomaniakmail_user_access.guest');
  expect(renewed).toMatchObject({ status: 'invited' });
  expect(renewed.invitation_url).not.toBe(url);
  expect(renewed.invitation_key).not.toBe(key);
  const keys = (await client.webmail.list(contact())).invitations.map((i) => i.key);
  expect(keys).toEqual([renewed.invitation_key]);
  await ws.expectEmptyPlan();

  // Destroy withdraws the pending invitation.
  await ws.run(['destroy', '-auto-approve', '-no-color', '-input=false']);
  expect((await client.webmail.list(contact())).invitations).toEqual([]);
});

it("an accepted invitation becomes that user's access without recreating anything", async () => {
  const ws = await workspace();
  const config = (permissions: string[]) => `
resource "infomaniakmail_user_access" "newcomer" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
  email           = "newcomer@example.ch"
  permissions     = ${JSON.stringify(permissions)}
}`;
  ws.writeConfig(config([]));
  await ws.init();
  await ws.apply();
  const invited = await ws.resource('infomaniakmail_user_access.newcomer');
  await sandbox.hooks.acceptInvitation({
    mailbox_name: 'contact',
    key: invited.invitation_key as string,
    user_id: 100009,
  });
  await ws.expectEmptyPlan();
  const refreshed = await ws.run(['apply', '-refresh-only', '-auto-approve', '-no-color', '-input=false']);
  expect(refreshed.code).toBe(0);
  expect(await ws.resource('infomaniakmail_user_access.newcomer')).toMatchObject({
    status: 'active',
    invitation_url: null,
  });
  // Permission changes now update that user's access in place.
  ws.writeConfig(config(['manage_aliases']));
  const changed = await ws.apply();
  expect(changed.stdout).toContain('0 added, 1 changed, 0 destroyed');
  const user = (await client.webmail.list(contact())).users.find((u) => u.email === 'newcomer@example.ch');
  expect(user?.permissions).toEqual(['manage_aliases']);
  await ws.expectEmptyPlan();
  // Destroy removes that user's access.
  await ws.run(['destroy', '-auto-approve', '-no-color', '-input=false']);
  expect((await client.webmail.list(contact())).users.map((u) => u.email)).not.toContain(
    'newcomer@example.ch',
  );
});

it('reports API failures on the resource: an unknown user, a read-only token', async () => {
  const ws = await workspace();
  ws.writeConfig(grant('nobody', 999999, []));
  await ws.init();
  const unknownUser = await ws.apply({ allowFailure: true });
  expect(unknownUser.code).toBe(1);
  expect(unknownUser.stderr).toContain('User 999999 is not a user of the organisation');
  expect(unknownUser.stderr).toContain('user_id');

  const readonly = await workspace({ token: 'readonly' });
  readonly.writeConfig(grant('chloe', chloe.user_id, []));
  await readonly.init();
  const forbidden = await readonly.apply({ allowFailure: true });
  expect(forbidden.code).toBe(1);
  expect(forbidden.stderr).toMatch(/with infomaniakmail_user_access\.chloe/);
  expect(forbidden.stderr).toMatch(/403/);
  expect(forbidden.stderr).toMatch(/Administrator/);
  expect(await usersOfContact()).toEqual([alice.user_id, bruno.user_id]);
});
