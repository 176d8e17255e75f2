/**
 * The sandbox's behaviour over real HTTP: mailboxes, devices, webmail access,
 * invitations, organisation users — and where a password may appear.
 */
import {
  INVITATION_VALIDITY_DAYS,
  deviceSchema,
  deviceWithPasswordSchema,
  invitationWithUrlSchema,
  mailboxSchema,
  pagedEnvelope,
  successEnvelope,
  webmailAccessSchema,
  webmailUserSchema,
} from '../../provider/infomaniak/wire';
import {
  SANDBOX_CONTACT_DEVICE_ID,
  SANDBOX_GENERIC_DEVICE_ID,
  SANDBOX_GENERIC_PASSWORD,
  SANDBOX_USERS,
  SandboxHooksClient,
  startSandbox,
  type RunningSandbox,
} from '../../provider/sandbox';
import { call, hostingPath, mailboxPath, type ApiResponse } from './sandbox-http';

const DAY_MS = 24 * 60 * 60 * 1000;
let nowMs = Date.UTC(2026, 2, 2, 9, 0, 0);
let sandbox: RunningSandbox;
let hooks: SandboxHooksClient;
/** Every API answer of this file, to prove where passwords do and do not appear. */
const seen: Array<{ what: string; response: ApiResponse }> = [];

async function api(method: string, path: string, body?: unknown, what = `${method} ${path}`) {
  const response = await call(sandbox, method, path, { body });
  seen.push({ what, response });
  return response;
}

const email = (mailbox: string) => `${mailbox}@${sandbox.domain}`;

beforeAll(async () => {
  sandbox = await startSandbox({ testHooks: true, now: () => nowMs });
  hooks = new SandboxHooksClient(sandbox.url);
});
afterAll(() => sandbox.close());

describe('mailboxes', () => {
  it('lists the seed, shows one, creates one without password, refuses a duplicate, deletes', async () => {
    const list = await api('GET', hostingPath(sandbox, '/mailboxes'));
    expect(list.status).toBe(200);
    const parsed = pagedEnvelope(mailboxSchema).parse(list.json);
    expect(parsed.data.map((m) => m.mailbox_name)).toEqual(['demonstration', 'ancien-compte', 'contact']);

    const shown = await api('GET', mailboxPath(sandbox, 'demonstration'));
    expect(successEnvelope(mailboxSchema).parse(shown.json).data.email).toBe(email('demonstration'));

    const created = await api('POST', hostingPath(sandbox, '/mailboxes'), { mailbox_name: 'factures' });
    expect(created.status).toBe(200);
    expect(created.json.data).toEqual({
      mailbox_name: 'factures',
      email: email('factures'),
      created_at: Math.floor(nowMs / 1000),
    });
    const devices = await api('GET', mailboxPath(sandbox, 'factures', '/accesses/devices'));
    expect(devices.json.data).toEqual([]); // created with no password at all

    const duplicate = await api('POST', hostingPath(sandbox, '/mailboxes'), { mailbox_name: 'factures' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error.code).toBe('conflict');

    const badName = await api('POST', hostingPath(sandbox, '/mailboxes'), { mailbox_name: 'Pas valide!' });
    expect(badName.status).toBe(422);
    expect(badName.json.error.errors[0].context.attribute).toBe('mailbox_name');

    expect((await api('DELETE', mailboxPath(sandbox, 'factures'))).json).toEqual({
      result: 'success',
      data: true,
    });
    expect((await api('GET', mailboxPath(sandbox, 'factures'))).json.error.code).toBe('mailbox_not_found');
  });
});

describe('devices', () => {
  it('creates with a generated password shown once; the list never shows it', async () => {
    const created = await api('POST', mailboxPath(sandbox, 'demonstration', '/accesses/devices'), {
      label: 'iPhone de Alice',
      user_id: SANDBOX_USERS.alice.user_id,
      protocols: ['imap', 'smtp'],
    });
    expect(created.status).toBe(200);
    const device = successEnvelope(deviceWithPasswordSchema).parse(created.json).data;
    expect(device).toMatchObject({ label: 'iPhone de Alice', user_id: 100001, is_generic: false });
    expect(device.password.length).toBeGreaterThanOrEqual(20);
    expect(device.created_at).toBe(Math.floor(nowMs / 1000));
    expect(device.password_changed_at).toBe(device.created_at);
    await expect(hooks.verify(email('demonstration'), device.password)).resolves.toBe(true);

    const list = await api('GET', mailboxPath(sandbox, 'demonstration', '/accesses/devices'));
    const listed = pagedEnvelope(deviceSchema)
      .parse(list.json)
      .data.find((d) => d.id === device.id);
    expect(listed).toBeDefined();
    expect(list.text).not.toContain(device.password);
    expect(list.text).not.toContain('password"');
  });

  it('accepts a chosen password of 16+ characters and refuses a shorter one with a field error', async () => {
    const chosen = 'un-mot-de-passe-choisi-assez-long';
    const created = await api('POST', mailboxPath(sandbox, 'demonstration', '/accesses/devices'), {
      label: 'CRM',
      protocols: ['smtp'],
      password: chosen,
    });
    expect(created.json.data.password).toBe(chosen);
    expect(created.json.data.user_id).toBeNull();
    await expect(hooks.verify(email('demonstration'), chosen)).resolves.toBe(true);

    const short = await api('POST', mailboxPath(sandbox, 'demonstration', '/accesses/devices'), {
      label: 'CRM',
      protocols: ['smtp', 'ftp'],
      password: 'trop-court',
    });
    expect(short.status).toBe(422);
    expect(short.json.error.code).toBe('validation_failed');
    const attributes = short.json.error.errors.map(
      (e: { context: { attribute: string } }) => e.context.attribute,
    );
    expect(attributes.sort()).toEqual(['password', 'protocols.1']);
    expect(short.text).not.toContain('trop-court');
  });

  it('regenerates in place: same id, new password, old one refused, password_changed_at moves', async () => {
    const created = await api('POST', mailboxPath(sandbox, 'demonstration', '/accesses/devices'), {
      label: 'Thunderbird',
      protocols: ['imap'],
    });
    const before = created.json.data;
    nowMs += 3 * DAY_MS;
    const regenerated = await api(
      'POST',
      mailboxPath(sandbox, 'demonstration', `/accesses/devices/${before.id}`),
      undefined,
      'regenerate',
    );
    expect(regenerated.status).toBe(200);
    const after = successEnvelope(deviceWithPasswordSchema).parse(regenerated.json).data;
    expect(after.id).toBe(before.id);
    expect(after.created_at).toBe(before.created_at);
    expect(after.password_changed_at).toBe(Math.floor(nowMs / 1000));
    expect(after.password).not.toBe(before.password);
    await expect(hooks.verify(email('demonstration'), before.password)).resolves.toBe(false);
    await expect(hooks.verify(email('demonstration'), after.password)).resolves.toBe(true);

    const chosen = await api(
      'POST',
      mailboxPath(sandbox, 'demonstration', `/accesses/devices/${before.id}`),
      {
        password: 'nouveau-mot-de-passe-choisi',
      },
    );
    expect(chosen.json.data.password).toBe('nouveau-mot-de-passe-choisi');
    const tooShort = await api(
      'POST',
      mailboxPath(sandbox, 'demonstration', `/accesses/devices/${before.id}`),
      {
        password: 'court',
      },
    );
    expect(tooShort.status).toBe(422);
  });

  it('lists the generic password, refuses to regenerate it, and revokes it', async () => {
    const legacy = 'ancien-compte';
    const list = await api('GET', mailboxPath(sandbox, legacy, '/accesses/devices'));
    const generic = list.json.data.find((d: { id: number }) => d.id === SANDBOX_GENERIC_DEVICE_ID);
    expect(generic).toMatchObject({ is_generic: true, user_id: null });
    await expect(hooks.verify(email(legacy), SANDBOX_GENERIC_PASSWORD)).resolves.toBe(true);

    const refused = await api(
      'POST',
      mailboxPath(sandbox, legacy, `/accesses/devices/${SANDBOX_GENERIC_DEVICE_ID}`),
    );
    expect(refused.status).toBe(409);
    expect(refused.json.error.code).toBe('generic_password_immutable');
    expect(refused.json.error.description).toMatch(/only revoked/);
    await expect(hooks.verify(email(legacy), SANDBOX_GENERIC_PASSWORD)).resolves.toBe(true);

    const revoked = await api(
      'DELETE',
      mailboxPath(sandbox, legacy, `/accesses/devices/${SANDBOX_GENERIC_DEVICE_ID}`),
    );
    expect(revoked.json).toEqual({ result: 'success', data: true });
    await expect(hooks.verify(email(legacy), SANDBOX_GENERIC_PASSWORD)).resolves.toBe(false);
  });

  it('revokes one device and leaves the others working', async () => {
    const path = mailboxPath(sandbox, 'contact', '/accesses/devices');
    const a = (await api('POST', path, { label: 'A', protocols: ['imap'] })).json.data;
    const b = (await api('POST', path, { label: 'B', protocols: ['imap'] })).json.data;
    expect((await api('DELETE', `${path}/${a.id}`)).status).toBe(200);
    await expect(hooks.verify(email('contact'), a.password)).resolves.toBe(false);
    await expect(hooks.verify(email('contact'), b.password)).resolves.toBe(true);
    const ids = (await api('GET', path)).json.data.map((d: { id: number }) => d.id);
    expect(ids).toEqual([SANDBOX_CONTACT_DEVICE_ID, b.id]);
    expect((await api('DELETE', `${path}/${a.id}`)).json.error.code).toBe('device_not_found');
  });

  it("lists and revokes a user's devices only", async () => {
    const path = mailboxPath(sandbox, 'contact', '/accesses/devices');
    const alices = (await api('POST', path, { label: 'Alice', user_id: 100001, protocols: ['imap'] })).json
      .data;
    const bruno = `${path}/users/${SANDBOX_USERS.bruno.user_id}`;
    expect((await api('GET', bruno)).json.data.map((d: { id: number }) => d.id)).toEqual([
      SANDBOX_CONTACT_DEVICE_ID,
    ]);
    expect((await api('DELETE', bruno)).json.data).toBe(true);
    expect((await api('GET', bruno)).json.data).toEqual([]);
    await expect(hooks.verify(email('contact'), alices.password)).resolves.toBe(true);
    expect((await api('GET', `${path}/users/999`)).json.error.code).toBe('user_not_found');
  });

  it('relabels a device through the global route, device ids being unique across mailboxes', async () => {
    const created = (
      await api('POST', mailboxPath(sandbox, 'demonstration', '/accesses/devices'), {
        label: 'old',
        protocols: ['pop'],
      })
    ).json.data;
    const patched = await api('PATCH', `/1/mail_hostings/accesses/devices/${created.id}`, {
      label: 'new label',
    });
    expect(successEnvelope(deviceSchema).parse(patched.json).data).toMatchObject({
      id: created.id,
      label: 'new label',
    });
    expect(patched.text).not.toContain(created.password);
    expect((await api('PATCH', '/1/mail_hostings/accesses/devices/1', { label: 'x' })).json.error.code).toBe(
      'device_not_found',
    );
    expect(
      (await api('PATCH', `/1/mail_hostings/accesses/devices/${created.id}`, { label: '' })).status,
    ).toBe(422);
  });

  it('revokes all devices of an address, the generic password included', async () => {
    const path = mailboxPath(sandbox, 'demonstration', '/accesses/devices');
    const kept = (await api('POST', path, { label: 'x', protocols: ['imap'] })).json.data;
    expect((await api('DELETE', path)).json.data).toBe(true);
    expect((await api('GET', path)).json).toMatchObject({ data: [], total: 0 });
    await expect(hooks.verify(email('demonstration'), kept.password)).resolves.toBe(false);
  });
});

describe('webmail access', () => {
  it('grants, lists, updates and removes a user', async () => {
    const base = mailboxPath(sandbox, 'demonstration', '/accesses/webmail');
    const granted = await api('POST', base, {
      user_id: SANDBOX_USERS.chloe.user_id,
      permissions: ['read', 'send'],
    });
    expect(successEnvelope(webmailUserSchema).parse(granted.json).data).toMatchObject({
      user_id: 100003,
      email: SANDBOX_USERS.chloe.email,
      display_name: 'Chloé Dubois',
      permissions: ['read', 'send'],
    });
    expect((await api('POST', base, { user_id: 100003, permissions: ['read'] })).status).toBe(409);
    const unknown = await api('POST', base, { user_id: 4242, permissions: ['read'] });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('user_not_found');

    const users = await api('GET', `${base}/users`);
    expect(
      pagedEnvelope(webmailUserSchema)
        .parse(users.json)
        .data.map((u) => u.user_id),
    ).toEqual([100003]);

    const patched = await api('PATCH', `${base}/users/100003`, { permissions: ['read', 'manage'] });
    expect(patched.json.data.permissions).toEqual(['read', 'manage']);
    expect((await api('PATCH', `${base}/users/100001`, { permissions: ['read'] })).json.error.code).toBe(
      'user_not_found',
    );
    expect((await api('PATCH', `${base}/users/100003`, { permissions: ['admin'] })).status).toBe(422);

    expect((await api('DELETE', `${base}/users/100003`)).json.data).toBe(true);
    expect((await api('GET', `${base}/users`)).json.data).toEqual([]);
  });

  it('shows users and invitations together, never with a link', async () => {
    const base = mailboxPath(sandbox, 'contact', '/accesses/webmail');
    const created = (await api('POST', `${base}/invitations`, { permissions: ['read'] })).json.data;
    const access = await api('GET', base);
    const parsed = successEnvelope(webmailAccessSchema).parse(access.json).data;
    expect(parsed.users.map((u) => u.user_id)).toEqual([100001, 100002]);
    expect(parsed.invitations.map((i) => i.id)).toContain(created.id);
    expect(access.text).not.toContain(created.url);
    expect(access.text).not.toContain('"url"');
  });
});

describe('invitations', () => {
  it('creates a link shown once, sends it, and lets it expire after 30 days', async () => {
    const base = mailboxPath(sandbox, 'demonstration', '/accesses/webmail/invitations');
    const created = await api('POST', base, { permissions: ['read', 'send'] });
    const invitation = successEnvelope(invitationWithUrlSchema).parse(created.json).data;
    expect(invitation).toMatchObject({ status: 'pending', email: null, permissions: ['read', 'send'] });
    expect(invitation.expires_at - invitation.created_at).toBe(INVITATION_VALIDITY_DAYS * 24 * 3600);
    expect(invitation.url).toMatch(/\/invitations\/[A-Za-z0-9_-]{32}$/);
    const other = (await api('POST', base, { permissions: ['read'] })).json.data;
    expect(other.url).not.toBe(invitation.url);
    expect(other.id).not.toBe(invitation.id);

    const sent = await api('POST', `${base}/${invitation.id}/send`, { email: 'nouvelle@exemple.org' });
    expect(sent.json.data).toMatchObject({
      id: invitation.id,
      status: 'sent',
      email: 'nouvelle@exemple.org',
    });
    expect(sent.json.data.url).toBeUndefined();
    expect((await api('POST', `${base}/${invitation.id}/send`, { email: 'pas-un-email' })).status).toBe(422);
    expect((await api('POST', `${base}/99999/send`, { email: 'a@b.ch' })).json.error.code).toBe(
      'invitation_not_found',
    );

    const statusOf = async (id: number) =>
      (
        await api('GET', mailboxPath(sandbox, 'demonstration', '/accesses/webmail'))
      ).json.data.invitations.find((i: { id: number }) => i.id === id).status;
    nowMs += (INVITATION_VALIDITY_DAYS - 1) * DAY_MS;
    expect(await statusOf(invitation.id)).toBe('sent');
    nowMs += DAY_MS;
    expect(await statusOf(invitation.id)).toBe('expired');
    expect(await statusOf(other.id)).toBe('expired');
    const late = await api('POST', `${base}/${other.id}/send`, { email: 'a@b.ch' });
    expect(late.status).toBe(409);
    expect(late.json.error.description).toMatch(/expired/);
  });
});

describe('organisation users', () => {
  it('lists the seeded users with stable ids, paged', async () => {
    const users = await api('GET', hostingPath(sandbox, '/users?per_page=2'));
    expect(users.json).toMatchObject({ total: 3, pages: 2, page: 1, items_per_page: 2 });
    expect(users.json.data.map((u: { user_id: number }) => u.user_id)).toEqual([100001, 100002]);
    const second = await api('GET', hostingPath(sandbox, '/users?per_page=2&page=2'));
    expect(second.json.data).toEqual([SANDBOX_USERS.chloe]);
  });
});

describe('secrets in responses', () => {
  it('shows a password only in create and regenerate answers, and a link only in invitation create', () => {
    const passwords = new Set<string>();
    const urls = new Set<string>();
    for (const { response } of seen) {
      const data = response.json?.data;
      if (data && typeof data.password === 'string') passwords.add(data.password);
      if (data && typeof data.url === 'string') urls.add(data.url);
    }
    expect(passwords.size).toBeGreaterThan(3);
    for (const { what, response } of seen) {
      const data = response.json?.data;
      const isDeviceWrite = /^POST .*\/accesses\/devices(\/\d+)?$/.test(what) || what === 'regenerate';
      const isInvitationCreate = /^POST .*\/invitations$/.test(what);
      for (const password of passwords) {
        if (response.text.includes(password)) {
          expect(isDeviceWrite && data?.password === password).toBe(true);
        }
      }
      for (const url of urls) {
        if (response.text.includes(url)) expect(isInvitationCreate).toBe(true);
      }
    }
  });
});
