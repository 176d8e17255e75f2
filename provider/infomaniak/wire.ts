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
 * chosen and why. Each is written once, in one of these files; `apiAssumptions`
 * (wire-assumptions.ts) lists them for the docs. The parts without zod, which
 * api-rules.ts gathers for what runs before the API client loads: wire-routes.ts
 * (routes), wire-rules.ts (lengths, enums, permissions), wire-codes.ts (error and
 * rate-limit codes, paging limits), wire-assumptions.ts (the assumptions in words). With
 * zod, loaded with the API client (new-client.ts) or the sandbox: wire-envelope.ts
 * (envelope, paging, error bodies) and this file (the rules as schemas, entities, request
 * bodies). Everything is re-exported here.
 */
import { z } from 'zod';
import {
  DEVICE_LABEL_MAX_LENGTH,
  MAILBOX_NAME_MAX_LENGTH,
  MAILBOX_NOTE_MAX_LENGTH,
  deviceProtocols,
  deviceStatuses,
  deviceTypes,
  invitationLanguages,
  listedDeviceTypes,
  mailboxPermissions,
  mailboxTargets,
  type CanKey,
} from './wire-rules';

export * from './api-rules';
export * from './wire-envelope';

// ---------------------------------------------------------------------------
// The rules of wire-rules.ts as schemas

export const deviceProtocolSchema = z.enum(deviceProtocols);
export const deviceTypeSchema = z.enum(deviceTypes);
export const listedDeviceTypeSchema = z.enum(listedDeviceTypes);
export const deviceStatusSchema = z.enum(deviceStatuses);
export const invitationLanguageSchema = z.enum(invitationLanguages);

function permissionsObject(required: boolean) {
  const shape = Object.fromEntries(
    mailboxPermissions.map((p) => [`can_${p}`, required ? z.boolean() : z.boolean().optional()]),
  ) as Record<CanKey, z.ZodBoolean | z.ZodOptional<z.ZodBoolean>>;
  return z.object(shape);
}
/** In answers and bodies of the accesses routes every flag is optional. */
export const permissionsSchema = permissionsObject(false);
/** The older routes' `Permission on mailbox` requires all eleven. */
export const fullPermissionsSchema = permissionsObject(true);

// ---------------------------------------------------------------------------
// Entities (answers)

/** Unix timestamps in seconds (the reference's `format: timestamp` / `datetime` integers). */
const timestamp = z.number().int().nonnegative();

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
