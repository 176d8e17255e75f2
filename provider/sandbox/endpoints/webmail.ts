/**
 * Webmail access: the users who read an address with their own Infomaniak login,
 * and setup links (invitations) for people who cannot create a device themselves.
 *
 * An invitation link is returned once, by create. The store keeps only the
 * SHA-256 of its token; `expired` is derived from the clock on every read.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  INVITATION_VALIDITY_DAYS,
  createInvitationBody,
  errorCodes,
  grantWebmailBody,
  sendInvitationBody,
  updatePermissionsBody,
  webmailAccessSchema,
  type WebmailPermission,
} from '../../infomaniak/wire';
import { ApiError, notFound } from '../errors';
import { parseId, type Store } from '../store';
import type { GrantRecord, InvitationRecord, MailboxRecord } from '../state';
import { invitationStatus, invitationView, invitationWithUrlView, webmailUserView } from '../views';
import { ok, paginate, parseBody, type Endpoint, type EndpointContext } from './endpoint';

const DAY_SECONDS = 24 * 60 * 60;

/** Permissions are a set: keep the caller's order, drop repeats. */
function permissionSet(permissions: WebmailPermission[]): WebmailPermission[] {
  return [...new Set(permissions)];
}

function mailboxOf({ store, params }: EndpointContext): MailboxRecord {
  return store.mailbox(store.hosting(params.hosting), params.mailbox);
}

function userView(store: Store, grant: GrantRecord) {
  return webmailUserView(
    grant,
    store.state.users.find((u) => u.user_id === grant.user_id),
  );
}

function grantOf(mailbox: MailboxRecord, raw: string): GrantRecord {
  const id = parseId(raw);
  const grant = id === undefined ? undefined : mailbox.webmail_users.find((g) => g.user_id === id);
  if (!grant) throw notFound.webmailUser(raw, mailbox.mailbox_name);
  return grant;
}

function invitationOf(mailbox: MailboxRecord, raw: string): InvitationRecord {
  const id = parseId(raw);
  const invitation = id === undefined ? undefined : mailbox.invitations.find((i) => i.id === id);
  if (!invitation) throw notFound.invitation(raw, mailbox.mailbox_name);
  return invitation;
}

export const webmailEndpoints: Endpoint[] = [
  {
    method: 'GET',
    route: 'webmail',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const now = ctx.store.nowSeconds();
      return {
        data: webmailAccessSchema.parse({
          users: mailbox.webmail_users.map((g) => userView(ctx.store, g)),
          invitations: mailbox.invitations.map((i) => invitationView(i, now)),
        }),
      };
    },
  },
  {
    method: 'POST',
    route: 'webmail',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const input = parseBody(grantWebmailBody, ctx.body);
      const user = ctx.store.organisationUser(input.user_id);
      if (mailbox.webmail_users.some((g) => g.user_id === user.user_id)) {
        throw new ApiError(
          409,
          errorCodes.conflict,
          `User ${user.user_id} already has access to mailbox "${mailbox.mailbox_name}"; change their permissions instead.`,
        );
      }
      const grant: GrantRecord = {
        user_id: user.user_id,
        permissions: permissionSet(input.permissions),
        created_at: ctx.store.nowSeconds(),
      };
      mailbox.webmail_users.push(grant);
      return { data: userView(ctx.store, grant) };
    },
  },
  {
    method: 'GET',
    route: 'webmailUsers',
    handle: (ctx) =>
      paginate(
        mailboxOf(ctx).webmail_users.map((g) => userView(ctx.store, g)),
        ctx.query,
      ),
  },
  {
    method: 'PATCH',
    route: 'webmailUser',
    handle: (ctx) => {
      const grant = grantOf(mailboxOf(ctx), ctx.params.user);
      const { permissions } = parseBody(updatePermissionsBody, ctx.body);
      grant.permissions = permissionSet(permissions);
      return { data: userView(ctx.store, grant) };
    },
  },
  {
    method: 'DELETE',
    route: 'webmailUser',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const grant = grantOf(mailbox, ctx.params.user);
      mailbox.webmail_users = mailbox.webmail_users.filter((g) => g !== grant);
      return ok;
    },
  },
  {
    method: 'POST',
    route: 'invitations',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const { permissions } = parseBody(createInvitationBody, ctx.body);
      // 192 bits: the link is a bearer credential for whoever holds it.
      const token = randomBytes(24).toString('base64url');
      const now = ctx.store.nowSeconds();
      const invitation: InvitationRecord = {
        id: ctx.store.nextInvitationId(),
        email: null,
        permissions: permissionSet(permissions),
        status: 'pending',
        created_at: now,
        expires_at: now + INVITATION_VALIDITY_DAYS * DAY_SECONDS,
        token_sha256: createHash('sha256').update(token).digest('hex'),
      };
      mailbox.invitations.push(invitation);
      return { data: invitationWithUrlView(invitation, now, `${ctx.baseUrl}/invitations/${token}`) };
    },
  },
  {
    method: 'POST',
    route: 'invitationSend',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const invitation = invitationOf(mailbox, ctx.params.invitation);
      const { email } = parseBody(sendInvitationBody, ctx.body);
      const now = ctx.store.nowSeconds();
      if (invitationStatus(invitation, now) === 'expired') {
        throw new ApiError(
          409,
          errorCodes.conflict,
          `Invitation ${invitation.id} expired (links are valid ${INVITATION_VALIDITY_DAYS} days); create a new one.`,
        );
      }
      invitation.email = email;
      invitation.status = 'sent';
      return { data: invitationView(invitation, now) };
    },
  },
];
