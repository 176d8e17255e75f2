/**
 * What every per-address resource and data source shares: the two key attributes
 * (DESIGN.md §4: `mail_hosting_id` and `mailbox_name`, changing either replaces),
 * and timestamps as RFC 3339 strings.
 */
import { attr, intRange, requiresReplace, stringLength, stringMatches } from '../framework';
import type { MailboxRef } from '../infomaniak';
import { MAILBOX_NAME_MAX_LENGTH, MAILBOX_NAME_PATTERN } from '../infomaniak/api-rules';

/** The API's rule for the part before @ (wire.ts, ASSUMED `mailboxNameCharacters`). */
const MAILBOX_NAME = new RegExp(MAILBOX_NAME_PATTERN);
const MAILBOX_NAME_RULE =
  'Must be the part of the address before @, in lowercase: letters and digits, with single dots or ' +
  `\`-\` / \`_\` between them, at most ${MAILBOX_NAME_MAX_LENGTH} characters (e.g. "contact" for contact@example.ch).`;
const mailboxNameValidators = [
  stringLength({ min: 1, max: MAILBOX_NAME_MAX_LENGTH }),
  stringMatches(MAILBOX_NAME, MAILBOX_NAME_RULE),
];

const HOSTING_DESCRIPTION =
  'Id of the Mail Service (the `mail_hosting_id` in the Infomaniak Manager URL, ' +
  '`https://manager.infomaniak.com/v3/.../mail/<id>`).';
const MAILBOX_DESCRIPTION = 'The address, without `@` and the domain: `contact` for `contact@example.ch`.';

/** Key attributes of a resource: required, and changing either replaces the resource. */
export function addressKeyAttributes() {
  return {
    mail_hosting_id: attr.int({
      required: true,
      description: `${HOSTING_DESCRIPTION} Changing it replaces the resource.`,
      validators: [intRange(1, Number.MAX_SAFE_INTEGER)],
      planModifiers: [requiresReplace()],
    }),
    mailbox_name: attr.string({
      required: true,
      description: `${MAILBOX_DESCRIPTION} Changing it replaces the resource.`,
      validators: mailboxNameValidators,
      planModifiers: [requiresReplace()],
    }),
  };
}

/** Key attributes of a data source (no plan modifiers there). */
export function addressLookupAttributes() {
  return {
    mail_hosting_id: attr.int({
      required: true,
      description: HOSTING_DESCRIPTION,
      validators: [intRange(1, Number.MAX_SAFE_INTEGER)],
    }),
    mailbox_name: attr.string({
      required: true,
      description: MAILBOX_DESCRIPTION,
      validators: mailboxNameValidators,
    }),
  };
}

/** An email address, loosely: something@domain.tld (the service decides the rest). */
export function emailAddress() {
  return stringMatches(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, 'Must be an email address, e.g. "alice@example.ch".');
}

export function refOf(model: { mail_hosting_id: number; mailbox_name: string }): MailboxRef {
  return { hosting: model.mail_hosting_id, mailbox: model.mailbox_name };
}

/** How an address is named in messages: `contact` in Mail Service 1234567. */
export function describeAddress(ref: MailboxRef): string {
  return `"${ref.mailbox}" (Mail Service ${ref.hosting})`;
}

/** Unix seconds (the API's timestamps) → RFC 3339 in UTC, e.g. 2026-01-31T12:00:00Z. */
export function rfc3339(unixSeconds: number): string {
  return new Date(unixSeconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** RFC 3339 → Unix seconds; undefined when unreadable. */
export function unixSeconds(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
