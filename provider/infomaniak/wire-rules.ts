/**
 * Rules users meet: name lengths, enums, permission names, invitation and mailbox
 * creation choices, as the reference gives them (see wire.ts). One home: the provider's
 * validators, the sandbox and (through a generated file) the CDKTF constructs read these.
 *
 * Plain data and functions, no zod: the provider's schemas and plan-time checks read them
 * before ConfigureProvider, and a provider start must not evaluate zod (wire.ts builds the
 * zod schemas from these, for the API client and the sandbox).
 */

/**
 * The reference gives only `maxLength: 64` for `mailbox_name`. ASSUMED
 * `mailboxNameCharacters`: lower-case ASCII letters and digits, separated by single
 * dots or runs of `-` and `_`, so it starts and ends with a letter or digit: the local
 * parts the Manager offers. Upper case is refused rather than folded (addresses compare lower-case, and
 * a plan must not show one name while the service stores another); `+` is refused
 * because it is the sub-address separator.
 */
export const MAILBOX_NAME_MAX_LENGTH = 64;
export const MAILBOX_NAME_PATTERN = '^[a-z0-9]+(?:(?:\\.|[_-]+)[a-z0-9]+)*$';
export const MAILBOX_NOTE_MAX_LENGTH = 80;
export const DEVICE_LABEL_MAX_LENGTH = 255;
/**
 * Code points a label may not hold: C0 (a line break, a tab, NUL), DEL and C1. The
 * reference gives only the length; a label is one line shown in the Manager, in device
 * lists and in plans, which a control character breaks (and what the service stores for
 * one is unknown), so they are refused before anything is sent.
 */
export const DEVICE_LABEL_FORBIDDEN_RANGES = [
  [0x00, 0x1f],
  [0x7f, 0x9f],
] as const;

/** The first forbidden character of a label, as `U+000A` and its position (1-based, in characters). */
export function labelControlCharacter(label: string): { code: string; position: number } | undefined {
  const chars = [...label];
  const index = chars.findIndex((c) => {
    const n = c.codePointAt(0) ?? 0;
    return DEVICE_LABEL_FORBIDDEN_RANGES.some(([low, high]) => n >= low && n <= high);
  });
  if (index < 0) return undefined;
  const code = (chars[index].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return { code: `U+${code}`, position: index + 1 };
}

/** `protocols` of a device access: one string. SMTP is always included. */
export const deviceProtocols = ['imap', 'pop3', 'pop3-imap'] as const;
export type DeviceProtocol = (typeof deviceProtocols)[number];
/** What the Manager offers by default; the reference has no default (the field is required). */
export const DEFAULT_DEVICE_PROTOCOLS: DeviceProtocol = 'pop3-imap';

/** Device types a create may send. */
export const deviceTypes = ['computer', 'phone', 'tablet', 'other'] as const;
export type DeviceType = (typeof deviceTypes)[number];
/** Answers add `legacy`: the pre-2026 generic password of an address. */
export const LEGACY_DEVICE_TYPE = 'legacy';
export const listedDeviceTypes = [...deviceTypes, LEGACY_DEVICE_TYPE] as const;
export type ListedDeviceType = (typeof listedDeviceTypes)[number];

export const deviceStatuses = ['healthy', 'leaked', 'spam'] as const;
export type DeviceStatus = (typeof deviceStatuses)[number];

/** The 11 capabilities of a user on an address, without the API's `can_` prefix. */
export const mailboxPermissions = [
  'manage_filters',
  'manage_security',
  'manage_aliases',
  'manage_redirections',
  'manage_signatures',
  'manage_auto_reply',
  'change_password',
  'configure_mail_folders',
  'restore_emails',
  'manage_rules',
  'access_logs',
] as const;
export type MailboxPermission = (typeof mailboxPermissions)[number];
/** A permission as the API spells it: `can_manage_filters`. */
export type CanKey = `can_${MailboxPermission}`;
/** In answers and bodies of the accesses routes every flag is optional. */
export type PermissionsObject = Partial<Record<CanKey, boolean>>;

/** The names given → the object of all eleven flags the API takes. */
export function permissionsToWire(names: Iterable<MailboxPermission>): Record<CanKey, boolean> {
  const set = new Set(names);
  return Object.fromEntries(mailboxPermissions.map((p) => [`can_${p}`, set.has(p)])) as Record<
    CanKey,
    boolean
  >;
}
/** The object the API answers → the names set to true, in the canonical order. */
export function permissionsFromWire(object: PermissionsObject | undefined): MailboxPermission[] {
  return mailboxPermissions.filter((p) => object?.[`can_${p}`] === true);
}

export const invitationLanguages = ['de', 'en', 'es', 'fr', 'it'] as const;
export type InvitationLanguage = (typeof invitationLanguages)[number];
export const DEFAULT_INVITATION_LANGUAGE: InvitationLanguage = 'en';

/**
 * The lifetime of an invitation link per the Manager guide. The API's `expired_at` is
 * what counts; the sandbox uses this to set it.
 */
export const INVITATION_VALIDITY_DAYS = 30;

export const mailboxTargets = ['current_user', 'ksuite_user', 'other_user'] as const;
/**
 * ASSUMED `mailboxCreateTarget`: every `target` grants someone at creation. We send
 * `other_user` ("all invited users"; none yet) with `link_to_current_user: false`,
 * the one choice whose grant is known: nobody reads the new address until the code
 * grants or invites someone. The sandbox does exactly that.
 */
export const MAILBOX_CREATE_TARGET = 'other_user' satisfies (typeof mailboxTargets)[number];
