/**
 * A scripted session over every route the project uses, against a running sandbox: each
 * answer is checked to parse with its wire.ts schema and to carry the success status of
 * `successStatus()`. Run inside a jest test; returns every exchange, for the checks of
 * the caller (secrets in npm test, the reference contract in npm run test:contract).
 */
import type { z } from 'zod';
import {
  DEVICE_LIST_WITH,
  INVITATION_VALIDITY_DAYS,
  accountUserSchema,
  createdMailboxSchema,
  deviceAccessSchema,
  devicePasswordSchema,
  invitationSchema,
  mailboxSchema,
  okSchema,
  pagedEnvelope,
  productSchema,
  routePath,
  routes,
  successEnvelope,
  successStatus,
  webmailItemSchema,
  webmailUserSchema,
  type HttpMethod,
  type RouteName,
} from '../../provider/infomaniak/wire';
import {
  SANDBOX_CONTACT_ACCESS_ID,
  SANDBOX_CONTACT_DEVICE_ID,
  SANDBOX_GENERIC_ACCESS_ID,
  SANDBOX_ORGANISATION_ID,
  SANDBOX_USERS,
  type SandboxHooksClient,
  type RunningSandbox,
} from '../../provider/sandbox';
import { call, type ApiResponse } from './sandbox-http';

const DAY = 24 * 60 * 60;
/** The sandbox clock the session expects (`startSandbox({ now: () => SESSION_NOW_MS })`). */
export const SESSION_NOW_MS = Date.UTC(2026, 2, 2, 9, 0, 0);
const nowMs = SESSION_NOW_MS;

export interface Exchange {
  readonly method: string;
  readonly url: string;
  readonly body?: unknown;
  readonly response: ApiResponse;
}

export const where = { hosting: 1234567, mailbox: 'demonstration', account: SANDBOX_ORGANISATION_ID };

/** Runs the session; fails the calling test on any wrong answer. */
export async function runScriptedSession(
  sandbox: RunningSandbox,
  hooks: SandboxHooksClient,
): Promise<Exchange[]> {
  const exchanges: Exchange[] = [];
  /** Calls a wire route, checks the success status, parses the envelope with the given schema. */
  async function api<T extends z.ZodType>(
    method: HttpMethod,
    route: RouteName,
    schema: T,
    params: Partial<Parameters<typeof routePath>[1]> = {},
    options: { body?: unknown; query?: string } = {},
  ): Promise<z.output<T>> {
    const url = `${routePath(route, { ...where, ...params })}${options.query ? `?${options.query}` : ''}`;
    const response = await call(sandbox, method, url, { body: options.body });
    exchanges.push({ method, url, body: options.body, response });
    expect({ route, status: response.status }).toEqual({ route, status: successStatus(method, route) });
    return schema.parse(response.json);
  }

  const seen = new Set<string>();
  const track = (method: string, route: RouteName) => seen.add(`${method} ${routes[route]}`);

  // Account side.
  const products = await api(
    'GET',
    'products',
    pagedEnvelope(productSchema),
    {},
    { query: 'service_name=email_hosting' },
  );
  track('GET', 'products');
  expect(products.data.map((p) => [p.id, p.account_id, p.service_name, p.customer_name, p.fqdn])).toEqual([
    [1234567, SANDBOX_ORGANISATION_ID, 'email_hosting', 'exemple-domaine.ch', 'exemple-domaine.ch'],
    [7654321, SANDBOX_ORGANISATION_ID, 'email_hosting', 'pas-encore.ch', 'pas-encore.ch'],
  ]);
  expect(
    (await api('GET', 'products', pagedEnvelope(productSchema), {}, { query: 'service_name=drive' })).data,
  ).toEqual([]);
  const users = await api('GET', 'accountUsers', pagedEnvelope(accountUserSchema));
  track('GET', 'accountUsers');
  expect(users.data.map((u) => [u.user_id, u.display_name])).toEqual([
    [100001, 'Alice Martin'],
    [100002, 'Bruno Keller'],
    [100003, 'Chloé Dubois'],
  ]);

  // Mailboxes.
  const list = await api('GET', 'mailboxes', pagedEnvelope(mailboxSchema));
  track('GET', 'mailboxes');
  expect(list.data.map((m) => m.mailbox_name)).toEqual(['demonstration', 'ancien-compte', 'contact']);
  const created = await api(
    'POST',
    'mailboxes',
    successEnvelope(createdMailboxSchema),
    {},
    {
      body: {
        mailbox_name: 'factures',
        note: 'Comptabilité',
        target: 'other_user',
        link_to_current_user: false,
      },
    },
  );
  track('POST', 'mailboxes');
  expect(created.data.mailbox).toBe('factures@exemple-domaine.ch');
  const factures = await api('GET', 'mailbox', successEnvelope(mailboxSchema), { mailbox: 'factures' });
  track('GET', 'mailbox');
  expect(factures.data).toMatchObject({
    mailbox: 'factures@exemple-domaine.ch',
    note: 'Comptabilité',
    users: [], // other_user + link_to_current_user false grants nobody
    has_legacy_device: false,
    access_rights: { can_create_device: true, can_regenerate_device_legacy: false },
  });
  const legacy = await api('GET', 'mailbox', successEnvelope(mailboxSchema), { mailbox: 'ancien-compte' });
  expect(legacy.data.has_legacy_device).toBe(true);
  expect(legacy.data.users.map((u) => u.id)).toEqual([100002]);

  // Device accesses.
  const password = await api(
    'POST',
    'devices',
    successEnvelope(devicePasswordSchema),
    {},
    {
      body: { label: 'iPhone (Alice)', protocols: 'imap', type: 'phone', user_id: 100001 },
    },
  );
  track('POST', 'devices');
  expect(Object.keys(password.data)).toEqual(['password']);
  await expect(hooks.verify(`demonstration@${sandbox.domain}`, password.data.password)).resolves.toBe(true);
  const devices = await api(
    'GET',
    'devices',
    pagedEnvelope(deviceAccessSchema),
    {},
    { query: `with=${DEVICE_LIST_WITH}` },
  );
  track('GET', 'devices');
  const [access] = devices.data;
  expect(access).toMatchObject({
    protocols: 'imap',
    status: 'healthy',
    created_at: nowMs / 1000,
    device: { label: 'iPhone (Alice)', type: 'phone', created_at: nowMs / 1000, device_uid: null },
    user_access: { id: 100001, email: SANDBOX_USERS.alice.email, firstname: 'Alice', lastname: 'Martin' },
    mailbox: {
      mailbox_name: 'demonstration',
      mailbox: 'demonstration@exemple-domaine.ch',
      service_mail_id: 1234567,
    },
  });
  // Without `with`, the related data stays out (ASSUMED deviceWith).
  const bare = await api('GET', 'devices', pagedEnvelope(deviceAccessSchema));
  expect(bare.data[0].device).toBeUndefined();
  const regenerated = await api('POST', 'deviceAccess', successEnvelope(devicePasswordSchema), {
    access: access.id,
  });
  track('POST', 'deviceAccess');
  expect(regenerated.data.password).not.toBe(password.data.password);
  await expect(hooks.verify(`demonstration@${sandbox.domain}`, password.data.password)).resolves.toBe(false);
  await api(
    'PATCH',
    'deviceLabel',
    successEnvelope(okSchema),
    { device: access.device!.id },
    { body: { label: 'iPhone 16 (Alice)' } },
  );
  track('PATCH', 'deviceLabel');
  const mine = await api(
    'GET',
    'userDevices',
    pagedEnvelope(deviceAccessSchema),
    { user: 100001 },
    { query: `with=${DEVICE_LIST_WITH}` },
  );
  track('GET', 'userDevices');
  expect(mine.data.map((d) => d.device?.label)).toEqual(['iPhone 16 (Alice)']);
  const onContact = await api(
    'GET',
    'devices',
    pagedEnvelope(deviceAccessSchema),
    { mailbox: 'contact' },
    { query: `with=${DEVICE_LIST_WITH}` },
  );
  expect(onContact.data).toEqual([
    expect.objectContaining({
      id: SANDBOX_CONTACT_ACCESS_ID,
      protocols: 'pop3-imap',
      device: expect.objectContaining({
        id: SANDBOX_CONTACT_DEVICE_ID,
        label: 'Outlook (Bruno)',
        type: 'computer',
      }),
      user_access: expect.objectContaining({ id: 100002 }),
    }),
  ]);
  const onLegacy = await api(
    'GET',
    'devices',
    pagedEnvelope(deviceAccessSchema),
    { mailbox: 'ancien-compte' },
    { query: `with=${DEVICE_LIST_WITH}` },
  );
  expect(onLegacy.data[0]).toMatchObject({
    id: SANDBOX_GENERIC_ACCESS_ID,
    device: { type: 'legacy' },
    access_rights: { can_regenerate: false },
  });
  expect(onLegacy.data[0].user_access).toBeUndefined();
  await api('DELETE', 'userDevices', successEnvelope(okSchema), { user: 100001 });
  track('DELETE', 'userDevices');
  await api(
    'POST',
    'devices',
    successEnvelope(devicePasswordSchema),
    {},
    { body: { label: 'Thunderbird', protocols: 'pop3' } },
  );
  const second = (await api('GET', 'devices', pagedEnvelope(deviceAccessSchema))).data[0];
  await api('DELETE', 'deviceAccess', successEnvelope(okSchema), { access: second.id });
  track('DELETE', 'deviceAccess');
  await api(
    'POST',
    'devices',
    successEnvelope(devicePasswordSchema),
    {},
    { body: { label: 'Thunderbird', protocols: 'pop3' } },
  );
  await api('DELETE', 'devices', successEnvelope(okSchema));
  track('DELETE', 'devices');
  expect((await api('GET', 'devices', pagedEnvelope(deviceAccessSchema))).total).toBe(0);

  // User accesses and invitations.
  await api(
    'POST',
    'webmail',
    successEnvelope(okSchema),
    {},
    { body: { user_id: 100003, permissions: { can_manage_filters: true } } },
  );
  track('POST', 'webmail');
  await api(
    'PATCH',
    'webmailUser',
    successEnvelope(okSchema),
    { user: 100003 },
    {
      body: { permissions: { can_manage_filters: false, can_access_logs: true } },
    },
  );
  track('PATCH', 'webmailUser');
  const invitation = await api(
    'POST',
    'invitations',
    successEnvelope(invitationSchema),
    {},
    {
      body: { permissions: { can_manage_signatures: true }, firstname: 'Dora', lastname: 'Weber' },
    },
  );
  track('POST', 'invitations');
  expect(invitation.data).toMatchObject({
    sent_to: '',
    signature_template_id: '',
    expired_at: nowMs / 1000 + INVITATION_VALIDITY_DAYS * DAY,
    permissions: { can_manage_signatures: true, can_access_logs: false },
  });
  await api(
    'POST',
    'invitationSend',
    successEnvelope(okSchema),
    { invitation: invitation.data.key },
    {
      body: { email: 'dora@ailleurs.ch', language: 'fr' },
    },
  );
  track('POST', 'invitationSend');
  const webmail = await api('GET', 'webmail', pagedEnvelope(webmailItemSchema));
  track('GET', 'webmail');
  expect(webmail.data).toEqual([
    {
      user_access: expect.objectContaining({
        user: expect.objectContaining({ id: 100003 }),
        permissions_binary: 1 << 10,
      }),
    },
    {
      invitation: expect.objectContaining({
        key: invitation.data.key,
        sent_to: 'dora@ailleurs.ch',
        short_url: invitation.data.short_url,
      }),
    },
  ]);
  expect(webmail.data[0].user_access?.permissions).toMatchObject({
    can_manage_filters: false,
    can_access_logs: true,
  });
  const readers = await api('GET', 'webmailUsers', pagedEnvelope(webmailUserSchema));
  track('GET', 'webmailUsers');
  expect(readers.data.map((u) => u.id)).toEqual([100003]);
  await api('DELETE', 'invitationWithdraw', successEnvelope(okSchema), { invitation: invitation.data.key });
  track('DELETE', 'invitationWithdraw');
  await api('DELETE', 'webmailUser', successEnvelope(okSchema), { user: 100003 });
  track('DELETE', 'webmailUser');
  expect((await api('GET', 'webmail', pagedEnvelope(webmailItemSchema))).data).toEqual([]);

  const every = (Object.keys(routes) as RouteName[]).length;
  expect(new Set([...seen].map((k) => k.split(' ')[1])).size).toBe(every);
  return exchanges;
}
