/**
 * The assumptions the wire-*.ts files make where the reference leaves something open
 * (each marked ASSUMED beside the rule or schema it shapes), in words: the docs list them,
 * and the constructs' generated rules quote one. Plain data, no zod.
 */
import { INVITATION_VALIDITY_DAYS } from './wire-rules';

export const apiAssumptions = {
  rateLimit:
    'Any route may answer 429 (Retry-After in seconds or as a date, or none); a 400 whose code starts with ' +
    '`too_many_attempts_` is a per-route limit. Both wait and retry idempotent calls.',
  maxPerPage:
    'At most 1000 items per page are asked for: 1000 for device lists (read around every device create, so an ' +
    "address's accesses take one request) and for the first page of a Mail Service's addresses (one request " +
    'tells a run which addresses exist, in a Mail Service of up to 1000), 100 for the others unless the client ' +
    'is told otherwise; paging follows `pages`, never the requested size.',
  mailboxNameCharacters:
    'Mailbox names: lower-case ASCII letters and digits, separated by single dots or runs of `-` and `_`, ' +
    'starting and ending with a letter or digit, at most 64 characters (the reference gives only the length).',
  mailboxCreateTarget:
    'A new mailbox is created with `target = other_user` and `link_to_current_user = false`: nobody reads it ' +
    'until the code grants or invites someone.',
  deviceWith:
    'Device lists are asked `with=device,user_access`; an access without its Device is an unexpected answer.',
  deviceListAfterCreate:
    'A device list requested after a create answered shows that access (no delay before it appears); one ' +
    'such list, shared by every create of the address that answered before it was sent, finds them all.',
  mailboxListAfterCreate:
    "A list of the Mail Service's addresses requested after a mailbox create answered shows that address, " +
    'as a GET of it would: one such list reads back every create of the Mail Service that answered before ' +
    'it was sent (an address it does not show is read alone).',
  idsNeverReused:
    'An access id, once given, is never given again (not even after the access is revoked): every id any ' +
    'list of an address showed is an access that is not the one a later create makes.',
  newMailboxDevices:
    'A mailbox just created by `POST .../mailboxes` (no password, nobody granted) has no device access: the ' +
    'client takes that as its first device list instead of reading it.',
  labelUniqueness:
    'The label PATCH answers 409 `device_already_exists` when another Device reading one of the same ' +
    'addresses has that label; a create does not check labels. The provider warns about duplicates within ' +
    'an address and the constructs refuse them.',
  invitationSentTo: 'An invitation\'s `sent_to` is "" until its link is mailed.',
  invitationAccepted:
    'An accepted invitation leaves the list and a user access appears whose user email equals its `sent_to` ' +
    '(compared case-insensitively); that is how the invitation is matched to the access it became.',
  invitationLifetime: `An invitation link lives ${INVITATION_VALIDITY_DAYS} days (Manager guide); \`expired_at\` is what counts.`,
  invitationWithdrawal:
    'Withdrawal uses the older DELETE .../mailboxes/{name}/invitations/{key}; if it answers 501 the link stays ' +
    'valid until `expired_at` and the provider says so.',
  errorDetails:
    '`error.errors[]` entries are objects with `code`, `description` and `context.attribute`; anything else is ignored.',
  notImplementedBody:
    'A 501 carries the usual error envelope; its meaning comes from the route family, not the body.',
} as const;
