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
import { DiagnosticError, attrPath, isUnknown, type Diagnostics } from '../framework';
import type {
  Invitation,
  InvitationLanguage,
  MailboxPermission,
  MailboxRef,
  WebmailAccess,
} from '../infomaniak';
import { DEFAULT_INVITATION_LANGUAGE, errorCodes, mailboxPermissions } from '../infomaniak/api-rules';
import { NotFoundError, NotImplementedError, RejectedError, isMailApiError } from '../infomaniak/errors';
import { apiError } from './api-errors';
import { sealerFor, validateRecipients } from './secret-recipients';
import { planInvitationSecret, sealInvitation } from './user-access-secrets';
import { describeAddress, refOf } from './common';
import { kit, type MailContext } from './context';
import { parseImportId } from './import-id';
import { USER_ACCESS_DESCRIPTION, userAccessAttributes, type UserAccessModel } from './user-access-schema';

import { grantState, invitationState, joinedUser, observe, planUserAccess } from './user-access-state';

export type { UserAccessModel } from './user-access-schema';
export { invitationStatus, observe, planUserAccess, type AccessStatus } from './user-access-state';

export const userAccess = kit.resource({
  name: 'user_access',
  schema: { description: USER_ACCESS_DESCRIPTION, attributes: userAccessAttributes },

  async validateConfig({ config, diagnostics }) {
    validateTarget(config.user_id, config.email, diagnostics);
    await validateRecipients(config.secret_recipients, diagnostics);
  },

  async modifyPlan({ client: ctx, config, state, plan, diagnostics }) {
    const planned = planUserAccess(state, plan, diagnostics, Math.floor(ctx.client.serverNow() / 1000));
    const fingerprint = await ctx.recipients.fingerprint(config.secret_recipients);
    return { ...planned, plan: planInvitationSecret(planned, state, fingerprint) };
  },

  async read({ client: ctx, state, private: priv, signal, diagnostics }) {
    const ref = refOf(state);
    let access: WebmailAccess;
    try {
      access = await ctx.cache.webmail(ref, signal);
    } catch (error) {
      // The address itself is gone (deleted outside terraform): so is every access to it.
      if (error instanceof NotFoundError && error.resource === 'mailbox') return { gone: true };
      diagnostics.add(apiError(error, `Could not read the users of ${describeAddress(ref)}`));
      return { state };
    }
    const next = observe(state, access, Math.floor(ctx.client.serverNow() / 1000));
    return next ? sealInvitation(ctx, next, { state, private: priv }) : { gone: true };
  },

  async create({ client: ctx, config, signal, diagnostics }) {
    const ref = refOf(config);
    const permissions = canonical(config.permissions);
    const base = { ...config, permissions, language: config.language ?? DEFAULT_INVITATION_LANGUAGE };
    const fresh = { state: null, private: undefined };
    if (config.user_id !== null) {
      await grantOrAdopt(ctx, ref, config.user_id, permissions, signal, diagnostics);
      return sealInvitation(ctx, grantState(base, config.user_id, permissions), fresh);
    }
    // Checked before the link exists: a key that cannot be used stops the apply before anything is sent.
    await sealerFor(ctx.recipients, config.secret_recipients);
    return sealInvitation(ctx, await invite(ctx, ref, base, permissions, signal, diagnostics), fresh);
  },

  async update({ client: ctx, config, state, private: priv, signal }) {
    const ref = refOf(state);
    const permissions = canonical(config.permissions);
    const next = {
      ...state,
      language: config.language ?? DEFAULT_INVITATION_LANGUAGE,
      secret_recipients: config.secret_recipients,
    };
    const userId = await targetUser(ctx, ref, state, signal);
    if (userId === undefined) {
      // A pending invitation: every change to it is planned as a replacement, but for the language (ours
      // alone) and the keys its link is encrypted to: the link is read again to encrypt it to them.
      return sealInvitation(ctx, await withCurrentLink(ctx, ref, next, signal), { state, private: priv });
    }
    try {
      await ctx.client.webmail.updatePermissions(ref, userId, permissions, { signal });
      return sealInvitation(ctx, { ...next, permissions }, { state, private: priv });
    } catch (error) {
      throw apiError(error, `Could not change the permissions of user ${userId} on ${describeAddress(ref)}`);
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
      throw apiError(error, `Could not remove the access of user ${userId} to ${describeAddress(ref)}`);
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
    diagnostics.error(
      'Missing user_id or email',
      'Set `user_id` to give a user of the organisation access (the infomaniakmail_users data source lists ' +
        'them), or `email` to send an invitation link to someone outside it.',
      'user_id',
    );
  else if (userId !== null && email !== null)
    diagnostics.error(
      'Set either user_id or email, not both',
      '`user_id` gives a user of the organisation access; `email` invites someone who is not in it yet. ' +
        'Remove one of the two.',
      'email',
    );
}

/** Permission names in the API's order, without duplicates. */
function canonical(names: readonly string[] | null): MailboxPermission[] {
  const set = new Set(names ?? []);
  return mailboxPermissions.filter((p) => set.has(p));
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
    throw apiError(error, `Could not give user ${userId} access to ${describeAddress(ref)}`);
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
    diagnostics.warning(
      `User ${userId} already had access to ${describeAddress(ref)}`,
      'Terraform now manages that access: its permissions were set to the configured ones, and destroying ' +
        'this resource removes it.',
      'user_id',
    );
  } catch (error) {
    throw apiError(error, `Could not take over the access of user ${userId} to ${describeAddress(ref)}`);
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
    throw apiError(error, `Could not create an invitation to ${describeAddress(ref)} for ${email}`);
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
    diagnostics.add(
      apiError(
        error,
        `The invitation to ${describeAddress(ref)} was created but could not be mailed to ${email}`,
        {
          fields: { email: 'email', language: 'language' },
        },
      ),
    );
  } finally {
    ctx.cache.webmailChanged(ref);
  }
  return state;
}

/** The user whose access this resource holds: the given user, or the one an invitation became. */
/** A pending invitation with the link the API shows now (state keeps none when it is encrypted). */
async function withCurrentLink(
  ctx: MailContext,
  ref: MailboxRef,
  state: UserAccessModel,
  signal: AbortSignal,
): Promise<UserAccessModel> {
  if (state.invitation_key === null) return state;
  try {
    const invitation = (await ctx.cache.webmail(ref, signal)).invitations.find(
      (i) => i.key === state.invitation_key,
    );
    return { ...state, invitation_url: invitation?.url ?? null };
  } catch (error) {
    throw apiError(error, `Could not read the invitations of ${describeAddress(ref)}`);
  }
}

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
    throw apiError(error, `Could not read the users of ${describeAddress(ref)}`);
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
    throw apiError(
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
