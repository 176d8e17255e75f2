/**
 * The Infomaniak Mail API as it appears on the wire: paths, envelopes and bodies.
 *
 * This is the one place that holds API facts and assumptions (see DESIGN.md §5).
 * The client parses every response with these schemas; the sandbox builds every
 * response from them. Unknown extra fields are accepted (zod strips them), so the
 * real service adding fields never breaks us; a wrong type is an error.
 *
 * Assumptions (bodies the public docs do not spell out) are marked ASSUMED.
 */
import { z } from 'zod';

export const API_VERSION_PREFIX = '/1';

/** Route templates, keyed by a stable name. `{x}` are path parameters. */
export const routes = {
  mailboxes: '/1/mail_hostings/{hosting}/mailboxes',
  mailbox: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}',
  devices: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices',
  device: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices/{device}',
  userDevices: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices/users/{user}',
  webmail: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail',
  webmailUsers: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/users',
  webmailUser: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/users/{user}',
  invitations: '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/invitations',
  invitationSend:
    '/1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/webmail/invitations/{invitation}/send',
  /** Label change is not scoped by hosting or mailbox: device ids are global. */
  deviceLabel: '/1/mail_hostings/accesses/devices/{device}',
  /** ASSUMED: the users of the organisation that owns the Mail Service. */
  organisationUsers: '/1/mail_hostings/{hosting}/users',
} as const;
export type RouteName = keyof typeof routes;

export type RouteParams = {
  hosting?: number;
  mailbox?: string;
  device?: number;
  user?: number;
  invitation?: number;
};

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

// ---------------------------------------------------------------------------
// Envelopes

/** ASSUMED: paging metadata sits beside `data` in list responses. */
export const pagingSchema = z.object({
  total: z.number().int().nonnegative(),
  pages: z.number().int().nonnegative(),
  page: z.number().int().positive(),
  items_per_page: z.number().int().positive(),
});
export type Paging = z.infer<typeof pagingSchema>;
export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 1000;

export const apiFieldErrorSchema = z.object({
  code: z.string(),
  description: z.string(),
  /** ASSUMED: the field an error is about. */
  context: z.object({ attribute: z.string().optional() }).partial().optional(),
});

export const apiErrorSchema = z.object({
  code: z.string(),
  description: z.string(),
  /** ASSUMED: per-field messages on 409/422. */
  errors: z.array(apiFieldErrorSchema).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export const errorEnvelopeSchema = z.object({
  result: z.literal('error'),
  error: apiErrorSchema,
});

export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ result: z.literal('success'), data });
}
export function pagedEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ result: z.literal('success'), data: z.array(item) }).extend(pagingSchema.shape);
}

/** Error codes the sandbox emits and the client maps; the real API's may differ (client falls back on status). */
export const errorCodes = {
  notAuthorized: 'not_authorized',
  forbidden: 'forbidden',
  hostingNotFound: 'mail_hosting_not_found',
  mailboxNotFound: 'mailbox_not_found',
  deviceNotFound: 'device_not_found',
  userNotFound: 'user_not_found',
  invitationNotFound: 'invitation_not_found',
  validationFailed: 'validation_failed',
  conflict: 'conflict',
  genericPasswordImmutable: 'generic_password_immutable',
  tooManyRequests: 'too_many_requests',
  routeNotFound: 'route_not_found',
  internal: 'internal_error',
} as const;

// ---------------------------------------------------------------------------
// Entities

/** Unix timestamps in seconds, as the Infomaniak API uses. */
const timestamp = z.number().int().nonnegative();

export const MIN_CHOSEN_PASSWORD_LENGTH = 16;

/** ASSUMED protocol names. */
export const deviceProtocols = ['imap', 'pop', 'smtp'] as const;
export const deviceProtocolSchema = z.enum(deviceProtocols);
export type DeviceProtocol = z.infer<typeof deviceProtocolSchema>;

export const mailboxSchema = z.object({
  mailbox_name: z.string(),
  email: z.string(),
  created_at: timestamp,
});
export type Mailbox = z.infer<typeof mailboxSchema>;

export const deviceSchema = z.object({
  id: z.number().int().positive(),
  label: z.string(),
  user_id: z.number().int().positive().nullable(),
  protocols: z.array(deviceProtocolSchema),
  created_at: timestamp,
  password_changed_at: timestamp,
  /** The pre-2026 generic password: listed, never displayable, never regenerated. */
  is_generic: z.boolean(),
});
export type Device = z.infer<typeof deviceSchema>;

/** Create and regenerate return the password, once. */
export const deviceWithPasswordSchema = deviceSchema.extend({ password: z.string().min(1) });
export type DeviceWithPassword = z.infer<typeof deviceWithPasswordSchema>;

/** ASSUMED permission names for webmail access. */
export const webmailPermissions = ['read', 'send', 'manage'] as const;
export const webmailPermissionSchema = z.enum(webmailPermissions);
export type WebmailPermission = z.infer<typeof webmailPermissionSchema>;

export const webmailUserSchema = z.object({
  user_id: z.number().int().positive(),
  email: z.string(),
  display_name: z.string(),
  permissions: z.array(webmailPermissionSchema),
  created_at: timestamp,
});
export type WebmailUser = z.infer<typeof webmailUserSchema>;

export const INVITATION_VALIDITY_DAYS = 30;

/** ASSUMED: an invitation as listed (never with its link). */
export const invitationSchema = z.object({
  id: z.number().int().positive(),
  email: z.string().nullable(),
  permissions: z.array(webmailPermissionSchema),
  status: z.enum(['pending', 'sent', 'expired']),
  created_at: timestamp,
  expires_at: timestamp,
});
export type Invitation = z.infer<typeof invitationSchema>;

/** The link is returned by create only. */
export const invitationWithUrlSchema = invitationSchema.extend({ url: z.string().min(1) });
export type InvitationWithUrl = z.infer<typeof invitationWithUrlSchema>;

export const webmailAccessSchema = z.object({
  users: z.array(webmailUserSchema),
  invitations: z.array(invitationSchema),
});
export type WebmailAccess = z.infer<typeof webmailAccessSchema>;

export const organisationUserSchema = z.object({
  user_id: z.number().int().positive(),
  email: z.string(),
  display_name: z.string(),
});
export type OrganisationUser = z.infer<typeof organisationUserSchema>;

// ---------------------------------------------------------------------------
// Request bodies

export const createMailboxBody = z.object({ mailbox_name: z.string().min(1) });

export const createDeviceBody = z.object({
  label: z.string().min(1),
  user_id: z.number().int().positive().nullable().optional(),
  protocols: z.array(deviceProtocolSchema).min(1),
  /** Optional chosen password; the service generates one when absent. */
  password: z.string().optional(),
});
export type CreateDeviceBody = z.infer<typeof createDeviceBody>;

export const regenerateDeviceBody = z.object({ password: z.string().optional() });
export const updateDeviceLabelBody = z.object({ label: z.string().min(1) });

export const grantWebmailBody = z.object({
  user_id: z.number().int().positive(),
  permissions: z.array(webmailPermissionSchema),
});
export const updatePermissionsBody = z.object({ permissions: z.array(webmailPermissionSchema) });
export const createInvitationBody = z.object({ permissions: z.array(webmailPermissionSchema) });
export const sendInvitationBody = z.object({ email: z.string().email() });

/** DELETE and other calls without a meaningful body answer `data: true`. */
export const okSchema = z.literal(true);

/**
 * ASSUMED: codes for requests rejected before any endpoint logic runs (unparsable
 * body, body too large). Kept apart from `errorCodes` so that object stays as the
 * client first saw it; the client can fall back on the status for these.
 */
export const requestErrorCodes = {
  malformedJson: 'malformed_json',
  payloadTooLarge: 'payload_too_large',
} as const;
