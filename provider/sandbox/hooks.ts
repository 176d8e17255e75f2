/**
 * Test hooks (only with `testHooks`): check a password the way a mail client
 * would, read request counts, inject faults, shift the clock, restore the seed.
 * Their own requests are never counted, faulted or authenticated.
 */
import { errorCodes } from '../infomaniak/wire';
import type { Reply } from './endpoints/endpoint';
import { parseBody, ok } from './endpoints/endpoint';
import { ApiError, fieldError, validationFailed } from './errors';
import { ANY_ROUTE, type Faults } from './faults';
import {
  HOOKS_PREFIX,
  clockBodySchema,
  clockResultSchema,
  faultSpecSchema,
  requestsResultSchema,
  verifyBodySchema,
  verifyResultSchema,
} from './hooks-wire';
import { verifyPassword } from './passwords';
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
 * a live device of that address (the generic password included). Every device
 * is checked, so the answer takes as long for a miss as for a hit.
 */
async function verify(store: Store, email: string, password: string): Promise<boolean> {
  const at = email.lastIndexOf('@');
  if (at <= 0) return false;
  const hosting = store.hostingByDomain(email.slice(at + 1));
  const mailbox = hosting && store.findMailbox(hosting, email.slice(0, at));
  if (!mailbox) return false;
  const results = await Promise.all(mailbox.devices.map((d) => verifyPassword(password, d.password_hash)));
  return results.some(Boolean);
}
