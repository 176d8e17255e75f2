/**
 * Test hooks (only with `testHooks`): check a password the way a mail client
 * would, play an invitee accepting a link, flag a device access as Infomaniak
 * does, read request counts, inject faults, shift the clock, restore the seed.
 * Their own requests are never counted, faulted or authenticated.
 */
import { errorCodes, permissionsFromWire, permissionsToWire } from '../infomaniak/wire';
import type { Reply } from './endpoints/endpoint';
import { parseBody, ok } from './endpoints/endpoint';
import type { z } from 'zod';
import { ApiError, fieldError, notFound, validationFailed } from './errors';
import { ANY_ROUTE, type Faults } from './faults';
import {
  HOOKS_PREFIX,
  acceptInvitationBodySchema,
  acceptInvitationResultSchema,
  deviceStatusBodySchema,
  clockBodySchema,
  clockResultSchema,
  faultSpecSchema,
  requestsResultSchema,
  verifyBodySchema,
  verifyResultSchema,
} from './hooks-wire';
import type { Persistence } from './persistence';
import type { RequestLog } from './requests';
import type { Store } from './store';

export interface HookDeps {
  store: Store;
  faults: Faults;
  requests: RequestLog;
  persistence: Persistence;
  /** Every "METHOD /template" the API serves: fault routes must name one of them (or "*"). */
  routeKeys: readonly string[];
}

export function isHookPath(pathname: string): boolean {
  return pathname === HOOKS_PREFIX || pathname.startsWith(`${HOOKS_PREFIX}/`);
}

export async function handleHook(
  deps: HookDeps,
  method: string,
  pathname: string,
  body: unknown,
): Promise<Reply> {
  const { store, faults, requests } = deps;
  const route = `${method} ${pathname.replace(/\/+$/, '')}`;
  switch (route) {
    case `POST ${HOOKS_PREFIX}/verify`: {
      const { email, password } = parseBody(verifyBodySchema, body);
      return { data: verifyResultSchema.parse({ valid: await verify(store, email, password) }) };
    }
    case `POST ${HOOKS_PREFIX}/invitations/accept`: {
      const result = acceptInvitation(store, parseBody(acceptInvitationBodySchema, body));
      await deps.persistence.commit();
      return { data: acceptInvitationResultSchema.parse(result) };
    }
    case `POST ${HOOKS_PREFIX}/devices/status`: {
      const { access_id, status } = parseBody(deviceStatusBodySchema, body);
      const found = store.accessAnywhere(access_id);
      if (!found)
        throw new ApiError(404, errorCodes.objectNotFound, `Device access ${access_id} does not exist.`);
      found.access.status = status;
      await deps.persistence.commit();
      return ok;
    }
    case `GET ${HOOKS_PREFIX}/requests`:
      return { data: requestsResultSchema.parse(requests.snapshot()) };
    case `DELETE ${HOOKS_PREFIX}/requests`:
      requests.reset();
      return ok;
    case `POST ${HOOKS_PREFIX}/faults`: {
      const spec = parseBody(faultSpecSchema, body);
      if (spec.route !== ANY_ROUTE && !deps.routeKeys.includes(spec.route)) {
        throw validationFailed([
          fieldError(
            'route',
            `must be "*" or "METHOD /template" of an API route, e.g. "${deps.routeKeys[0]}"`,
          ),
        ]);
      }
      return { data: faults.add(spec) };
    }
    case `GET ${HOOKS_PREFIX}/faults`:
      return { data: faults.list() };
    case `DELETE ${HOOKS_PREFIX}/faults`:
      faults.clear();
      return ok;
    case `POST ${HOOKS_PREFIX}/reset`:
      store.reset();
      faults.clear();
      requests.reset();
      await deps.persistence.commit();
      return ok;
    case `GET ${HOOKS_PREFIX}/clock`:
      return { data: clock(store) };
    case `POST ${HOOKS_PREFIX}/clock`: {
      const { advance_seconds } = parseBody(clockBodySchema, body);
      store.advanceClock(advance_seconds * 1000);
      return { data: clock(store) };
    }
    default:
      throw new ApiError(404, errorCodes.routeNotFound, `No ${method} test hook at this path.`);
  }
}

function clock(store: Store) {
  return clockResultSchema.parse({ now_ms: store.nowMs(), offset_ms: store.clockOffsetMs() });
}

/**
 * The service's "test the address/password pair": valid iff the password opens
 * a live device of that address (the generic password included). One scrypt for a
 * password the sandbox generated, however many devices the address has.
 */
async function verify(store: Store, email: string, password: string): Promise<boolean> {
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const hosting = store.hostingByDomain(email.slice(at + 1));
  const mailbox = hosting && store.findMailbox(hosting, email.slice(0, at));
  if (!mailbox) return false;
  return store.passwords.opensAny(
    password,
    mailbox.device_accesses.map((a) => a.password_hash),
  );
}

function acceptInvitation(store: Store, input: z.output<typeof acceptInvitationBodySchema>) {
  const hosting = store.hosting(input.mail_hosting_id ?? store.state.hostings[0].id);
  const mailbox = store.mailbox(hosting, input.mailbox_name);
  const invitation = mailbox.invitations.find((i) => i.key === input.key);
  if (!invitation) throw notFound.invitation(mailbox.mailbox_name);
  if (store.nowSeconds() >= invitation.expired_at) {
    throw validationFailed([fieldError('key', 'the invitation has expired; its link no longer works')]);
  }
  let user = store.findUser(input.user_id);
  let created = false;
  if (user) {
    // ASSUMED invitationAccepted: the access that appears is for the address the link was sent to.
    if (invitation.sent_to !== '' && invitation.sent_to.toLowerCase() !== user.email.toLowerCase()) {
      throw validationFailed([
        fieldError('user_id', "this user's email is not the address the invitation was sent to"),
      ]);
    }
  } else {
    if (invitation.sent_to === '') {
      throw validationFailed([
        fieldError(
          'user_id',
          'is not in the organisation, and the invitation was never sent: no email to create the user with',
        ),
      ]);
    }
    user = {
      user_id: input.user_id,
      email: invitation.sent_to,
      first_name: invitation.firstname,
      last_name: invitation.lastname,
      role_type: 'normal',
      created_at: store.nowSeconds(),
    };
    store.state.users.push(user);
    store.state.next_ids.user = Math.max(store.state.next_ids.user, user.user_id + 1);
    created = true;
  }
  if (mailbox.user_accesses.some((g) => g.user_id === user.user_id)) {
    throw new ApiError(
      409,
      errorCodes.userAlreadyHasAccess,
      `User ${user.user_id} already has access to mailbox "${mailbox.mailbox_name}".`,
    );
  }
  const grant = {
    id: store.nextId('user_access'),
    user_id: user.user_id,
    permissions: permissionsToWire(permissionsFromWire(invitation.permissions)),
    created_at: store.nowSeconds(),
    creator_id: invitation.creator_id,
  };
  mailbox.user_accesses.push(grant);
  mailbox.invitations = mailbox.invitations.filter((i) => i !== invitation);
  return { user_id: user.user_id, email: user.email, user_access_id: grant.id, user_created: created };
}
