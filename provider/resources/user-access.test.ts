import { Diagnostics, DiagnosticError, unknown } from '../framework';
import { MailClient, type WebmailAccess } from '../infomaniak';
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
import type { MailContext } from './context';
import {
  invitationStatus,
  observe,
  parseImportId,
  planUserAccess,
  userAccess,
  validateTarget,
  type UserAccessModel,
} from './user-access';

const base: UserAccessModel = {
  id: null,
  mail_hosting_id: HOSTING,
  mailbox_name: 'contact',
  user_id: null,
  email: null,
  permissions: ['read'],
  status: null,
  invitation_id: null,
  invitation_url: null,
  invitation_expires_at: null,
};

const alice = SANDBOX_USERS.alice;

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
    expect(both.errors[0]?.attribute).toEqual([{ attributeName: 'email' }]);
    expect(both.errors[0]?.summary).toMatch(/not both/);
  });

  it('waits for unknown values and accepts exactly one', () => {
    for (const [u, e] of [
      [unknown, null],
      [null, unknown],
      [1, null],
      [null, 'a@b.ch'],
    ] as const) {
      const d = new Diagnostics();
      validateTarget(u, e, d);
      expect(d.length).toBe(0);
    }
  });
});

describe('parseImportId', () => {
  it('reads HOSTING/MAILBOX/USER_ID', () => {
    expect(parseImportId('1234567/contact/100001')).toEqual({
      hosting: 1234567,
      mailbox: 'contact',
      user: 100001,
    });
  });

  it.each(['1234567/contact', 'x/contact/1', '1/contact/invitation/5', ''])(
    'rejects %j with the form',
    (id) => {
      expect(() => parseImportId(id)).toThrow(DiagnosticError);
      expect(() => parseImportId(id)).toThrow(/HOSTING\/MAILBOX\/USER_ID/);
    },
  );
});

describe('planUserAccess', () => {
  const plan = { ...base, id: unknown, status: unknown, invitation_id: unknown } as never;

  it('predicts a grant completely on create', () => {
    const out = planUserAccess(null, { ...(plan as object), user_id: 100003 } as never, new Diagnostics());
    expect(out.plan).toMatchObject({
      id: `${HOSTING}/contact/100003`,
      status: 'active',
      invitation_id: null,
      invitation_url: null,
      invitation_expires_at: null,
    });
  });

  it('plans an invitation as invited, its link known after apply', () => {
    const out = planUserAccess(
      null,
      { ...(plan as object), email: 'x@y.ch', invitation_url: unknown } as never,
      new Diagnostics(),
    );
    expect(out.plan.status).toBe('invited');
    expect(out.plan.invitation_url).toBe(unknown);
  });

  it('replaces an expired invitation, with a warning that says why', () => {
    const state: UserAccessModel = {
      ...base,
      email: 'x@y.ch',
      status: 'expired',
      invitation_id: 501,
      invitation_expires_at: '2026-01-01T00:00:00Z',
    };
    const d = new Diagnostics();
    const out = planUserAccess(state, { ...state, status: unknown } as never, d);
    expect(out.requiresReplace).toEqual(['status']);
    expect(out.plan.status).toBe('invited');
    expect(d.warnings[0]?.summary).toMatch(/x@y\.ch .* has expired/);
  });

  it('replaces a pending invitation whose permissions change, updates a grant in place', () => {
    const invitation: UserAccessModel = { ...base, email: 'x@y.ch', status: 'invited', invitation_id: 501 };
    const changed = planUserAccess(
      invitation,
      { ...invitation, permissions: ['read', 'send'] } as never,
      new Diagnostics(),
    );
    expect(changed.requiresReplace).toEqual(['permissions']);
    const same = planUserAccess(
      invitation,
      { ...invitation, permissions: ['read'] } as never,
      new Diagnostics(),
    );
    expect(same.requiresReplace).toBeUndefined();
    const grant: UserAccessModel = { ...base, user_id: 1, status: 'active', id: 'h/m/1' };
    const update = planUserAccess(
      grant,
      { ...grant, status: unknown, permissions: ['send'] } as never,
      new Diagnostics(),
    );
    expect(update.requiresReplace).toBeUndefined();
    expect(update.plan.status).toBe('active');
  });
});

describe('observe', () => {
  const access: WebmailAccess = {
    users: [{ ...alice, permissions: ['read', 'send'], created_at: 1 }],
    invitations: [
      { id: 501, email: 'x@y.ch', permissions: ['read'], status: 'sent', created_at: 0, expires_at: 2592000 },
      { id: 502, email: null, permissions: ['read'], status: 'expired', created_at: 0, expires_at: 10 },
    ],
  };

  it('refreshes a grant, and reports it gone when the user lost access', () => {
    expect(observe({ ...base, user_id: alice.user_id }, access)).toMatchObject({
      status: 'active',
      permissions: ['read', 'send'],
      id: `${HOSTING}/contact/${alice.user_id}`,
    });
    expect(observe({ ...base, user_id: 100003 }, access)).toBeUndefined();
  });

  it('derives the status of an invitation from the API', () => {
    const invited = observe({ ...base, email: 'x@y.ch', invitation_id: 501, status: 'invited' }, access);
    expect(invited).toMatchObject({ status: 'invited', invitation_expires_at: '1970-01-31T00:00:00Z' });
    expect(observe({ ...base, email: 'z@y.ch', invitation_id: 502, status: 'invited' }, access)?.status).toBe(
      'expired',
    );
    expect(invitationStatus(access.invitations[0]!)).toBe('invited');
  });

  it('follows an invitation that was used to the user it became, else reports it gone', () => {
    const used = observe(
      { ...base, email: alice.email.toUpperCase(), invitation_id: 599, status: 'invited' },
      access,
    );
    expect(used).toMatchObject({ status: 'active', permissions: ['read', 'send'], user_id: null });
    expect(
      observe({ ...base, email: 'gone@y.ch', invitation_id: 599, status: 'invited' }, access),
    ).toBeUndefined();
  });
});

describe('user_access against the sandbox', () => {
  let sandbox: RunningSandbox;
  let hooks: SandboxHooksClient;
  const clients: MailClient[] = [];

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
    return { client, cache: new AccessCache(client) };
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
    const config = { ...base, user_id: 100003, permissions: ['read'] };
    const created = await userAccess.create({ ...call(ctx), config, plan: config as never });
    expect(created.state).toMatchObject({ status: 'active', id: `${HOSTING}/contact/100003` });

    const updated = await userAccess.update!({
      ...call(ctx),
      config: { ...config, permissions: ['read', 'send'] },
      plan: config as never,
      state: created.state,
    });
    expect([...(updated.state.permissions ?? [])].sort()).toEqual(['read', 'send']);

    const read = await userAccess.read({ ...call(context()), state: updated.state });
    expect(read).toMatchObject({ state: { permissions: expect.arrayContaining(['read', 'send']) } });

    await userAccess.delete({ ...call(ctx), state: updated.state });
    const left = await ctx.client.webmail.list({ hosting: HOSTING, mailbox: 'contact' });
    expect(left.users.map((u) => u.user_id).sort()).toEqual([100001, 100002]);
    expect(await userAccess.read({ ...call(context()), state: updated.state })).toEqual({ gone: true });
  });

  it('adopts a user who already has access, with a warning', async () => {
    const req = call(context());
    const config = { ...base, user_id: alice.user_id, permissions: ['read'] };
    const created = await userAccess.create({ ...req, config, plan: config as never });
    expect(created.state.permissions).toEqual(['read']);
    expect(req.diagnostics.warnings[0]?.summary).toMatch(/already had access/);
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
    expect(state.invitation_id).toEqual(expect.any(Number));
    expect(req.diagnostics.errors[0]?.summary).toMatch(
      /was created but could not be mailed to new\.person@example\.ch/,
    );
    expect(JSON.stringify(req.diagnostics.toArray())).not.toContain(state.invitation_url);
  });

  it('invites by email: link returned once, sent, expiring in 30 days; delete warns the link stays', async () => {
    const ctx = context();
    const config = { ...base, email: 'new.person@example.ch' };
    const before = Date.now();
    const { state } = await userAccess.create({ ...call(ctx), config, plan: config as never });
    expect(state.status).toBe('invited');
    expect(state.invitation_url).toMatch(/^http/);
    const days = (Date.parse(state.invitation_expires_at!) - before) / 86_400_000;
    expect(days).toBeGreaterThan(29.9);
    expect(days).toBeLessThan(30.1);
    const listed = await ctx.client.webmail.list({ hosting: HOSTING, mailbox: 'contact' });
    expect(listed.invitations).toEqual([
      expect.objectContaining({ id: state.invitation_id, email: 'new.person@example.ch', status: 'sent' }),
    ]);
    const del = call(ctx);
    await userAccess.delete({ ...del, state });
    expect(del.diagnostics.warnings[0]?.summary).toMatch(/stays valid/);
    expect(JSON.stringify(del.diagnostics.toArray())).not.toContain(state.invitation_url);
  });
});
