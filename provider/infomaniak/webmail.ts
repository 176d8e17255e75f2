/**
 * User access to an address: organisation users who read it with their own Infomaniak
 * login, and invitation links for people not yet in the organisation.
 *
 * Not blindly repeated:
 * - grant: after an ambiguous failure the address's accesses are listed; if the user
 *   is there the grant happened (permissions are aligned if they differ), otherwise
 *   granting again is safe;
 * - invitation create: thrown after an ambiguous failure (a leftover link, if one was
 *   made, shows in list() and expires at its `expired_at`; withdrawInvitation removes it);
 * - invitation send: never repeated after an ambiguous failure (the mail may have gone
 *   out); it is after a 429 or a connection that never opened.
 */
import type { CallOptions } from './caller';
import {
  type ApiContext,
  type ListOptions,
  type MailboxRef,
  alreadyDone,
  isAmbiguous,
  listAll,
  mailboxParams,
  okEnvelope,
  parseInput,
  pauseBeforeRound,
} from './context';
import { fromWebmailUser, splitWebmail, toInvitation } from './convert';
import { AmbiguousCreateError } from './create-errors';
import { MailApiError, NotFoundError } from './errors';
import type {
  Invitation,
  InvitationDelivery,
  NewInvitation,
  OrganisationUser,
  UserAccess,
  WebmailAccess,
} from './model';
import {
  createInvitationBody,
  grantWebmailBody,
  invitationSchema,
  permissionsToWire,
  sendInvitationBody,
  successEnvelope,
  updatePermissionsBody,
  webmailItemSchema,
  webmailUserSchema,
  type MailboxPermission,
} from './wire';

const invitationEnvelope = successEnvelope(invitationSchema);

export class WebmailApi {
  constructor(private readonly ctx: ApiContext) {}

  /** Users with access and pending invitations (all pages), in one read. Invitation `url`s are secrets. */
  async list(ref: MailboxRef, options?: ListOptions): Promise<WebmailAccess> {
    return splitWebmail(await listAll(this.ctx, 'webmail', mailboxParams(ref), webmailItemSchema, options));
  }

  /** The users with access (all pages), as people (no permissions: see list()). */
  async listUsers(ref: MailboxRef, options?: ListOptions): Promise<OrganisationUser[]> {
    const users = await listAll(this.ctx, 'webmailUsers', mailboxParams(ref), webmailUserSchema, options);
    return users.map(fromWebmailUser);
  }

  /** Gives an organisation user access with these permissions (none = read and send only). */
  async grant(
    ref: MailboxRef,
    userId: number,
    permissions: readonly MailboxPermission[],
    options: CallOptions = {},
  ): Promise<void> {
    const body = parseInput(
      grantWebmailBody,
      { user_id: userId, permissions: permissionsToWire(permissions) },
      'grant',
    );
    for (let round = 1; ; round++) {
      try {
        await this.ctx.caller.call(
          { method: 'POST', route: 'webmail', params: mailboxParams(ref), body, schema: okEnvelope },
          options,
        );
        return;
      } catch (error) {
        if (!isAmbiguous(error)) throw error;
        const granted = await this.findGrant(ref, userId, error, options);
        if (granted) {
          if (!samePermissions(granted.permissions, permissions)) {
            await this.updatePermissions(ref, userId, permissions, options);
          }
          return;
        }
        if (round >= this.ctx.retry.maxAttempts) throw error;
        await pauseBeforeRound(this.ctx, round, error, options.signal);
      }
    }
  }

  /** Replaces a user's permissions on the address (all eleven flags are sent). */
  async updatePermissions(
    ref: MailboxRef,
    userId: number,
    permissions: readonly MailboxPermission[],
    options?: CallOptions,
  ): Promise<void> {
    const body = parseInput(
      updatePermissionsBody,
      { permissions: permissionsToWire(permissions) },
      'permissions',
    );
    await this.ctx.caller.call(
      {
        method: 'PATCH',
        route: 'webmailUser',
        params: { ...mailboxParams(ref), user: userId },
        body,
        schema: okEnvelope,
      },
      options,
    );
  }

  /** Removes one user's access; the others keep theirs. A 404 after a lost answer counts as done. */
  async remove(ref: MailboxRef, userId: number, options?: CallOptions): Promise<void> {
    await this.ctx.caller.call(
      {
        method: 'DELETE',
        route: 'webmailUser',
        params: { ...mailboxParams(ref), user: userId },
        schema: okEnvelope,
        goneMeansDone: alreadyDone,
      },
      options,
    );
  }

  /** Creates an invitation link; mail it with sendInvitation. Its `url` is a secret. */
  async createInvitation(ref: MailboxRef, input: NewInvitation, options?: CallOptions): Promise<Invitation> {
    const body = parseInput(
      createInvitationBody,
      {
        permissions: permissionsToWire(input.permissions),
        ...(input.firstName === undefined ? {} : { firstname: input.firstName }),
        ...(input.lastName === undefined ? {} : { lastname: input.lastName }),
      },
      'invitation',
    );
    const envelope = await this.ctx.caller.call(
      {
        method: 'POST',
        route: 'invitations',
        params: mailboxParams(ref),
        body,
        schema: invitationEnvelope,
      },
      options,
    );
    return toInvitation(envelope.data);
  }

  /**
   * Mails the invitation's link. A 429 `invitation_sending_rate_limit_reached` is a
   * RateLimitedError (retried only within the client's Retry-After limit).
   */
  async sendInvitation(
    ref: MailboxRef,
    key: string,
    delivery: InvitationDelivery,
    options?: CallOptions,
  ): Promise<void> {
    const body = parseInput(
      sendInvitationBody,
      { email: delivery.email, ...(delivery.language === undefined ? {} : { language: delivery.language }) },
      'invitation delivery',
    );
    await this.ctx.caller.call(
      {
        method: 'POST',
        route: 'invitationSend',
        params: { ...mailboxParams(ref), invitation: key },
        body,
        schema: okEnvelope,
      },
      options,
    );
  }

  /**
   * Withdraws a pending invitation (an older route, ASSUMED `invitationWithdrawal`).
   * A 404 means it is already gone (used, expired or withdrawn). A 501 is a
   * NotImplementedError of family `legacy`: the link then stays valid until it expires.
   */
  async withdrawInvitation(ref: MailboxRef, key: string, options?: CallOptions): Promise<void> {
    try {
      await this.ctx.caller.call(
        {
          method: 'DELETE',
          route: 'invitationWithdraw',
          params: { ...mailboxParams(ref), invitation: key },
          schema: okEnvelope,
        },
        options,
      );
    } catch (error) {
      if (error instanceof NotFoundError && error.resource === 'invitation') return;
      throw error;
    }
  }

  private async findGrant(
    ref: MailboxRef,
    userId: number,
    failed: MailApiError,
    options: CallOptions,
  ): Promise<UserAccess | undefined> {
    try {
      return (await this.list(ref, options)).users.find((u) => u.userId === userId);
    } catch (error) {
      if (!(error instanceof MailApiError) || error.kind === 'aborted') throw error;
      throw new AmbiguousCreateError(failed, `access for user ${userId}`, error);
    }
  }
}

function samePermissions(a: readonly MailboxPermission[], b: readonly MailboxPermission[]): boolean {
  const wanted = new Set(b);
  return a.length === wanted.size && a.every((p) => wanted.has(p));
}
