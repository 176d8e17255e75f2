/**
 * What \`infomaniakmail_device\` keeps in private state: facts about the password that the
 * API cannot tell again (when it was imported, since when it is flagged, a regenerate or
 * a create whose answer was lost).
 */
import type { PrivateData } from '../framework';
import type { DeviceAccess } from '../infomaniak';
import { rfc3339 } from './common';
import type { MailContext } from './context';
import { isFlagged } from './rotation';

/** Private state keys. */
export const IMPORTED_AT = 'imported_at';
/** Set by import, dropped by the first apply: until then triggers are recorded, not acted on. */
export const IMPORT_PENDING = 'import_pending';
export const FLAGGED_SINCE = 'flagged_since';
export const UNFINISHED = 'regenerate_unfinished';
/** Created, password received, but the access could not be read back: found by label on the next read. */
export const UNREAD = 'created_but_unread';

export function nowRfc3339(ctx: MailContext): string {
  return rfc3339(Math.floor(ctx.client.serverNow() / 1000));
}

/** Private state kept across a refresh: what the read learnt about flags, and the import time. */
export function carried(priv: PrivateData | undefined, access: DeviceAccess, now: string): PrivateData {
  const next: Record<string, unknown> = {};
  if (typeof priv?.[IMPORTED_AT] === 'string') next[IMPORTED_AT] = priv[IMPORTED_AT];
  if (priv?.[IMPORT_PENDING] === true) next[IMPORT_PENDING] = true;
  if (priv?.[UNFINISHED] === true) next[UNFINISHED] = true;
  if (isFlagged(access.status))
    next[FLAGGED_SINCE] = typeof priv?.[FLAGGED_SINCE] === 'string' ? priv[FLAGGED_SINCE] : now;
  return next;
}
