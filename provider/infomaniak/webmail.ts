/**
 * Webmail access of an address: users who read it with their own Infomaniak login,
 * and setup links (invitations) for people without the rights to do it themselves.
 *
 * Creates are reconciled, never blindly repeated:
 * - grant: after an ambiguous failure the users of the address are listed; if the
 *   user is there the grant happened (permissions are aligned if they differ),
 *   otherwise granting again is safe;
 * - invitation: its link is shown once, by create, and cannot be read back, so an
 *   invitation whose answer was lost is useless. After an ambiguous failure the
 *   invitations are listed; pending ones without email, with the same permissions,
 *   created since just before this call, are reported to the logger as leftovers
 *   (they expire unused after 30 days) and a new invitation is created, whose link is
 *   returned. The API has no route to delete an invitation, so leftovers cannot be
 *   removed here.
 * Sending an invitation is not repeated after an ambiguous failure (the mail may have
 * gone out); it is after a 429 or a connection that never opened.
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
import { AmbiguousCreateError, MailApiError } from './errors';
import {
  createInvitationBody,
  grantWebmailBody,
  invitationSchema,
  invitationWithUrlSchema,
  sendInvitationBody,
  successEnvelope,
  updatePermissionsBody,
  webmailAccessSchema,
  webmailUserSchema,
  type Invitation,
  type InvitationWithUrl,
  type WebmailAccess,
  type WebmailPermission,
  type WebmailUser,
} from './wire';

const accessEnvelope = successEnvelope(webmailAccessSchema);
const userEnvelope = successEnvelope(webmailUserSchema);
const invitationEnvelope = successEnvelope(invitationSchema);
const invitationWithUrlEnvelope = successEnvelope(invitationWithUrlSchema);

/** How far before the call an invitation's created_at may be and still count as ours (clock skew). */
const INVITATION_MATCH_SKEW_SECONDS = 120;

export class WebmailApi {
  constructor(private readonly ctx: ApiContext) {}

  /** Users with access and pending/sent/expired invitations, in one read. */
  async list(ref: MailboxRef, options?: CallOptions): Promise<WebmailAccess> {
    const envelope = await this.ctx.caller.call(
      { method: 'GET', route: 'webmail', params: mailboxParams(ref), schema: accessEnvelope },
      options,
    );
    return envelope.data;
  }

  /** Users with access (all pages). */
  listUsers(ref: MailboxRef, options?: ListOptions): Promise<WebmailUser[]> {
    return listAll(this.ctx, 'webmailUsers', mailboxParams(ref), webmailUserSchema, options);
  }

  /** Gives an organisation user access to the address with these permissions. */
  async grant(
    ref: MailboxRef,
    user: number,
    permissions: readonly WebmailPermission[],
    options: CallOptions = {},
  ): Promise<WebmailUser> {
    const body = parseInput(grantWebmailBody, { user_id: user, permissions }, 'grant');
    for (let round = 1; ; round++) {
      try {
        const envelope = await this.ctx.caller.call(
          { method: 'POST', route: 'webmail', params: mailboxParams(ref), body, schema: userEnvelope },
          options,
        );
        return envelope.data;
      } catch (error) {
        if (!isAmbiguous(error)) throw error;
        const granted = await this.findGrant(ref, user, error, options);
        if (granted) return this.alignPermissions(ref, granted, body.permissions, options);
        if (round >= this.ctx.retry.maxAttempts) throw error;
        await pauseBeforeRound(this.ctx, round, error, options.signal);
      }
    }
  }

  /** Replaces a user's permissions on the address. */
  async updatePermissions(
    ref: MailboxRef,
    user: number,
    permissions: readonly WebmailPermission[],
    options?: CallOptions,
  ): Promise<WebmailUser> {
    const body = parseInput(updatePermissionsBody, { permissions }, 'permissions');
    const envelope = await this.ctx.caller.call(
      {
        method: 'PATCH',
        route: 'webmailUser',
        params: { ...mailboxParams(ref), user },
        body,
        schema: userEnvelope,
      },
      options,
    );
    return envelope.data;
  }

  /** Removes one user's access; the others keep theirs. */
  async remove(ref: MailboxRef, user: number, options?: CallOptions): Promise<void> {
    await this.ctx.caller.call(
      {
        method: 'DELETE',
        route: 'webmailUser',
        params: { ...mailboxParams(ref), user },
        schema: okEnvelope,
        goneMeansDone: alreadyDone,
      },
      options,
    );
  }

  /** Creates a setup link (valid 30 days); its `url` is returned this once. */
  async createInvitation(
    ref: MailboxRef,
    permissions: readonly WebmailPermission[],
    options: CallOptions = {},
  ): Promise<InvitationWithUrl> {
    const body = parseInput(createInvitationBody, { permissions }, 'invitation');
    const since = Math.floor(this.ctx.clock.now() / 1000) - INVITATION_MATCH_SKEW_SECONDS;
    for (let round = 1; ; round++) {
      try {
        const envelope = await this.ctx.caller.call(
          {
            method: 'POST',
            route: 'invitations',
            params: mailboxParams(ref),
            body,
            schema: invitationWithUrlEnvelope,
          },
          options,
        );
        return envelope.data;
      } catch (error) {
        if (!isAmbiguous(error) || round >= this.ctx.retry.maxAttempts) throw error;
        await this.reportLeftoverInvitations(ref, body.permissions, since, options);
        await pauseBeforeRound(this.ctx, round, error, options.signal);
      }
    }
  }

  /** Mails the invitation's link to `email`; returns the invitation, now `sent`. */
  async sendInvitation(
    ref: MailboxRef,
    invitation: number,
    email: string,
    options?: CallOptions,
  ): Promise<Invitation> {
    const body = parseInput(sendInvitationBody, { email }, 'invitation email');
    const envelope = await this.ctx.caller.call(
      {
        method: 'POST',
        route: 'invitationSend',
        params: { ...mailboxParams(ref), invitation },
        body,
        schema: invitationEnvelope,
      },
      options,
    );
    return envelope.data;
  }

  private async findGrant(
    ref: MailboxRef,
    user: number,
    failed: MailApiError,
    options: CallOptions,
  ): Promise<WebmailUser | undefined> {
    try {
      return (await this.listUsers(ref, options)).find((u) => u.user_id === user);
    } catch (error) {
      if (!(error instanceof MailApiError) || error.kind === 'aborted') throw error;
      throw new AmbiguousCreateError(failed, `access for user ${user}`, undefined, error);
    }
  }

  private async alignPermissions(
    ref: MailboxRef,
    granted: WebmailUser,
    wanted: readonly WebmailPermission[],
    options: CallOptions,
  ): Promise<WebmailUser> {
    const same =
      granted.permissions.length === new Set(wanted).size &&
      wanted.every((p) => granted.permissions.includes(p));
    return same ? granted : this.updatePermissions(ref, granted.user_id, wanted, options);
  }

  private async reportLeftoverInvitations(
    ref: MailboxRef,
    permissions: readonly WebmailPermission[],
    since: number,
    options: CallOptions,
  ): Promise<void> {
    const warn = this.ctx.logger?.warn;
    if (!warn) return;
    let invitations: Invitation[];
    try {
      invitations = (await this.list(ref, options)).invitations;
    } catch {
      // Only a report: failing to list must not fail the create.
      return;
    }
    const wanted = [...permissions].sort().join(',');
    for (const i of invitations) {
      if (
        i.email === null &&
        i.status === 'pending' &&
        i.created_at >= since &&
        [...i.permissions].sort().join(',') === wanted
      ) {
        warn.call(
          this.ctx.logger,
          `invitation ${i.id} on "${ref.mailbox}" may be left over from a create whose answer was lost; it expires unused`,
        );
      }
    }
  }
}
