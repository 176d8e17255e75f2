/**
 * infomaniakmail_user_access: one person's access to one address.
 *
 * Two kinds, chosen by configuration (exactly one of `user_id` / `email`):
 * - a user access for a user of the organisation (`user_id`): status `active`;
 * - an invitation (`email`): a link created on the address and mailed to someone who is
 *   not in the organisation yet; status `invited`, then `expired` once its `expired_at`
 *   has passed (a plan then replaces it, which issues a new link). When the person
 *   accepts, the invitation leaves the list and a user access with that email appears
 *   (ASSUMED `invitationAccepted` in wire.ts): the resource follows them there
 *   (status `active`) without recreating anything.
 *
 * Every read goes through the per-run AccessCache, so the user accesses and the access
 * policy of an address share one webmail-list request per terraform run.
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
  stringMatches,
  useStateForUnknown,
  type Diagnostics,
  type ModelOf,
  type PlanOf,
} from '../framework';
import {
  DEFAULT_INVITATION_LANGUAGE,
  errorCodes,
  invitationLanguages,
  mailboxPermissions,
  NotFoundError,
  NotImplementedError,
  RejectedError,
  isMailApiError,
  type Invitation,
  type InvitationLanguage,
  type MailboxPermission,
  type MailboxRef,
  type UserAccess,
  type WebmailAccess,
} from '../infomaniak';
import { apiFailure, reportApiError } from './api-errors';
import { addressKeyAttributes, describeAddress, refOf, rfc3339 } from './common';
import { kit, type MailContext } from './context';
import { parseImportId } from './import-id';

export type AccessStatus = 'active' | 'invited' | 'expired';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const attributes = {
  id: attr.string({
    computed: true,
    description:
      '`HOSTING/MAILBOX/USER_ID` for a user access (the form `terraform import` takes), ' +
      '`HOSTING/MAILBOX/invitation/KEY` for an invitation.',
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
      'Email of someone who is **not yet** a user of the organisation: apply creates an invitation link ' +
      'to the address and mails it there. Set exactly one of `user_id` and `email`. Changing it replaces ' +
      'the resource (a new link).',
    validators: [stringMatches(EMAIL, 'Must be an email address, e.g. "alice@example.ch".')],
    planModifiers: [requiresReplace()],
  }),
  permissions: attr.set('string', {
    optional: true,
    default: [],
    description:
      'What the person may do besides reading and sending (empty, the default, allows only that): any of ' +
      `${mailboxPermissions.map((p) => `\`${p}\``).join(', ')} (the API's capability names without ` +
      '`can_`). A user access changes in place; the API cannot change an invitation, so changing the ' +
      'permissions of a pending invitation replaces it (a new link).',
    validators: [each(oneOf<string>(...mailboxPermissions))],
  }),
  language: attr.string({
    optional: true,
    default: DEFAULT_INVITATION_LANGUAGE,
    description:
      `Language of the invitation mail: ${invitationLanguages.map((l) => `\`${l}\``).join(', ')}. Default ` +
      `\`${DEFAULT_INVITATION_LANGUAGE}\`. Used when the link is mailed; ignored for \`user_id\`.`,
    validators: [oneOf(...invitationLanguages)],
  }),
  first_name: attr.string({
    optional: true,
    description:
      'First name of the invited person, sent with the invitation. Changing it replaces a pending invitation.',
    planModifiers: [requiresReplace()],
  }),
  last_name: attr.string({
    optional: true,
    description:
      'Last name of the invited person, sent with the invitation. Changing it replaces a pending invitation.',
    planModifiers: [requiresReplace()],
  }),
  status: attr.string({
    computed: true,
    description:
      '`active` when the person has access (a user access, or an invitation that was accepted), `invited` ' +
      'while the link is valid and unused, `expired` once it has expired: the next plan then replaces the ' +
      'resource, which issues and sends a new link.',
  }),
  invitation_key: attr.string({
    computed: true,
    description: 'The key identifying the invitation; null for `user_id`.',
    planModifiers: [useStateForUnknown()],
  }),
  invitation_url: attr.string({
    computed: true,
    sensitive: true,
    description:
      'The invitation link (`short_url`; a bearer credential: whoever holds it can take up the access). ' +
      'Null for `user_id` and once the invitation was accepted. **Sensitive**: expose it only through a ' +
      'sensitive output.',
  }),
  invitation_expires_at: attr.string({
    computed: true,
    description:
      "When the invitation link expires (RFC 3339, UTC, from the API's `expired_at`); null for `user_id`.",
    planModifiers: [useStateForUnknown()],
  }),
};

export type UserAccessModel = ModelOf<typeof attributes>;
type UserAccessPlan = PlanOf<typeof attributes>;

const DESCRIPTION = `Gives one person access to one address: a user of the organisation (\`user_id\`), or
someone outside it (\`email\`), who is sent an invitation link.

- **User access** (\`user_id\`): the user reads the address in the Infomaniak Mail apps with their own
  login. \`status\` is \`active\`. Changing \`permissions\` updates it in place. If the user already has
  access when the resource is created, it is adopted and its permissions are set to the configured ones.
- **Invitation** (\`email\`): apply creates a link (the API says until when: \`invitation_expires_at\`;
  the Manager guide says 30 days) and mails it in \`language\`; \`status\` is \`invited\` and
  \`invitation_url\` (sensitive) holds the link. Once it has expired, \`status\` reads \`expired\` and the
  plan replaces the resource, which issues and sends a new link. When the person accepts, the invitation
  leaves the address and a user access with that email appears: \`status\` becomes \`active\` and the
  resource follows that user (permission changes then update in place, destroy removes their access).

Destroy removes this person's access only, or withdraws the pending invitation. The withdrawal uses an
older API route; if the account no longer serves it (501), the resource is removed with a warning that the
link stays valid until it expires.

Drift: an access removed outside Terraform disappears on refresh and the plan grants it again; permissions
changed outside Terraform show as an in-place update.

## Import

Import a user access by \`MAIL_HOSTING_ID/MAILBOX_NAME/USER_ID\`:

\`\`\`shell
terraform import infomaniakmail_user_access.alice 1234567/contact/100001
\`\`\`

Invitations are not imported: declare them with \`email\` (an existing one is withdrawn by an exclusive
access policy, or left to expire).`;

export const userAccess = kit.resource({
  name: 'user_access',
  schema: { description: DESCRIPTION, attributes },

  validateConfig({ config, diagnostics }) {
    validateTarget(config.user_id, config.email, diagnostics);
  },

  async modifyPlan({ client: ctx, state, plan, diagnostics }) {
    return planUserAccess(state, plan, diagnostics, Math.floor(ctx.client.serverNow() / 1000));
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
    const next = observe(state, access, Math.floor(ctx.client.serverNow() / 1000));
    return next ? { state: next } : { gone: true };
  },

  async create({ client: ctx, config, signal, diagnostics }) {
    const ref = refOf(config);
    const permissions = canonical(config.permissions);
    const base = { ...config, permissions, language: config.language ?? DEFAULT_INVITATION_LANGUAGE };
    if (config.user_id !== null) {
      await grantOrAdopt(ctx, ref, config.user_id, permissions, signal, diagnostics);
      return { state: grantState(base, config.user_id, permissions) };
    }
    return { state: await invite(ctx, ref, base, permissions, signal, diagnostics) };
  },

  async update({ client: ctx, config, state, signal }) {
    const ref = refOf(state);
    const permissions = canonical(config.permissions);
    const next = { ...state, language: config.language ?? DEFAULT_INVITATION_LANGUAGE };
    const userId = await targetUser(ctx, ref, state, signal);
    if (userId === undefined) {
      // A pending invitation: every change to it is planned as a replacement; the language is ours alone.
      return { state: next };
    }
    try {
      await ctx.client.webmail.updatePermissions(ref, userId, permissions, { signal });
      return { state: { ...next, permissions } };
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
      if (state.invitation_key !== null) await withdraw(ctx, ref, state, signal, diagnostics);
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
    const [hosting, mailbox, user] = parseImportId(id, userAccessIdForm);
    return { state: { mail_hosting_id: hosting, mailbox_name: mailbox, user_id: user } };
  },
});

/** Only user accesses: an invitation is declared by its email, not adopted. */
export const userAccessIdForm = {
  form: 'MAIL_HOSTING_ID/MAILBOX_NAME/USER_ID (a user access; invitations are not imported)',
  example: '1234567/contact/100001',
  parts: ['int', 'string', 'int'],
} as const;

// ---------------------------------------------------------------- validation

/** Exactly one of user_id / email; unknown values are checked again once known. */
export function validateTarget(userId: unknown, email: unknown, diagnostics: Diagnostics): void {
  if (isUnknown(userId) || isUnknown(email)) return;
  if (userId === null && email === null)
    diagnostics.attributeError(
      'user_id',
      'Missing user_id or email',
      'Set `user_id` to give a user of the organisation access (the infomaniakmail_users data source lists ' +
        'them), or `email` to send an invitation link to someone outside it.',
    );
  else if (userId !== null && email !== null)
    diagnostics.attributeError(
      'email',
      'Set either user_id or email, not both',
      '`user_id` gives a user of the organisation access; `email` invites someone who is not in it yet. ' +
        'Remove one of the two.',
    );
}

/** Permission names in the API's order, without duplicates. */
function canonical(names: readonly string[] | null): MailboxPermission[] {
  const set = new Set(names ?? []);
  return mailboxPermissions.filter((p) => set.has(p));
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
  nowSeconds: number,
): { plan: UserAccessPlan; requiresReplace?: string[] } {
  if (state === null) return { plan: planCreate(plan) };
  const next: UserAccessPlan = {
    ...plan,
    status: state.status,
    id: state.id,
    invitation_key: state.invitation_key,
    invitation_url: state.invitation_url,
    invitation_expires_at: state.invitation_expires_at,
  };
  if (!isInvitationPending(state)) return { plan: next };
  const expired = state.status === 'expired' || expiredBy(state.invitation_expires_at, nowSeconds);
  if (expired) {
    diagnostics.attributeWarning(
      'status',
      `The invitation for ${state.email ?? 'this person'} to ${describeAddress(refOf(state))} has expired`,
      `Its link expired${state.invitation_expires_at ? ` on ${state.invitation_expires_at}` : ''} unused. ` +
        'Apply replaces the invitation: a new link is created and sent.',
    );
    return {
      plan: { ...next, status: 'invited', invitation_url: plan.invitation_url },
      requiresReplace: ['status'],
    };
  }
  if (!samePermissions(plan.permissions, state.permissions)) {
    diagnostics.attributeWarning(
      'permissions',
      `The invitation for ${state.email ?? 'this person'} to ${describeAddress(refOf(state))} will be replaced`,
      'The API cannot change the permissions of a pending invitation: apply withdraws it and sends a new ' +
        'link with the new permissions (the old link stops working).',
    );
    return { plan: { ...next, invitation_url: plan.invitation_url }, requiresReplace: ['permissions'] };
  }
  return { plan: next };
}

function expiredBy(expiresAt: string | null, nowSeconds: number): boolean {
  if (expiresAt === null) return false;
  const ms = Date.parse(expiresAt);
  return !Number.isNaN(ms) && ms / 1000 <= nowSeconds;
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
    invitation_key: null,
    invitation_url: null,
    invitation_expires_at: null,
  };
}

/** An invitation that has not (yet) turned into a user access. */
function isInvitationPending(state: UserAccessModel): boolean {
  return state.user_id === null && state.status !== 'active';
}

function samePermissions(planned: unknown, prior: readonly string[] | null): boolean {
  if (isUnknown(planned) || !Array.isArray(planned)) return false;
  const a = new Set(planned as string[]);
  const b = new Set(prior ?? []);
  return a.size === b.size && [...a].every((p) => b.has(p));
}

// ------------------------------------------------------------------- reading

/**
 * The state after a refresh, from the address's webmail list; undefined when the access
 * no longer exists (terraform then plans to create it again).
 */
export function observe(
  state: UserAccessModel,
  access: WebmailAccess,
  nowSeconds: number,
): UserAccessModel | undefined {
  if (state.user_id !== null) {
    const user = access.users.find((u) => u.userId === state.user_id);
    return user && grantState(state, user.userId, user.permissions);
  }
  const invitation = access.invitations.find((i) => i.key === state.invitation_key);
  if (invitation) return invitationState(state, invitation, nowSeconds);
  const joined = joinedUser(access, state.email);
  return (
    joined && {
      ...state,
      permissions: [...joined.permissions],
      status: 'active',
      invitation_url: null,
    }
  );
}

export function invitationStatus(invitation: Invitation, nowSeconds: number): AccessStatus {
  return invitation.expiresAt <= nowSeconds ? 'expired' : 'invited';
}

function invitationState(
  state: UserAccessModel,
  invitation: Invitation,
  nowSeconds: number,
): UserAccessModel {
  return {
    ...state,
    id: `${state.mail_hosting_id}/${state.mailbox_name}/invitation/${invitation.key}`,
    permissions: [...invitation.permissions],
    status: invitationStatus(invitation, nowSeconds),
    invitation_key: invitation.key,
    invitation_url: invitation.url,
    invitation_expires_at: rfc3339(invitation.expiresAt),
  };
}

/** The user an invitation turned into: the address's user with the invited email (ASSUMED `invitationAccepted`). */
function joinedUser(access: WebmailAccess, email: string | null): UserAccess | undefined {
  if (email === null) return undefined;
  const wanted = email.toLowerCase();
  return access.users.find((u) => u.email.toLowerCase() === wanted);
}

function grantState(
  base: UserAccessModel,
  userId: number,
  permissions: readonly MailboxPermission[],
): UserAccessModel {
  return {
    ...base,
    // Imported state has no settings yet: the default, so that the plan shows only real changes.
    language: base.language ?? DEFAULT_INVITATION_LANGUAGE,
    id: grantId(base.mail_hosting_id, base.mailbox_name, userId),
    user_id: userId,
    permissions: [...permissions],
    status: 'active',
    invitation_key: null,
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
  permissions: MailboxPermission[],
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<void> {
  try {
    await ctx.client.webmail.grant(ref, userId, permissions, { signal });
  } catch (error) {
    if (error instanceof RejectedError && error.code === errorCodes.userAlreadyHasAccess)
      return adopt(ctx, ref, userId, permissions, signal, diagnostics);
    if (
      (error instanceof RejectedError && error.code === errorCodes.userNotAttached) ||
      (error instanceof NotFoundError && error.resource === 'user')
    )
      throw new DiagnosticError(
        `User ${userId} is not a user of the organisation`,
        `Mail Service ${ref.hosting} belongs to an organisation that has no user ${userId}, so it cannot ` +
          `be given ${describeAddress(ref)}. Check the id (the infomaniakmail_users data source lists the ` +
          `organisation's users), or set \`email\` instead of \`user_id\` to send an invitation link. ` +
          `(${error.message})`,
        attrPath('user_id'),
      );
    return apiFailure(error, `Could not give user ${userId} access to ${describeAddress(ref)}`);
  } finally {
    ctx.cache.webmailChanged(ref);
  }
}

/** The user already had access: take it over and align its permissions with the configuration. */
async function adopt(
  ctx: MailContext,
  ref: MailboxRef,
  userId: number,
  permissions: MailboxPermission[],
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<void> {
  try {
    await ctx.client.webmail.updatePermissions(ref, userId, permissions, { signal });
    diagnostics.attributeWarning(
      'user_id',
      `User ${userId} already had access to ${describeAddress(ref)}`,
      'Terraform now manages that access: its permissions were set to the configured ones, and destroying ' +
        'this resource removes it.',
    );
  } catch (error) {
    return apiFailure(error, `Could not take over the access of user ${userId} to ${describeAddress(ref)}`);
  }
}

async function invite(
  ctx: MailContext,
  ref: MailboxRef,
  config: UserAccessModel,
  permissions: MailboxPermission[],
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<UserAccessModel> {
  const email = config.email ?? '';
  let created: Invitation;
  try {
    created = await ctx.client.webmail.createInvitation(
      ref,
      {
        permissions,
        ...(config.first_name !== null ? { firstName: config.first_name } : {}),
        ...(config.last_name !== null ? { lastName: config.last_name } : {}),
      },
      { signal },
    );
  } catch (error) {
    return apiFailure(error, `Could not create an invitation to ${describeAddress(ref)} for ${email}`);
  } finally {
    ctx.cache.webmailChanged(ref);
  }
  const state = invitationState(config, created, Math.floor(ctx.client.serverNow() / 1000));
  try {
    await ctx.client.webmail.sendInvitation(
      ref,
      created.key,
      { email, language: (config.language ?? DEFAULT_INVITATION_LANGUAGE) as InvitationLanguage },
      { signal },
    );
  } catch (error) {
    // The invitation exists: hand its state back with the error, so terraform records it
    // (tainted) and the next apply replaces it (withdrawn, then a new one sent).
    if (!isMailApiError(error)) throw error;
    reportApiError(
      diagnostics,
      error,
      `The invitation to ${describeAddress(ref)} was created but could not be mailed to ${email}`,
      { fields: { email: 'email', language: 'language' } },
    );
  } finally {
    ctx.cache.webmailChanged(ref);
  }
  return state;
}

/** The user whose access this resource holds: the given user, or the one an invitation became. */
async function targetUser(
  ctx: MailContext,
  ref: MailboxRef,
  state: UserAccessModel,
  signal: AbortSignal,
): Promise<number | undefined> {
  if (state.user_id !== null) return state.user_id;
  if (state.status !== 'active') return undefined;
  try {
    return joinedUser(await ctx.cache.webmail(ref, signal), state.email)?.userId;
  } catch (error) {
    if (error instanceof NotFoundError && error.resource === 'mailbox') return undefined;
    return apiFailure(error, `Could not read the users of ${describeAddress(ref)}`);
  }
}

async function withdraw(
  ctx: MailContext,
  ref: MailboxRef,
  state: UserAccessModel,
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<void> {
  try {
    await ctx.client.webmail.withdrawInvitation(ref, state.invitation_key as string, { signal });
  } catch (error) {
    if (error instanceof NotFoundError) return;
    if (error instanceof NotImplementedError) {
      warnLinkStaysValid(state, diagnostics, error.message);
      return;
    }
    apiFailure(
      error,
      `Could not withdraw the invitation for ${state.email ?? '?'} to ${describeAddress(ref)}`,
    );
  } finally {
    ctx.cache.webmailChanged(ref);
  }
}

function warnLinkStaysValid(state: UserAccessModel, diagnostics: Diagnostics, why: string): void {
  diagnostics.warning(
    `The invitation link sent to ${state.email ?? 'the invited person'} stays valid`,
    `The invitation to ${describeAddress(refOf(state))} could not be withdrawn (${why}). Its link remains ` +
      `usable until it expires${state.invitation_expires_at ? ` (${state.invitation_expires_at})` : ''}. ` +
      "If it must not be used, remove the access once it appears among the address's users.",
  );
}
