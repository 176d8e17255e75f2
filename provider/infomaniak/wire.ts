/**
 * The Infomaniak Mail API as it appears on the wire: routes, envelopes, bodies, and
 * the rules users meet (name lengths, enums).
 *
 * Source of truth: Infomaniak's published API reference (OpenAPI 3.1; a normalised
 * copy is read by `npm run test:contract`, see ../../../shared/api/README.md). Every
 * schema here follows it: field names, types, enums, nesting, which fields are
 * required. Unknown extra fields are accepted (zod drops them), so the service adding
 * fields never breaks us; a wrong type is an error. The client parses every answer
 * with these schemas and the sandbox builds every answer from them.
 *
 * What the reference leaves open is an assumption, marked ASSUMED with the behaviour
 * chosen and why. Each is written here once; `apiAssumptions` lists them for the docs.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------
// Routes

/**
 * Route templates, keyed by a stable name. `{x}` are our names for path parameters
 * (the reference calls them mail_hosting_id / service_mail, mailbox_name,
 * device_access, device, user_id, invitation_webmail / key, account).
 */
export const routes = {
  /** GET: list; POST: create (201). */
  mailboxes: '/1/mail_hostings/{hosting}/mailboxes',
  /** GET only: no route updates or deletes a mailbox. */
  mailbox: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}',
  /** GET: list the address's device accesses; POST: create one (200, the password); DELETE: revoke all. */
  devices: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices',
  /** POST: regenerate (200, the password); DELETE: revoke. `{access}` is a DeviceAccess id. */
  deviceAccess: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices/{access}',
  /** GET / DELETE: one user's device accesses on the address. */
  userDevices: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices/users/{user}',
  /** GET: user accesses and invitations; POST: grant a user (201). */
  webmail: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail',
  /** GET: the users with access. */
  webmailUsers: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/users',
  /** PATCH: permissions; DELETE: remove the user's access. */
  webmailUser: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/users/{user}',
  /** POST: create an invitation link. */
  invitations: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/invitations',
  /** POST: mail the link. `{invitation}` is the invitation's string key. */
  invitationSend:
    '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/invitations/{invitation}/send',
  /**
   * DELETE: withdraw an invitation. An older route ("Mailboxes > Users"), the only one
   * that deletes an invitation; see ASSUMED `invitationWithdrawal`.
   */
  invitationWithdraw: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/invitations/{invitation}',
  /** PATCH: a Device's label. Not scoped by address: a Device may read several. */
  deviceLabel: '/1/mail_hostings/accesses/devices/{device}',
  /** GET: the products the token sees; a Mail Service is one (its id is the mail_hosting_id). */
  products: '/1/products',
  /** GET: the users of an account (organisation). */
  accountUsers: '/2/accounts/{account}/users',
} as const;
export type RouteName = keyof typeof routes;

export interface RouteParams {
  readonly hosting?: number;
  readonly mailbox?: string;
  readonly access?: number;
  readonly device?: number;
  readonly user?: number;
  readonly invitation?: string;
  readonly account?: number;
}

/** Fills a route template; every parameter is URI-encoded. */
export function routePath(name: RouteName, params: RouteParams): string {
  return routes[name].replace(/\{(\w+)\}/g, (_m, key: string) => {
    const value = (params as Record<string, unknown>)[key];
    if (value === undefined || value === null || value === '') {
      throw new Error(`route ${name}: missing path parameter "${key}"`);
    }
    return encodeURIComponent(String(value));
  });
}

/**
 * Which generation a route belongs to; a 501 means opposite things in the two:
 * - `accesses`: the Mail Service is not yet enabled for device and user accesses;
 * - `legacy` ("Mailboxes > Users"): the account has already moved to that new model.
 */
export type RouteFamily = 'accesses' | 'legacy' | 'mailbox' | 'account';
export function routeFamily(name: RouteName): RouteFamily {
  if (name === 'invitationWithdraw') return 'legacy';
  if (name === 'mailboxes' || name === 'mailbox') return 'mailbox';
  if (name === 'products' || name === 'accountUsers') return 'account';
  return 'accesses';
}

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Success statuses the reference gives where they are not 200. */
const CREATED: ReadonlySet<string> = new Set(['POST mailboxes', 'POST webmail']);
export function successStatus(method: HttpMethod, route: RouteName): 200 | 201 {
  return CREATED.has(`${method} ${route}`) ? 201 : 200;
}

// ---------------------------------------------------------------------------
// Envelopes

export const resultSchema = z.enum(['success', 'error', 'asynchronous']);

/** Beside `data` when `page` was sent. All four are optional in the reference. */
export const pagingSchema = z.object({
  total: z.number().int().nonnegative().optional(),
  page: z.number().int().nonnegative().optional(),
  pages: z.number().int().nonnegative().optional(),
  items_per_page: z.number().int().nonnegative().optional(),
});
export type Paging = z.infer<typeof pagingSchema>;

/**
 * ASSUMED `maxPerPage`: the reference gives no largest `per_page`. The client asks for
 * 100 by default and at most 1000, and never relies on the service honouring it: it
 * follows `pages` (or, without it, reads until a short page).
 */
export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 1000;

/**
 * One entry of `error.errors[]`. The reference types the list as "array" with no item
 * schema. ASSUMED `errorDetails`: entries are objects with `code`, `description` and a
 * `context` naming the field (`attribute`), as the service's other errors are; the
 * client reads them defensively (anything else is ignored), the sandbox writes them so.
 */
export const apiErrorDetailSchema = z.object({
  code: z.string().optional(),
  description: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorDetail = z.infer<typeof apiErrorDetailSchema>;

export const apiErrorSchema = z.object({
  code: z.string(),
  description: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export const errorEnvelopeSchema = z.object({ result: z.literal('error'), error: apiErrorSchema });
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ result: z.literal('success'), data });
}
export function pagedEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ result: z.literal('success'), data: z.array(item) }).extend(pagingSchema.shape);
}

/** Calls without a meaningful answer (DELETE, PATCH, grant, send) answer `data: true`. */
export const okSchema = z.boolean();

/**
 * Error codes. The ones the reference lists for the routes we use, and (ASSUMED,
 * marked) the few it does not name. The client decides by status first and uses a
 * code only to say more, so a code the service spells differently still maps.
 */
export const errorCodes = {
  notAuthorized: 'not_authorized', // 401
  accessDenied: 'access_denied', // 403 (the reference's word on core routes)
  objectNotFound: 'object_not_found', // 404
  validationFailed: 'validation_failed', // 422
  unexpectedError: 'unexpected_error', // 500
  cannotDeleteObject: 'cannot_delete_object', // 500
  cannotUpdateObject: 'cannot_update_object', // 500
  legacyDeviceDeletion: 'legacy_device_deletion', // 403: only the generic password's owner may revoke it
  deviceAlreadyHasAccess: 'device_already_has_access_to_mailbox', // 409 on create, about device_id
  existingDeviceOneUser: 'existing_device_can_only_have_one_user', // 422 on create, about user_id
  legacyDeviceCreation: 'legacy_device_creation', // 422 on create, about device_id
  deviceAlreadyExists: 'device_already_exists', // 409 on the label PATCH
  userAlreadyHasAccess: 'user_already_has_access_to_mailbox', // 409 on grant
  userNotAttached: 'user_not_attached_to_account', // 422 on grant
  userHasNoAccess: 'user_has_no_access_to_mailbox', // 404 on remove
  invitationRateLimit: 'invitation_sending_rate_limit_reached', // 429 on send
  /** ASSUMED: the reference gives no body for 501; this code is what the sandbox sends. */
  notImplemented: 'not_implemented',
  /** ASSUMED: the 429 code outside the one route that lists one. */
  tooManyRequests: 'too_many_requests',
  /** ASSUMED: an unknown route (404). */
  routeNotFound: 'route_not_found',
} as const;

/**
 * ASSUMED `rateLimit`: the reference lists 429 on one route only. Any route may answer
 * 429 (with or without Retry-After, seconds or HTTP date); a 400 whose code starts
 * with this prefix (`too_many_attempts_try_again_in_1_minute`, `..._in_one_hour`) is a
 * per-route limit and is treated like a 429 (wait, then retry idempotent calls).
 */
export const TOO_MANY_ATTEMPTS_PREFIX = 'too_many_attempts_';
export function isRateLimitCode(code: string | undefined): boolean {
  return (
    code !== undefined &&
    (code.startsWith(TOO_MANY_ATTEMPTS_PREFIX) ||
      code === errorCodes.invitationRateLimit ||
      code === errorCodes.tooManyRequests)
  );
}

// ---------------------------------------------------------------------------
// Rules users meet. One home: the provider's validators, the sandbox and (through a
// generated file) the CDKTF constructs all read these.

/** Unix timestamps in seconds (the reference's `format: timestamp` / `datetime` integers). */
const timestamp = z.number().int().nonnegative();

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

/** `protocols` of a device access: one string. SMTP is always included. */
export const deviceProtocols = ['imap', 'pop3', 'pop3-imap'] as const;
export const deviceProtocolSchema = z.enum(deviceProtocols);
export type DeviceProtocol = z.infer<typeof deviceProtocolSchema>;
/** What the Manager offers by default; the reference has no default (the field is required). */
export const DEFAULT_DEVICE_PROTOCOLS: DeviceProtocol = 'pop3-imap';

/** Device types a create may send. */
export const deviceTypes = ['computer', 'phone', 'tablet', 'other'] as const;
export const deviceTypeSchema = z.enum(deviceTypes);
export type DeviceType = z.infer<typeof deviceTypeSchema>;
/** Answers add `legacy`: the pre-2026 generic password of an address. */
export const LEGACY_DEVICE_TYPE = 'legacy';
export const listedDeviceTypeSchema = z.enum([...deviceTypes, LEGACY_DEVICE_TYPE]);
export type ListedDeviceType = z.infer<typeof listedDeviceTypeSchema>;

export const deviceStatuses = ['healthy', 'leaked', 'spam'] as const;
export const deviceStatusSchema = z.enum(deviceStatuses);
export type DeviceStatus = z.infer<typeof deviceStatusSchema>;

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
type CanKey = `can_${MailboxPermission}`;

function permissionsObject(required: boolean) {
  const shape = Object.fromEntries(
    mailboxPermissions.map((p) => [`can_${p}`, required ? z.boolean() : z.boolean().optional()]),
  ) as Record<CanKey, z.ZodBoolean | z.ZodOptional<z.ZodBoolean>>;
  return z.object(shape);
}
/** In answers and bodies of the accesses routes every flag is optional. */
export const permissionsSchema = permissionsObject(false);
export type PermissionsObject = Partial<Record<CanKey, boolean>>;
/** The older routes' `Permission on mailbox` requires all eleven. */
export const fullPermissionsSchema = permissionsObject(true);

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
export const invitationLanguageSchema = z.enum(invitationLanguages);
export type InvitationLanguage = z.infer<typeof invitationLanguageSchema>;
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

// ---------------------------------------------------------------------------
// Entities (answers)

/** `Mailbox` as shown by GET .../mailboxes/{name} and listed by GET .../mailboxes. */
export const mailboxUserSchema = z.object({
  id: z.union([z.number().int(), z.string()]),
  email: z.string(),
  name: z.string(),
  is_deleted: z.boolean(),
  is_unified: z.boolean(),
  avatar: z.string(),
  has_double_auth: z.boolean(),
  last_login_at: timestamp.nullable(),
  last_access_at: timestamp.nullable(),
  permissions: fullPermissionsSchema.optional(),
});

export const mailboxAccessRightsSchema = z.object({
  can_create_webmail_access: z.boolean().optional(),
  can_create_device: z.boolean().optional(),
  can_delete_device_legacy: z.boolean().optional(),
  can_regenerate_device_legacy: z.boolean().optional(),
  can_ask_reset_password: z.boolean().optional(),
  can_create_webmail_access_for_login: z.boolean().optional(),
  can_list_users: z.boolean().optional(),
});
export type MailboxAccessRights = z.infer<typeof mailboxAccessRightsSchema>;

export const mailboxSchema = z.object({
  mailbox_name: z.string(),
  /** The whole address in ASCII (ACE) form. */
  mailbox: z.string(),
  /** The whole address in Unicode. */
  mailbox_idn: z.string(),
  note: z.string().nullable(),
  type: z.number().int().nullable(),
  is_limited: z.boolean(),
  is_free_mail: z.boolean(),
  is_used_for_account: z.string(),
  private: z.object({}).loose(),
  users: z.array(mailboxUserSchema),
  mailbox_id: z.number().int().optional(),
  created_at: timestamp.optional(),
  count_devices: z.number().int().optional(),
  /** The address still has its pre-2026 generic password. */
  has_legacy_device: z.boolean().optional(),
  has_multi_password: z.boolean().optional(),
  access_rights: mailboxAccessRightsSchema.optional(),
});
export type Mailbox = z.infer<typeof mailboxSchema>;

/** `Created Mailbox`: what POST .../mailboxes answers. */
export const createdMailboxSchema = z.object({
  mailbox: z.string(),
  quota: z.number().int(),
  used: z.number().int(),
  total: z.number().int(),
  existing_user_email: z.boolean().optional(),
});

/** The person behind a device access (`user_access`, `creator`). */
export const accessPersonSchema = z.object({
  id: z.number().int(),
  email: z.string(),
  firstname: z.string(),
  lastname: z.string(),
  avatarUrl: z.string(),
});

/** A Device: Alice's phone. Its id is what the label PATCH takes. */
export const deviceSchema = z.object({
  id: z.number().int(),
  label: z.string(),
  type: listedDeviceTypeSchema,
  created_at: timestamp,
  device_uid: z.string().nullable(),
  count_accesses: z.number().int().optional(),
  last_connection: timestamp.nullable().optional(),
  locked_accesses_count: z.number().int().optional(),
});
export type Device = z.infer<typeof deviceSchema>;

/** A device access: one password of one Device for one address. Its id is what regenerate and revoke take. */
export const deviceAccessSchema = z.object({
  id: z.number().int(),
  /**
   * Optional in the reference. ASSUMED `deviceWith`: `with=device` asks for it; the
   * client sends that on every list and refuses an access that still lacks it.
   */
  device: deviceSchema.optional(),
  protocols: deviceProtocolSchema,
  last_connection: timestamp.nullable(),
  created_at: timestamp,
  status: deviceStatusSchema,
  user_access: accessPersonSchema.optional(),
  creator: accessPersonSchema.optional(),
  mailbox: z.object({
    mailbox_name: z.string().optional(),
    mailbox: z.string().optional(),
    mailbox_idn: z.string().optional(),
    service_mail_id: z.number().int().optional(),
  }),
  access_rights: z
    .object({ can_delete: z.boolean().optional(), can_regenerate: z.boolean().optional() })
    .optional(),
});
export type WireDeviceAccess = z.infer<typeof deviceAccessSchema>;

/** Related data asked for with `with=` on device lists (see ASSUMED `deviceWith`). */
export const DEVICE_LIST_WITH = 'device,user_access';

/** Create and regenerate answer the password only, once. */
export const devicePasswordSchema = z.object({ password: z.string().min(1) });

/** An organisation user as the webmail routes show one. */
export const webmailUserSchema = z.object({
  id: z.number().int(),
  display_name: z.string(),
  first_name: z.string(),
  last_name: z.string(),
  email: z.string(),
  avatar: z.string(),
  is_sso: z.boolean(),
});
export type WebmailUser = z.infer<typeof webmailUserSchema>;

export const userAccessStatuses = ['healthy', 'new'] as const;

/** A user's access to an address (an item of GET .../accesses/webmail). */
export const userAccessSchema = z.object({
  id: z.number().int(),
  user: webmailUserSchema,
  creator: webmailUserSchema.optional(),
  status: z.enum(userAccessStatuses),
  last_used_at: timestamp.nullable(),
  is_primary: z.boolean(),
  created_at: timestamp,
  permissions_binary: z.number().int(),
  permissions: permissionsSchema,
  has_valid_password: z.boolean(),
  has_device: z.boolean().optional(),
  is_ksuite_access: z.boolean().optional(),
});
export type WireUserAccess = z.infer<typeof userAccessSchema>;

/**
 * An invitation (answered by create, listed by GET .../accesses/webmail). `key`
 * identifies it; `short_url` is the link, a secret wherever it is read.
 * ASSUMED `invitationSentTo`: `sent_to` (required) is "" until the link is mailed.
 */
export const invitationSchema = z.object({
  short_url: z.string(),
  key: z.string(),
  sent_to: z.string(),
  expired_at: timestamp,
  signature_template_id: z.string(),
  creator: accessPersonSchema.optional(),
  permissions: permissionsSchema,
});
export type WireInvitation = z.infer<typeof invitationSchema>;

/** One item of GET .../accesses/webmail: a user access or an invitation. */
export const webmailItemSchema = z.object({
  user_access: userAccessSchema.optional(),
  invitation: invitationSchema.optional(),
});
export type WebmailItem = z.infer<typeof webmailItemSchema>;

/** A product (GET /1/products). A Mail Service is `service_name: email_hosting`, its id the mail_hosting_id. */
export const MAIL_SERVICE_NAME = 'email_hosting';
export const productSchema = z.object({
  id: z.number().int(),
  account_id: z.number().int(),
  service_id: z.number().int(),
  service_name: z.string(),
  customer_name: z.string(),
  internal_name: z.string().nullable(),
  created_at: timestamp,
  expired_at: timestamp.nullable(),
  version: z.number().int(),
  has_maintenance: z.boolean(),
  is_locked: z.boolean(),
  has_operation_in_progress: z.boolean(),
  tags: z.array(z.object({ id: z.number().int(), name: z.string(), color: z.number().int() })),
  unique_id: z.number().int(),
  is_free: z.boolean(),
  is_zero_price: z.boolean(),
  is_trial: z.boolean(),
  rights: z.object({
    technical: z.boolean().optional(),
    statistic: z.boolean().optional(),
    check: z.boolean().optional(),
    sale: z.boolean().optional(),
  }),
  fqdn: z.string().optional(),
});
export type Product = z.infer<typeof productSchema>;

/** `User or pending user` (GET /2/accounts/{account}/users); `user_id` is null for a pending one. */
export const accountUserSchema = z.object({
  user_id: z.number().int().nullable(),
  invitation_id: z.number().int().nullable(),
  first_name: z.string(),
  last_name: z.string(),
  display_name: z.string(),
  email: z.string(),
  avatar: z.string().nullable(),
  role_type: z.string(),
  state_in_account: z.string(),
  is_correspondent: z.boolean().nullable(),
  is_correspondent_billing: z.boolean().nullable(),
  is_workspace_only: z.boolean().nullable(),
  has_no_manager_access: z.boolean().nullable(),
  has_billing_access: z.boolean().nullable(),
  is_sso: z.boolean(),
  language_id: z.number().int().nullable(),
  unique_key: z.string(),
  last_login_at: timestamp,
  partnership_id: z.number().int().nullable(),
});
export type AccountUser = z.infer<typeof accountUserSchema>;

// ---------------------------------------------------------------------------
// Request bodies

export const createMailboxBody = z.object({
  mailbox_name: z.string().min(1).max(MAILBOX_NAME_MAX_LENGTH),
  note: z.string().max(MAILBOX_NOTE_MAX_LENGTH).optional(),
  target: z.enum(mailboxTargets).optional(),
  link_to_current_user: z.boolean().optional(),
});
export type CreateMailboxBody = z.infer<typeof createMailboxBody>;

export const createDeviceBody = z.object({
  label: z.string().max(DEVICE_LABEL_MAX_LENGTH).optional(),
  protocols: deviceProtocolSchema,
  type: deviceTypeSchema.optional(),
  user_id: z.number().int().nullable().optional(),
  /** Give this address to an existing Device instead of making a new one. */
  device_id: z.number().int().optional(),
  device_uid: z.string().nullable().optional(),
});
export type CreateDeviceBody = z.infer<typeof createDeviceBody>;

export const updateDeviceLabelBody = z.object({ label: z.string().max(DEVICE_LABEL_MAX_LENGTH) });

export const grantWebmailBody = z.object({
  user_id: z.number().int(),
  permissions: permissionsSchema.optional(),
});
export const updatePermissionsBody = z.object({ permissions: permissionsSchema });
export const createInvitationBody = z.object({
  permissions: permissionsSchema.optional(),
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  force_email: z.boolean().optional(),
  signature_template_id: z.string().optional(),
});
export const sendInvitationBody = z.object({
  email: z.string(),
  language: invitationLanguageSchema.optional(),
});

// ---------------------------------------------------------------------------
// The assumptions above, in words, for the docs and the doctor.

export const apiAssumptions = {
  rateLimit:
    'Any route may answer 429 (Retry-After in seconds or as a date, or none); a 400 whose code starts with ' +
    '`too_many_attempts_` is a per-route limit. Both wait and retry idempotent calls.',
  maxPerPage:
    'At most 1000 items per page are asked for (100 by default); paging follows `pages`, never the requested size.',
  mailboxNameCharacters:
    'Mailbox names: lower-case ASCII letters and digits, separated by single dots or runs of `-` and `_`, ' +
    'starting and ending with a letter or digit, at most 64 characters (the reference gives only the length).',
  mailboxCreateTarget:
    'A new mailbox is created with `target = other_user` and `link_to_current_user = false`: nobody reads it ' +
    'until the code grants or invites someone.',
  deviceWith:
    'Device lists are asked `with=device,user_access`; an access without its Device is an unexpected answer.',
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
