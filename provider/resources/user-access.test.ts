import { Diagnostics, DiagnosticError, unknown } from '../framework';
import {
  INVITATION_VALIDITY_DAYS,
  MailClient,
  type Invitation,
  type MailboxPermission,
  type MailboxRef,
  type UserAccess,
  type WebmailAccess,
} from '../infomaniak';
import {
  SANDBOX_ADMIN_TOKEN,
  SANDBOX_MAIL_HOSTING_ID as HOSTING,
  SANDBOX_READONLY_TOKEN,
  SANDBOX_USERS,
  SandboxHooksClient,
  startSandbox,
  type RunningSandbox,
} from '../sandbox';
import { AccessCache } from './access-cache';
import { RecipientsCache } from './secret-recipients';
import type { MailContext } from './context';
import {
  invitationStatus,
  observe,
  planUserAccess,
  userAccess,
  userAccessIdForm,
  validateTarget,
  type UserAccessModel,
} from './user-access';

const NOW = Date.parse('2026-06-30T00:00:00Z') / 1000;
const DAY = 86_400;

const base: UserAccessModel = {
  id: null,
  mail_hosting_id: HOSTING,
  mailbox_name: 'contact',
  user_id: null,
  email: null,
  permissions: [],
  language: 'en',
  first_name: null,
  last_name: null,
  status: null,
  invitation_key: null,
  invitation_url: null,
  invitation_expires_at: null,
  secret_recipients: null,
  encrypted_invitation_url: null,
  invitation_recipients_fingerprint: null,
};

const alice = SANDBOX_USERS.alice;

const userAccessOf = (u: typeof alice, permissions: MailboxPermission[]): UserAccess => ({
  accessId: 9000002,
  userId: u.user_id,
  email: u.email,
  displayName: u.display_name,
  firstName: u.first_name,
  lastName: u.last_name,
  status: 'healthy',
  permissions,
  createdAt: 1,
  lastUsedAt: null,
});

const invitation = (key: string, expiresAt: number, permissions: MailboxPermission[] = []): Invitation => ({
  key,
  url: `https://example.invalid/invitation/${key}-secret`,
  sentTo: 'x@y.ch',
  expiresAt,
  permissions,
});

/** The error a call fails with. */
async function failure(pending: unknown): Promise<unknown> {
  try {
    await pending;
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
}

describe('validateTarget', () => {
  it('asks for one of user_id and email, on the attribute', () => {
    const d = new Diagnostics();
    validateTarget(null, null, d);
    expect(d.errors).toEqual([expect.objectContaining({ attribute: [{ attributeName: 'user_id' }] })]);
    const both = new Diagnostics();
    validateTarget(1, 'a@b.ch', both);
    expect(both.errors).toHaveLength(1);
    expect(both.errors[0]?.attribute).toEqual([{ attributeName: 'email' }]);
    expect(both.errors[0]?.summary).toMatch(/not both/);
  });

  it('waits for unknown values and accepts exactly one', () => {
    for (const [u, e] of [
      [unknown, null],
      [null, unknown],
      [unknown, 'a@b.ch'],
      [1, null],
      [null, 'a@b.ch'],
    ] as const) {
      const d = new Diagnostics();
      validateTarget(u, e, d);
      expect(d.length).toBe(0);
    }
  });
});

describe('importState', () => {
  const importState = (id: string) =>
    Promise.resolve().then(() =>
      userAccess.importState!({
        typeName: 'infomaniakmail_user_access',
        signal: new AbortController().signal,
        diagnostics: new Diagnostics(),
        client: {} as never,
        id,
      }),
    );

  it('takes HOSTING/MAILBOX/USER_ID, typed', async () => {
    expect(await importState('1234567/contact/100001')).toEqual({
      state: { mail_hosting_id: 1234567, mailbox_name: 'contact', user_id: 100001 },
    });
  });

  it.each(['1234567/contact', 'x/contact/1', '1/contact/invitation/5', '1/contact/0', ''])(
    'rejects %j with the form, saying invitations are not imported',
    async (id) => {
      const error = await importState(id).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DiagnosticError);
      expect((error as DiagnosticError).detail).toContain('MAIL_HOSTING_ID/MAILBOX_NAME/USER_ID');
      expect((error as DiagnosticError).detail).toContain('invitations are not imported');
      expect((error as DiagnosticError).detail).toContain(userAccessIdForm.example);
    },
  );
});

describe('planUserAccess', () => {
  const plan = { ...base, id: unknown, status: unknown, invitation_key: unknown } as never;

  it('predicts a grant completely on create', () => {
    const out = planUserAccess(
      null,
      { ...(plan as object), user_id: 100003 } as never,
      new Diagnostics(),
      NOW,
    );
    expect(out.plan).toMatchObject({
      id: `${HOSTING}/contact/100003`,
      status: 'active',
      invitation_key: null,
      invitation_url: null,
      invitation_expires_at: null,
    });
    expect(out.requiresReplace).toBeUndefined();
  });

  it('plans an invitation as invited, its link known after apply; an unknown user_id stays unknown', () => {
    const out = planUserAccess(
      null,
      { ...(plan as object), email: 'x@y.ch', invitation_url: unknown } as never,
      new Diagnostics(),
      NOW,
    );
    expect(out.plan.status).toBe('invited');
    expect(out.plan.invitation_url).toBe(unknown);
    const open = planUserAccess(
      null,
      { ...(plan as object), user_id: unknown } as never,
      new Diagnostics(),
      NOW,
    );
    expect(open.plan.status).toBe(unknown);
  });

  const pending: UserAccessModel = {
    ...base,
    id: `${HOSTING}/contact/invitation/abc`,
    email: 'x@y.ch',
    status: 'invited',
    invitation_key: 'abc',
    invitation_url: 'https://example.invalid/invitation/secret',
    invitation_expires_at: '2026-07-10T00:00:00Z',
  };

  it('keeps a valid invitation as it is', () => {
    const d = new Diagnostics();
    const out = planUserAccess(pending, { ...pending, status: unknown } as never, d, NOW);
    expect(out.requiresReplace).toBeUndefined();
    expect(out.plan).toMatchObject({
      status: 'invited',
      invitation_url: pending.invitation_url,
      id: pending.id,
    });
    expect(d.length).toBe(0);
  });

  it('replaces an invitation whose invitation_expires_at has passed, with a warning that says why', () => {
    const d = new Diagnostics();
    const out = planUserAccess(
      pending,
      { ...pending, status: unknown, invitation_url: unknown } as never,
      d,
      Date.parse('2026-07-10T00:00:00Z') / 1000,
    );
    expect(out.requiresReplace).toEqual(['status']);
    expect(out.plan.status).toBe('invited');
    expect(out.plan.invitation_url).toBe(unknown);
    expect(d.warnings).toHaveLength(1);
    expect(d.warnings[0]).toMatchObject({ attribute: [{ attributeName: 'status' }] });
    expect(d.warnings[0]?.summary).toBe(
      `The invitation for x@y.ch to "contact" (Mail Service ${HOSTING}) has expired`,
    );
    expect(d.warnings[0]?.detail).toContain('2026-07-10T00:00:00Z');
    expect(JSON.stringify(d.toArray())).not.toContain(pending.invitation_url);
  });

  it('replaces an invitation a refresh saw expired', () => {
    const out = planUserAccess({ ...pending, status: 'expired' }, pending as never, new Diagnostics(), NOW);
    expect(out.requiresReplace).toEqual(['status']);
  });

  it('replaces a pending invitation whose permissions change, with a warning on permissions', () => {
    const d = new Diagnostics();
    const changed = planUserAccess(pending, { ...pending, permissions: ['manage_filters'] } as never, d, NOW);
    expect(changed.requiresReplace).toEqual(['permissions']);
    expect(d.warnings[0]).toMatchObject({ attribute: [{ attributeName: 'permissions' }] });
    expect(d.warnings[0]?.summary).toMatch(/x@y\.ch .* will be replaced/);
    expect(
      planUserAccess(pending, { ...pending, permissions: unknown } as never, new Diagnostics(), NOW)
        .requiresReplace,
    ).toEqual(['permissions']);
  });

  it('compares permissions as sets', () => {
    const two: UserAccessModel = { ...pending, permissions: ['manage_filters', 'access_logs'] };
    const same = planUserAccess(
      two,
      { ...two, permissions: ['access_logs', 'manage_filters'] } as never,
      new Diagnostics(),
      NOW,
    );
    expect(same.requiresReplace).toBeUndefined();
  });

  it('updates a grant, and an accepted invitation, in place', () => {
    const grant: UserAccessModel = { ...base, user_id: 1, status: 'active', id: 'h/m/1' };
    const update = planUserAccess(
      grant,
      { ...grant, status: unknown, permissions: ['manage_rules'] } as never,
      new Diagnostics(),
      NOW,
    );
    expect(update.requiresReplace).toBeUndefined();
    expect(update.plan.status).toBe('active');
    const accepted: UserAccessModel = { ...pending, status: 'active', invitation_url: null };
    const joined = planUserAccess(
      accepted,
      { ...accepted, permissions: ['manage_rules'] } as never,
      new Diagnostics(),
      Date.parse('2026-08-01T00:00:00Z') / 1000,
    );
    expect(joined.requiresReplace).toBeUndefined();
    expect(joined.plan.status).toBe('active');
  });
});

describe('observe', () => {
  const access: WebmailAccess = {
    users: [userAccessOf(alice, ['manage_filters', 'manage_signatures'])],
    invitations: [invitation('live', NOW + 10 * DAY, ['access_logs']), invitation('old', NOW - 1)],
  };

  it('refreshes a grant, and reports it gone when the user lost access', () => {
    expect(observe({ ...base, user_id: alice.user_id }, access, NOW)).toMatchObject({
      status: 'active',
      permissions: ['manage_filters', 'manage_signatures'],
      id: `${HOSTING}/contact/${alice.user_id}`,
      invitation_key: null,
      invitation_url: null,
    });
    expect(observe({ ...base, user_id: 100003 }, access, NOW)).toBeUndefined();
  });

  it('derives the status of an invitation from its expiry and the service clock', () => {
    const invited = observe(
      { ...base, email: 'x@y.ch', invitation_key: 'live', status: 'invited' },
      access,
      NOW,
    );
    expect(invited).toMatchObject({
      id: `${HOSTING}/contact/invitation/live`,
      status: 'invited',
      permissions: ['access_logs'],
      invitation_url: access.invitations[0]!.url,
      invitation_expires_at: '2026-07-10T00:00:00Z',
    });
    expect(
      observe({ ...base, email: 'x@y.ch', invitation_key: 'old', status: 'invited' }, access, NOW)?.status,
    ).toBe('expired');
    expect(invitationStatus(access.invitations[0]!, NOW)).toBe('invited');
    expect(invitationStatus(access.invitations[0]!, NOW + 10 * DAY)).toBe('expired');
  });

  it('follows an accepted invitation to the user with the same email, whatever its case', () => {
    const used = observe(
      {
        ...base,
        email: alice.email.toUpperCase(),
        invitation_key: 'gone',
        status: 'invited',
        invitation_url: 'https://example.invalid/invitation/secret',
      },
      access,
      NOW,
    );
    expect(used).toMatchObject({
      status: 'active',
      permissions: ['manage_filters', 'manage_signatures'],
      user_id: null,
      invitation_url: null,
    });
  });

  it('reports an invitation gone that nobody took up', () => {
    expect(
      observe({ ...base, email: 'gone@y.ch', invitation_key: 'gone', status: 'invited' }, access, NOW),
    ).toBeUndefined();
  });
});

describe('create and update with a recording client', () => {
  const ref: MailboxRef = { hosting: HOSTING, mailbox: 'contact' };

  function recording() {
    const sent: { op: string; permissions: readonly string[] }[] = [];
    const ctx = {
      client: {
        serverNow: () => NOW * 1000,
        webmail: {
          grant: async (_r: MailboxRef, _u: number, permissions: readonly string[]) => {
            sent.push({ op: 'grant', permissions });
          },
          updatePermissions: async (_r: MailboxRef, _u: number, permissions: readonly string[]) => {
            sent.push({ op: 'update', permissions });
          },
        },
      },
      cache: { webmailChanged: () => undefined },
      recipients: new RecipientsCache(null),
    } as unknown as MailContext;
    return { ctx, sent };
  }

  const call = (ctx: MailContext) => ({
    typeName: 'infomaniakmail_user_access',
    signal: new AbortController().signal,
    diagnostics: new Diagnostics(),
    client: ctx,
    private: undefined,
  });

  it('sends and records permissions in the canonical order, without duplicates', async () => {
    const { ctx, sent } = recording();
    const config = {
      ...base,
      ...ref,
      user_id: 100003,
      permissions: ['access_logs', 'manage_filters', 'access_logs'],
    };
    const { state } = await userAccess.create({
      ...call(ctx),
      config: { ...config, mail_hosting_id: HOSTING, mailbox_name: 'contact' },
      plan: config as never,
    });
    expect(sent).toEqual([{ op: 'grant', permissions: ['manage_filters', 'access_logs'] }]);
    expect(state.permissions).toEqual(['manage_filters', 'access_logs']);

    const next = {
      ...config,
      mail_hosting_id: HOSTING,
      mailbox_name: 'contact',
      permissions: ['restore_emails', 'change_password'],
    };
    const updated = await userAccess.update!({ ...call(ctx), config: next, plan: next as never, state });
    expect(sent[1]).toEqual({ op: 'update', permissions: ['change_password', 'restore_emails'] });
    expect(updated.state.permissions).toEqual(['change_password', 'restore_emails']);
  });
});

describe('user_access against the sandbox', () => {
  let sandbox: RunningSandbox;
  let hooks: SandboxHooksClient;
  const clients: MailClient[] = [];
  const contact: MailboxRef = { hosting: HOSTING, mailbox: 'contact' };

  beforeAll(async () => {
    sandbox = await startSandbox({ testHooks: true });
    hooks = new SandboxHooksClient(sandbox.url);
  });
  afterEach(() => hooks.reset());
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await sandbox.close();
  });

  function context(token = SANDBOX_ADMIN_TOKEN): MailContext {
    const client = new MailClient({ token, endpoint: sandbox.url, retry: { maxAttempts: 1 } });
    clients.push(client);
    return { client, cache: new AccessCache(client), recipients: new RecipientsCache(null) };
  }

  function call(ctx: MailContext) {
    return {
      typeName: 'infomaniakmail_user_access',
      signal: new AbortController().signal,
      diagnostics: new Diagnostics(),
      client: ctx,
      private: undefined,
    };
  }

  it('grants, refreshes, changes permissions in place and removes only that user', async () => {
    const ctx = context();
    const config = { ...base, user_id: SANDBOX_USERS.chloe.user_id, permissions: ['manage_filters'] };
    const created = await userAccess.create({ ...call(ctx), config, plan: config as never });
    expect(created.state).toMatchObject({ status: 'active', id: `${HOSTING}/contact/100003` });

    const changed = { ...config, permissions: ['manage_filters', 'manage_rules'] };
    const updated = await userAccess.update!({
      ...call(ctx),
      config: changed,
      plan: changed as never,
      state: created.state,
    });
    expect(updated.state.permissions).toEqual(['manage_filters', 'manage_rules']);

    const read = await userAccess.read({ ...call(context()), state: updated.state });
    expect(read).toMatchObject({ state: { permissions: ['manage_filters', 'manage_rules'] } });

    await userAccess.delete({ ...call(ctx), state: updated.state });
    const left = await context().client.webmail.list(contact);
    expect(left.users.map((u) => u.userId).sort()).toEqual([100001, 100002]);
    expect(await userAccess.read({ ...call(context()), state: updated.state })).toEqual({ gone: true });
  });

  it('adopts a user who already has access, aligning permissions, with a warning', async () => {
    const req = call(context());
    const config = { ...base, user_id: alice.user_id, permissions: ['access_logs'] };
    const created = await userAccess.create({ ...req, config, plan: config as never });
    expect(created.state.permissions).toEqual(['access_logs']);
    expect(req.diagnostics.warnings[0]?.summary).toMatch(/already had access/);
    const listed = await context().client.webmail.list(contact);
    expect(listed.users.find((u) => u.userId === alice.user_id)?.permissions).toEqual(['access_logs']);
  });

  it('names the unknown user on user_id', async () => {
    const config = { ...base, user_id: 999999 };
    const err = await failure(userAccess.create({ ...call(context()), config, plan: config as never }));
    expect(err).toBeInstanceOf(DiagnosticError);
    expect(err).toMatchObject({ attribute: [{ attributeName: 'user_id' }] });
    expect((err as Error).message).toMatch(/User 999999 is not a user of the organisation/);
  });

  it('turns a 403 into a diagnostic that names the missing right', async () => {
    const config = { ...base, user_id: 100003 };
    const err = await failure(
      userAccess.create({ ...call(context(SANDBOX_READONLY_TOKEN)), config, plan: config as never }),
    );
    expect(err).toBeInstanceOf(DiagnosticError);
    expect((err as DiagnosticError).detail).toMatch(/403.*Administrator/s);
  });

  it('keeps an invitation that could not be mailed in state, with an error (terraform taints it)', async () => {
    await hooks.addFault({
      route:
        'POST /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/invitations/{invitation}/send',
      mode: 'status',
      status: 500,
    });
    const req = call(context());
    const config = { ...base, email: 'new.person@example.ch' };
    const { state } = await userAccess.create({ ...req, config, plan: config as never });
    expect(state.invitation_key).toEqual(expect.any(String));
    expect(state.invitation_url).toMatch(/^http/);
    expect(req.diagnostics.errors[0]?.summary).toMatch(
      /was created but could not be mailed to new\.person@example\.ch/,
    );
    expect(JSON.stringify(req.diagnostics.toArray())).not.toContain(state.invitation_url);
  });

  it('invites by email: link returned once, sent, expiring per the API; delete withdraws it', async () => {
    const ctx = context();
    const config = { ...base, email: 'new.person@example.ch', permissions: ['manage_signatures'] };
    const req = call(ctx);
    const { state } = await userAccess.create({ ...req, config, plan: config as never });
    expect(req.diagnostics.length).toBe(0);
    expect(state).toMatchObject({ status: 'invited', permissions: ['manage_signatures'] });
    expect(state.invitation_url).toMatch(/^http/);
    expect(state.id).toBe(`${HOSTING}/contact/invitation/${state.invitation_key}`);
    const listed = await context().client.webmail.list(contact);
    expect(listed.invitations).toEqual([
      expect.objectContaining({ key: state.invitation_key, sentTo: 'new.person@example.ch' }),
    ]);
    const invited = listed.invitations[0]!;
    expect(state.invitation_expires_at).toBe(
      new Date(invited.expiresAt * 1000).toISOString().replace('.000Z', 'Z'),
    );
    const days = (invited.expiresAt * 1000 - ctx.client.serverNow()) / 86_400_000;
    expect(Math.round(days)).toBe(INVITATION_VALIDITY_DAYS);

    const del = call(ctx);
    await userAccess.delete({ ...del, state });
    expect(del.diagnostics.length).toBe(0);
    expect((await context().client.webmail.list(contact)).invitations).toEqual([]);
  });

  it('on a 501 of the withdrawal route, warns that the link stays valid, never showing it', async () => {
    const ctx = context();
    const config = { ...base, email: 'new.person@example.ch' };
    const { state } = await userAccess.create({ ...call(ctx), config, plan: config as never });
    await hooks.addFault({
      route: 'DELETE /1/mail_hostings/{hosting}/mailboxes/{mailbox}/invitations/{invitation}',
      mode: 'status',
      status: 501,
    });
    const del = call(ctx);
    await userAccess.delete({ ...del, state });
    expect(del.diagnostics.warnings[0]?.summary).toMatch(/stays valid/);
    expect(JSON.stringify(del.diagnostics.toArray())).not.toContain(state.invitation_url);
  });

  it('follows an accepted invitation to its user: permissions update in place, destroy removes them', async () => {
    const ctx = context();
    const config = { ...base, email: SANDBOX_USERS.chloe.email, permissions: ['manage_filters'] };
    const { state } = await userAccess.create({ ...call(ctx), config, plan: config as never });
    await hooks.acceptInvitation({
      mailbox_name: 'contact',
      key: state.invitation_key!,
      user_id: SANDBOX_USERS.chloe.user_id,
    });

    const read = await userAccess.read({ ...call(context()), state });
    if (read.gone) throw new Error('the accepted invitation was reported gone');
    expect(read.state).toMatchObject({
      status: 'active',
      permissions: ['manage_filters'],
      invitation_url: null,
    });

    const changed = { ...config, permissions: ['manage_rules'] };
    const planned = planUserAccess(
      read.state,
      { ...read.state, ...changed } as never,
      new Diagnostics(),
      NOW,
    );
    expect(planned.requiresReplace).toBeUndefined();
    const fresh = context();
    await userAccess.update!({ ...call(fresh), config: changed, plan: changed as never, state: read.state });
    const users = (await context().client.webmail.list(contact)).users;
    expect(users.find((u) => u.userId === SANDBOX_USERS.chloe.user_id)?.permissions).toEqual([
      'manage_rules',
    ]);

    await userAccess.delete({ ...call(context()), state: read.state });
    const left = (await context().client.webmail.list(contact)).users.map((u) => u.userId).sort();
    expect(left).toEqual([100001, 100002]);
  });
});
