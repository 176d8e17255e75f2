/**
 * User accesses (people who read an address with their own Infomaniak login) and
 * invitation links for people the organisation does not know yet.
 *
 * An invitation's `short_url` is a secret: it is answered by create and in the
 * webmail list (the reference has it there) and nowhere else, never logged.
 */
import { randomBytes } from 'node:crypto';
import {
  INVITATION_VALIDITY_DAYS,
  createInvitationBody,
  errorCodes,
  grantWebmailBody,
  permissionsToWire,
  permissionsFromWire,
  sendInvitationBody,
  successStatus,
  updatePermissionsBody,
  type PermissionsObject,
} from '../../infomaniak/wire';
import { ApiError, notFound } from '../errors';
import { parseId } from '../store';
import type { InvitationRecord, MailboxRecord, UserAccessRecord } from '../state';
import { invitationView, userAccessView, webmailUserView } from '../views';
import { ok, paginate, parseBody, type Endpoint, type EndpointContext } from './endpoint';

const DAY_SECONDS = 24 * 60 * 60;

function mailboxOf({ store, params }: EndpointContext): MailboxRecord {
  return store.mailbox(store.hosting(params.hosting), params.mailbox);
}

function grantOf(mailbox: MailboxRecord, raw: string): UserAccessRecord {
  const id = parseId(raw);
  const grant = id === undefined ? undefined : mailbox.user_accesses.find((g) => g.user_id === id);
  if (!grant) throw notFound.userAccess(raw, mailbox.mailbox_name);
  return grant;
}

export function invitationOf(mailbox: MailboxRecord, key: string): InvitationRecord {
  const invitation = mailbox.invitations.find((i) => i.key === key);
  if (!invitation) throw notFound.invitation(mailbox.mailbox_name);
  return invitation;
}

/** Flags left out of a body are false: the stored object always holds all eleven. */
function fullPermissions(given: PermissionsObject | undefined) {
  return permissionsToWire(permissionsFromWire(given));
}

function matches(search: string, ...values: string[]): boolean {
  return search === '' || values.some((v) => v.toLowerCase().includes(search));
}

export const webmailEndpoints: Endpoint[] = [
  {
    method: 'GET',
    route: 'webmail',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const { state } = ctx.store;
      const search = (ctx.query.get('search') ?? '').toLowerCase();
      const users = mailbox.user_accesses
        .filter((g) => {
          const user = ctx.store.findUser(g.user_id);
          return matches(search, user?.email ?? '', user?.first_name ?? '', user?.last_name ?? '');
        })
        .map((g) => ({ user_access: userAccessView(state, mailbox, g, ctx.viewer) }));
      const invitations = mailbox.invitations
        .filter((i) => matches(search, i.sent_to, i.firstname, i.lastname))
        .map((i) => ({ invitation: invitationView(state, i) }));
      return paginate([...users, ...invitations], ctx.query);
    },
  },
  {
    method: 'POST',
    route: 'webmail',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const input = parseBody(grantWebmailBody, ctx.body);
      const user = ctx.store.findUser(input.user_id);
      if (!user) {
        throw new ApiError(
          422,
          errorCodes.userNotAttached,
          `User ${input.user_id} is not a member of the organisation that owns this Mail Service; invite them instead.`,
          [
            {
              code: errorCodes.userNotAttached,
              description: 'is not a member of the organisation',
              context: { attribute: 'user_id' },
            },
          ],
        );
      }
      if (mailbox.user_accesses.some((g) => g.user_id === user.user_id)) {
        throw new ApiError(
          409,
          errorCodes.userAlreadyHasAccess,
          `User ${user.user_id} already has access to mailbox "${mailbox.mailbox_name}"; change their permissions instead.`,
        );
      }
      mailbox.user_accesses.push({
        id: ctx.store.nextId('user_access'),
        user_id: user.user_id,
        permissions: fullPermissions(input.permissions),
        created_at: ctx.store.nowSeconds(),
        creator_id: ctx.viewer.userId,
      });
      return { status: successStatus('POST', 'webmail'), data: true };
    },
  },
  {
    method: 'GET',
    route: 'webmailUsers',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const search = (ctx.query.get('search') ?? '').toLowerCase();
      const users = mailbox.user_accesses
        .map((g) => ctx.store.findUser(g.user_id))
        .filter((u) => u !== undefined)
        .filter((u) => matches(search, u.email, u.first_name, u.last_name));
      return paginate(users.map(webmailUserView), ctx.query);
    },
  },
  {
    method: 'PATCH',
    route: 'webmailUser',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const grant = grantOf(mailbox, ctx.params.user);
      const { permissions } = parseBody(updatePermissionsBody, ctx.body);
      // A PATCH: flags left out keep their value.
      for (const [flag, value] of Object.entries(permissions)) {
        if (typeof value === 'boolean') (grant.permissions as Record<string, boolean>)[flag] = value;
      }
      return ok;
    },
  },
  {
    method: 'DELETE',
    route: 'webmailUser',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const grant = grantOf(mailbox, ctx.params.user);
      // The user's device accesses stay: a Device is its own resource (see README).
      mailbox.user_accesses = mailbox.user_accesses.filter((g) => g !== grant);
      return ok;
    },
  },
  {
    method: 'POST',
    route: 'invitations',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const input = parseBody(createInvitationBody, ctx.body);
      const now = ctx.store.nowSeconds();
      const invitation: InvitationRecord = {
        key: randomBytes(12).toString('hex'),
        short_url: `${ctx.baseUrl}/invitation/${randomBytes(18).toString('base64url')}`,
        sent_to: '',
        firstname: input.firstname ?? '',
        lastname: input.lastname ?? '',
        signature_template_id: input.signature_template_id ?? '',
        permissions: fullPermissions(input.permissions),
        created_at: now,
        expired_at: now + INVITATION_VALIDITY_DAYS * DAY_SECONDS,
        creator_id: ctx.viewer.userId,
      };
      mailbox.invitations.push(invitation);
      return { data: invitationView(ctx.store.state, invitation) };
    },
  },
  {
    method: 'POST',
    route: 'invitationSend',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const invitation = invitationOf(mailbox, ctx.params.invitation);
      const { email } = parseBody(sendInvitationBody, ctx.body);
      invitation.sent_to = email;
      return ok;
    },
  },
  {
    method: 'DELETE',
    route: 'invitationWithdraw',
    handle: (ctx) => {
      const mailbox = mailboxOf(ctx);
      const invitation = invitationOf(mailbox, ctx.params.invitation);
      mailbox.invitations = mailbox.invitations.filter((i) => i !== invitation);
      return ok;
    },
  },
];
