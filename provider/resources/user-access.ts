/**
 * infomaniakmail_user_access: one person's webmail access to one address.
 *
 * Two kinds, chosen by configuration (exactly one of `user_id` / `email`):
 * - a grant to a user of the organisation (`user_id`): status `active`;
 * - an invitation (`email`): a setup link created and mailed to someone who is not in
 *   the organisation yet; status `invited`, then `expired` after 30 days (a plan then
 *   replaces it, which issues a new link). Once the person has joined and the link is
 *   used, the invitation disappears from the API and the address lists them as a user
 *   with that email: the resource follows them there (status `active`).
 *
 * Every read goes through the per-run AccessCache, so the grants and the access policy
 * of an address share one webmail-list request per terraform run.
 */
import {
  DiagnosticError,
  attr,
  attrPath,
  each,
  intRange,
  isUnknown,
  oneOf,
  requiresReplace,
  sizeBetween,
  stringMatches,
  useStateForUnknown,
  type Diagnostics,
  type ModelOf,
  type PlanOf,
} from '../framework';
import {
  NotFoundError,
  RejectedError,
  isMailApiError,
  webmailPermissions,
  INVITATION_VALIDITY_DAYS,
  type Invitation,
  type MailboxRef,
  type WebmailAccess,
  type WebmailPermission,
  type WebmailUser,
} from '../infomaniak';
import { apiFailure, reportApiError } from './api-errors';
import { addressKeyAttributes, describeAddress, refOf, rfc3339 } from './common';
import { kit, type MailContext } from './context';
import { ImportIdError } from './import-id';

export type AccessStatus = 'active' | 'invited' | 'expired';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const attributes = {
  id: attr.string({
    computed: true,
    description:
      '`HOSTING/MAILBOX/USER_ID` for a grant (the form `terraform import` takes), ' +
      '`HOSTING/MAILBOX/invitation/INVITATION_ID` for an invitation.',
    planModifiers: [useStateForUnknown()],
  }),
  ...addressKeyAttributes(),
  user_id: attr.int({
    optional: true,
    description:
      'Id of a user of the organisation that owns the Mail Service (see the `infomaniakmail_users` ' +
      'data source). They read the address in the Infomaniak Mail apps with their own login. ' +
      'Set exactly one of `user_id` and `email`. Changing it replaces the resource.',
    validators: [intRange(1, Number.MAX_SAFE_INTEGER)],
    planModifiers: [requiresReplace()],
  }),
  email: attr.string({
    optional: true,
    description:
      'Email of someone who is **not yet** a user of the organisation: apply creates a setup link ' +
      `(valid ${INVITATION_VALIDITY_DAYS} days) and mails it to this address. Set exactly one of ` +
      '`user_id` and `email`. Changing it replaces the resource (a new link).',
    validators: [stringMatches(EMAIL, 'Must be an email address, e.g. "alice@example.ch".')],
    planModifiers: [requiresReplace()],
  }),
  permissions: attr.set('string', {
    required: true,
    description:
      `What the person may do with the address: any of ${webmailPermissions.map((p) => `\`${p}\``).join(', ')}. ` +
      'A grant changes in place; the API cannot change an invitation, so changing the permissions of ' +
      'a pending invitation replaces it (a new link).',
    validators: [sizeBetween(1), each(oneOf(...webmailPermissions))],
  }),
  status: attr.string({
    computed: true,
    description:
      '`active` when the person has access (a grant, or an invitation that was used), `invited` while ' +
      'the setup link is valid and unused, `expired` once it has expired: the next plan then replaces ' +
      'the resource, which issues and sends a new link.',
  }),
  invitation_id: attr.int({
    computed: true,
    description: 'Id of the invitation; null for a grant by `user_id`.',
    planModifiers: [useStateForUnknown()],
  }),
  invitation_url: attr.string({
    computed: true,
    sensitive: true,
    description:
      'The setup link (a bearer credential: whoever holds it can set up access). Known only in the ' +
      'apply that creates the invitation — the API never shows it again — and null for a grant or ' +
      'after import. Expose it only through a sensitive output.',
    planModifiers: [useStateForUnknown()],
  }),
  invitation_expires_at: attr.string({
    computed: true,
    description: `When the setup link expires (RFC 3339, ${INVITATION_VALIDITY_DAYS} days after it was created); null for a grant.`,
    planModifiers: [useStateForUnknown()],
  }),
};

export type UserAccessModel = ModelOf<typeof attributes>;
type UserAccessPlan = PlanOf<typeof attributes>;

const DESCRIPTION = `Gives one person webmail access to one address: a user of the organisation (\`user_id\`), or
someone outside it (\`email\`), who is sent a setup link.

- **Grant** (\`user_id\`): the user reads the address in the Infomaniak Mail apps with their own login.
  \`status\` is \`active\`. Changing \`permissions\` updates the grant in place. If the user already has
  access when the resource is created, it is adopted and its permissions are set to the configured ones.
- **Invitation** (\`email\`): apply creates a setup link valid ${INVITATION_VALIDITY_DAYS} days and mails it
  to the address; \`status\` is \`invited\`, \`invitation_url\` (sensitive) holds the link, known only
  after create. When the link expires, \`status\` reads \`expired\` and the plan replaces the resource,
  which issues and sends a new link. When the person has used the link and appears among the address's
  users with that email, \`status\` becomes \`active\` and the resource follows that user (permission
  changes then update in place, destroy removes their access).

Destroy removes this person's access only; others keep theirs. The API offers no way to withdraw an
invitation: destroying a pending invitation leaves its link usable until it expires (a warning says so).

Drift: a grant removed outside Terraform disappears on refresh and the plan grants it again; permissions
changed outside Terraform show as an in-place update.

## Import

Import a grant by \`MAIL_HOSTING_ID/MAILBOX_NAME/USER_ID\`:

\`\`\`shell
terraform import infomaniakmail_user_access.alice 1234567/contact/100001
\`\`\`

Invitations cannot be imported: their link cannot be read back.`;

export const userAccess = kit.resource({
  name: 'user_access',
  schema: { description: DESCRIPTION, attributes },

  validateConfig({ config, diagnostics }) {
    validateTarget(config.user_id, config.email, diagnostics);
  },

  async modifyPlan({ state, plan, diagnostics }) {
    return planUserAccess(state, plan, diagnostics);
  },

  async read({ client: ctx, state, signal, diagnostics }) {
    const ref = refOf(state);
    let access: WebmailAccess;
    try {
      access = await ctx.cache.webmail(ref, signal);
    } catch (error) {
      // The address itself is gone (deleted outside terraform): so is every access to it.
      if (error instanceof NotFoundError && error.resource === 'mailbox') return { gone: true };
      reportApiError(diagnostics, error, `Could not read the users of ${describeAddress(ref)}`);
      return { state };
    }
    const next = observe(state, access);
    return next ? { state: next } : { gone: true };
  },

  async create({ client: ctx, config, signal, diagnostics }) {
    const ref = refOf(config);
    const permissions = config.permissions as WebmailPermission[];
    if (config.user_id !== null) {
      const user = await grantOrAdopt(ctx, ref, config.user_id, permissions, signal, diagnostics);
      return { state: grantState(config, user) };
    }
    return { state: await invite(ctx, ref, config, permissions, signal, diagnostics) };
  },

  async update({ client: ctx, config, state, signal }) {
    const ref = refOf(state);
    const permissions = config.permissions as WebmailPermission[];
    const userId = await targetUser(ctx, ref, state, signal);
    if (userId === undefined) {
      // A pending invitation: every change to it is planned as a replacement, so nothing to do.
      return { state };
    }
    try {
      const user = await ctx.client.webmail.updatePermissions(ref, userId, permissions, { signal });
      return { state: { ...state, permissions: [...user.permissions] } };
    } catch (error) {
      return apiFailure(
        error,
        `Could not change the permissions of user ${userId} on ${describeAddress(ref)}`,
      );
    } finally {
      ctx.cache.webmailChanged(ref);
    }
  },

  async delete({ client: ctx, state, signal, diagnostics }) {
    const ref = refOf(state);
    const userId = await targetUser(ctx, ref, state, signal);
    if (userId === undefined) {
      if (state.status === 'invited') warnLinkStaysValid(state, diagnostics);
      return;
    }
    try {
      await ctx.client.webmail.remove(ref, userId, { signal });
    } catch (error) {
      if (error instanceof NotFoundError && error.resource === 'mailbox') return;
      apiFailure(error, `Could not remove the access of user ${userId} to ${describeAddress(ref)}`);
    } finally {
      ctx.cache.webmailChanged(ref);
    }
  },

  importState({ id }) {
    const key = parseImportId(id);
    return { state: { mail_hosting_id: key.hosting, mailbox_name: key.mailbox, user_id: key.user } };
  },
});

// ---------------------------------------------------------------- validation

/** Exactly one of user_id / email; unknown values are checked again once known. */
export function validateTarget(userId: unknown, email: unknown, diagnostics: Diagnostics): void {
  if (isUnknown(userId) || isUnknown(email)) return;
  if (userId === null && email === null)
    diagnostics.attributeError(
      'user_id',
      'Missing user_id or email',
      'Set `user_id` to grant a user of the organisation (the infomaniakmail_users data source lists ' +
        'them), or `email` to send a setup link to someone outside it.',
    );
  else if (userId !== null && email !== null)
    diagnostics.attributeError(
      'email',
      'Set either user_id or email, not both',
      '`user_id` grants a user of the organisation; `email` invites someone who is not in it yet. ' +
        'Remove one of the two.',
    );
}

export interface ImportKey {
  readonly hosting: number;
  readonly mailbox: string;
  readonly user: number;
}

export function parseImportId(id: string): ImportKey {
  const m = /^(\d+)\/([^/]+)\/(\d+)$/.exec(id.trim());
  const hosting = m ? Number(m[1]) : NaN;
  const user = m ? Number(m[3]) : NaN;
  if (!m || !Number.isSafeInteger(hosting) || !Number.isSafeInteger(user) || hosting < 1 || user < 1)
    // Only grants: an invitation's link cannot be read back, so importing one would lose it.
    throw new ImportIdError(
      id,
      'HOSTING/MAILBOX/USER_ID (a grant; invitations cannot be imported)',
      '1234567/contact/100001',
    );
  return { hosting, mailbox: m[2]!, user };
}

// ------------------------------------------------------------------ planning

/**
 * Predicts what apply will report, so reviewers see `status` and the invitation fields
 * instead of "(known after apply)" where they are certain, and replaces an expired
 * invitation (a new link) or an invitation whose permissions change (the API cannot
 * change an invitation).
 */
export function planUserAccess(
  state: UserAccessModel | null,
  plan: UserAccessPlan,
  diagnostics: Diagnostics,
): { plan: UserAccessPlan; requiresReplace?: string[] } {
  if (state === null) return { plan: planCreate(plan) };
  const next: UserAccessPlan = { ...plan, status: state.status, id: state.id };
  if (!isInvitationPending(state)) return { plan: next };
  if (state.status === 'expired') {
    diagnostics.attributeWarning(
      'status',
      `The invitation for ${state.email ?? 'this person'} to ${describeAddress(refOf(state))} has expired`,
      `Its setup link expired${state.invitation_expires_at ? ` on ${state.invitation_expires_at}` : ''} unused. ` +
        'Apply replaces the invitation: a new link is created and sent.',
    );
    return { plan: { ...next, status: 'invited' }, requiresReplace: ['status'] };
  }
  if (!samePermissions(plan.permissions, state.permissions))
    return { plan: next, requiresReplace: ['permissions'] };
  return { plan: next };
}

function planCreate(plan: UserAccessPlan): UserAccessPlan {
  const { mail_hosting_id: hosting, mailbox_name: mailbox, user_id: user } = plan;
  if (isUnknown(user)) return plan;
  if (user === null) return { ...plan, status: 'invited' };
  const known = !isUnknown(hosting) && !isUnknown(mailbox) && hosting !== null && mailbox !== null;
  return {
    ...plan,
    id: known ? grantId(hosting, mailbox, user) : plan.id,
    status: 'active',
    invitation_id: null,
    invitation_url: null,
    invitation_expires_at: null,
  };
}

/** An invitation that has not (yet) turned into a user. */
function isInvitationPending(state: UserAccessModel): boolean {
  return state.user_id === null && state.status !== 'active';
}

function samePermissions(planned: unknown, prior: readonly string[] | null): boolean {
  if (isUnknown(planned) || !Array.isArray(planned) || prior === null) return false;
  const a = new Set(planned as string[]);
  const b = new Set(prior);
  return a.size === b.size && [...a].every((p) => b.has(p));
}

// ------------------------------------------------------------------- reading

/**
 * The state after a refresh, from the address's webmail list; undefined when the access
 * no longer exists (terraform then plans to create it again).
 */
export function observe(state: UserAccessModel, access: WebmailAccess): UserAccessModel | undefined {
  if (state.user_id !== null) {
    const user = access.users.find((u) => u.user_id === state.user_id);
    return user && grantState(state, user);
  }
  const invitation = access.invitations.find((i) => i.id === state.invitation_id);
  if (invitation) {
    return {
      ...state,
      permissions: [...invitation.permissions],
      status: invitationStatus(invitation),
      invitation_expires_at: rfc3339(invitation.expires_at),
    };
  }
  const joined = joinedUser(access, state.email);
  return joined && { ...state, permissions: [...joined.permissions], status: 'active' };
}

export function invitationStatus(invitation: Invitation): AccessStatus {
  return invitation.status === 'expired' ? 'expired' : 'invited';
}

/** The user an invitation turned into: the address's user with the invited email. */
function joinedUser(access: WebmailAccess, email: string | null): WebmailUser | undefined {
  if (email === null) return undefined;
  const wanted = email.toLowerCase();
  return access.users.find((u) => u.email.toLowerCase() === wanted);
}

function grantState(
  base: Pick<UserAccessModel, 'mail_hosting_id' | 'mailbox_name' | 'email'> & Partial<UserAccessModel>,
  user: WebmailUser,
): UserAccessModel {
  return {
    id: grantId(base.mail_hosting_id, base.mailbox_name, user.user_id),
    mail_hosting_id: base.mail_hosting_id,
    mailbox_name: base.mailbox_name,
    user_id: user.user_id,
    email: base.email,
    permissions: [...user.permissions],
    status: 'active',
    invitation_id: null,
    invitation_url: null,
    invitation_expires_at: null,
  };
}

function grantId(hosting: number, mailbox: string, user: number): string {
  return `${hosting}/${mailbox}/${user}`;
}

// ------------------------------------------------------------------ applying

async function grantOrAdopt(
  ctx: MailContext,
  ref: MailboxRef,
  userId: number,
  permissions: WebmailPermission[],
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<WebmailUser> {
  try {
    return await ctx.client.webmail.grant(ref, userId, permissions, { signal });
  } catch (error) {
    if (error instanceof RejectedError && error.kind === 'conflict') {
      return adopt(ctx, ref, userId, permissions, signal, diagnostics);
    }
    if (error instanceof NotFoundError && error.resource === 'user') {
      throw new DiagnosticError(
        `User ${userId} is not a user of the organisation`,
        `Mail Service ${ref.hosting} belongs to an organisation that has no user ${userId}, so it cannot ` +
          `be granted ${describeAddress(ref)}. Check the id (the infomaniakmail_users data source lists the ` +
          `organisation's users), or set \`email\` instead of \`user_id\` to send a setup link. ` +
          `(${error.message})`,
        attrPath('user_id'),
      );
    }
    return apiFailure(error, `Could not grant user ${userId} access to ${describeAddress(ref)}`);
  } finally {
    ctx.cache.webmailChanged(ref);
  }
}

/** The user already had access: take it over and align its permissions with the configuration. */
async function adopt(
  ctx: MailContext,
  ref: MailboxRef,
  userId: number,
  permissions: WebmailPermission[],
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<WebmailUser> {
  try {
    const user = await ctx.client.webmail.updatePermissions(ref, userId, permissions, { signal });
    diagnostics.attributeWarning(
      'user_id',
      `User ${userId} already had access to ${describeAddress(ref)}`,
      'Terraform now manages that access: its permissions were set to the configured ones, and destroying ' +
        'this resource removes it.',
    );
    return user;
  } catch (error) {
    return apiFailure(error, `Could not take over the access of user ${userId} to ${describeAddress(ref)}`);
  }
}

async function invite(
  ctx: MailContext,
  ref: MailboxRef,
  config: UserAccessModel,
  permissions: WebmailPermission[],
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<UserAccessModel> {
  const email = config.email ?? '';
  let created;
  try {
    created = await ctx.client.webmail.createInvitation(ref, permissions, { signal });
  } catch (error) {
    return apiFailure(error, `Could not create an invitation to ${describeAddress(ref)} for ${email}`);
  } finally {
    ctx.cache.webmailChanged(ref);
  }
  const state: UserAccessModel = {
    ...config,
    id: `${ref.hosting}/${ref.mailbox}/invitation/${created.id}`,
    permissions: [...created.permissions],
    status: invitationStatus(created),
    invitation_id: created.id,
    invitation_url: created.url,
    invitation_expires_at: rfc3339(created.expires_at),
  };
  try {
    await ctx.client.webmail.sendInvitation(ref, created.id, email, { signal });
  } catch (error) {
    // The invitation exists: hand its state back with the error, so terraform records it
    // (tainted) and the next apply replaces it with one that is sent.
    if (!isMailApiError(error)) throw error;
    reportApiError(
      diagnostics,
      error,
      `Invitation ${created.id} to ${describeAddress(ref)} was created but could not be mailed to ${email}`,
    );
  }
  return state;
}

/** The user whose access this resource holds: the granted user, or the one an invitation became. */
async function targetUser(
  ctx: MailContext,
  ref: MailboxRef,
  state: UserAccessModel,
  signal: AbortSignal,
): Promise<number | undefined> {
  if (state.user_id !== null) return state.user_id;
  if (state.status !== 'active') return undefined;
  try {
    return joinedUser(await ctx.cache.webmail(ref, signal), state.email)?.user_id;
  } catch (error) {
    if (error instanceof NotFoundError && error.resource === 'mailbox') return undefined;
    return apiFailure(error, `Could not read the users of ${describeAddress(ref)}`);
  }
}

function warnLinkStaysValid(state: UserAccessModel, diagnostics: Diagnostics): void {
  diagnostics.warning(
    `The setup link sent to ${state.email ?? 'the invited person'} stays valid`,
    `The Infomaniak API cannot withdraw an invitation: its link to ${describeAddress(refOf(state))} remains ` +
      `usable until it expires${state.invitation_expires_at ? ` (${state.invitation_expires_at})` : ''}. ` +
      "If it must not be used, remove the access once it appears among the address's users.",
  );
}
