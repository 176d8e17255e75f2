/**
 * What the plan of an `infomaniakmail_user_access` predicts and what a refresh observes:
 * pure functions over the state and the address's webmail list.
 */
import { isUnknown, type Diagnostics } from '../framework';
import type { Invitation, MailboxPermission, UserAccess, WebmailAccess } from '../infomaniak';
import { DEFAULT_INVITATION_LANGUAGE } from '../infomaniak/api-rules';
import { describeAddress, refOf, rfc3339 } from './common';
import type { UserAccessModel, UserAccessPlan } from './user-access-schema';

export type AccessStatus = 'active' | 'invited' | 'expired';

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
    diagnostics.warning(
      `The invitation for ${state.email ?? 'this person'} to ${describeAddress(refOf(state))} has expired`,
      `Its link expired${state.invitation_expires_at ? ` on ${state.invitation_expires_at}` : ''} unused. ` +
        'Apply replaces the invitation: a new link is created and sent.',
      'status',
    );
    return {
      plan: { ...next, status: 'invited', invitation_url: plan.invitation_url },
      requiresReplace: ['status'],
    };
  }
  if (!samePermissions(plan.permissions, state.permissions)) {
    diagnostics.warning(
      `The invitation for ${state.email ?? 'this person'} to ${describeAddress(refOf(state))} will be replaced`,
      'The API cannot change the permissions of a pending invitation: apply withdraws it and sends a new ' +
        'link with the new permissions (the old link stops working).',
      'permissions',
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

export function invitationState(
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
export function joinedUser(access: WebmailAccess, email: string | null): UserAccess | undefined {
  if (email === null) return undefined;
  const wanted = email.toLowerCase();
  return access.users.find((u) => u.email.toLowerCase() === wanted);
}

export function grantState(
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
