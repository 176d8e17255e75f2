/**
 * Records → wire entities. Every entity is parsed with the wire.ts schema the
 * client parses it with, so the sandbox cannot drift from the reference as
 * wire.ts states it; a mismatch is a sandbox bug and surfaces as a 500 in tests.
 *
 * The password hash never passes through here.
 */
import { z } from 'zod';
import {
  accessPersonSchema,
  accountUserSchema,
  createdMailboxSchema,
  deviceAccessSchema,
  deviceSchema,
  invitationSchema,
  mailboxPermissions,
  mailboxSchema,
  productSchema,
  userAccessSchema,
  webmailUserSchema,
  MAIL_SERVICE_NAME,
  type AccountUser,
  type Mailbox,
  type Product,
  type WebmailUser,
  type WireDeviceAccess,
  type WireInvitation,
  type WireUserAccess,
} from '../infomaniak/wire';
import {
  isLegacy,
  type DeviceAccessRecord,
  type DeviceRecord,
  type HostingRecord,
  type InvitationRecord,
  type MailboxRecord,
  type SandboxState,
  type UserAccessRecord,
  type UserRecord,
} from './state';

/** Who asks: the rights shown in `access_rights` follow the token. */
export interface Viewer {
  admin: boolean;
  userId: number | null;
}

/** ASSUMED (sandbox): the Infomaniak product id of the Mail offer; any positive integer would do. */
const MAIL_SERVICE_ID = 29;

function address(hosting: HostingRecord, mailbox: MailboxRecord): string {
  return `${mailbox.mailbox_name}@${hosting.domain}`;
}

function displayName(user: UserRecord): string {
  return `${user.first_name} ${user.last_name}`.trim();
}

/** Only the owner (when one is set) may revoke a legacy access; any admin token otherwise. */
export function mayRevokeLegacy(access: DeviceAccessRecord, viewer: Viewer): boolean {
  return viewer.admin && (access.owner_user_id === null || access.owner_user_id === viewer.userId);
}

export function legacyAccessOf(state: SandboxState, mailbox: MailboxRecord): DeviceAccessRecord | undefined {
  return mailbox.device_accesses.find((a) => {
    const device = state.devices.find((d) => d.id === a.device_id);
    return device !== undefined && isLegacy(device);
  });
}

export function mailboxView(
  state: SandboxState,
  hosting: HostingRecord,
  mailbox: MailboxRecord,
  viewer: Viewer,
): Mailbox {
  const legacy = legacyAccessOf(state, mailbox);
  const enabled = hosting.accesses_enabled;
  return mailboxSchema.parse({
    mailbox_name: mailbox.mailbox_name,
    mailbox: address(hosting, mailbox),
    // Sandbox domains are ASCII, so the Unicode form is the same string.
    mailbox_idn: address(hosting, mailbox),
    note: mailbox.note,
    type: null,
    is_limited: false,
    is_free_mail: false,
    is_used_for_account: '',
    private: {},
    users: mailbox.user_accesses.map((grant) => mailboxUser(state, grant)),
    mailbox_id: mailbox.mailbox_id,
    created_at: mailbox.created_at,
    count_devices: mailbox.device_accesses.length,
    has_legacy_device: legacy !== undefined,
    has_multi_password: mailbox.device_accesses.length > 1,
    access_rights: {
      can_create_webmail_access: enabled && viewer.admin,
      can_create_device: enabled && viewer.admin,
      can_delete_device_legacy: enabled && legacy !== undefined && mayRevokeLegacy(legacy, viewer),
      // The sandbox never regenerates a generic password (see README).
      can_regenerate_device_legacy: false,
      can_ask_reset_password: enabled && viewer.admin,
      can_create_webmail_access_for_login: enabled && viewer.admin,
      can_list_users: true,
    },
  });
}

function mailboxUser(state: SandboxState, grant: UserAccessRecord) {
  const user = state.users.find((u) => u.user_id === grant.user_id);
  return {
    id: grant.user_id,
    email: user?.email ?? '',
    name: user ? displayName(user) : '',
    is_deleted: user === undefined,
    is_unified: false,
    avatar: '',
    has_double_auth: false,
    last_login_at: null,
    last_access_at: null,
    permissions: { ...grant.permissions },
  };
}

export function createdMailboxView(hosting: HostingRecord, mailbox: MailboxRecord) {
  return createdMailboxSchema.parse({
    mailbox: address(hosting, mailbox),
    quota: hosting.mailbox_quota,
    used: hosting.mailboxes.length,
    total: hosting.mailbox_quota,
  });
}

export function personView(user: UserRecord | undefined): z.infer<typeof accessPersonSchema> | undefined {
  if (!user) return undefined;
  return accessPersonSchema.parse({
    id: user.user_id,
    email: user.email,
    firstname: user.first_name,
    lastname: user.last_name,
    avatarUrl: '',
  });
}

export function deviceView(device: DeviceRecord, state: SandboxState) {
  const accesses = state.hostings.flatMap((h) =>
    h.mailboxes.flatMap((m) => m.device_accesses.filter((a) => a.device_id === device.id)),
  );
  const connections = accesses.map((a) => a.last_connection).filter((t): t is number => t !== null);
  return deviceSchema.parse({
    id: device.id,
    label: device.label,
    type: device.type,
    created_at: device.created_at,
    device_uid: device.device_uid,
    count_accesses: accesses.length,
    last_connection: connections.length > 0 ? Math.max(...connections) : null,
    locked_accesses_count: accesses.filter((a) => a.status !== 'healthy').length,
  });
}

/** Which related data a list was asked for with `with=` (ASSUMED `deviceWith`). */
export interface DeviceWith {
  device: boolean;
  userAccess: boolean;
}

export function deviceAccessView(
  state: SandboxState,
  hosting: HostingRecord,
  mailbox: MailboxRecord,
  access: DeviceAccessRecord,
  viewer: Viewer,
  include: DeviceWith,
): WireDeviceAccess {
  const device = state.devices.find((d) => d.id === access.device_id);
  const legacy = device !== undefined && isLegacy(device);
  const user = device?.user_id == null ? undefined : state.users.find((u) => u.user_id === device.user_id);
  const creator =
    access.creator_id === null ? undefined : state.users.find((u) => u.user_id === access.creator_id);
  return deviceAccessSchema.parse({
    id: access.id,
    ...(include.device && device && { device: deviceView(device, state) }),
    protocols: access.protocols,
    last_connection: access.last_connection,
    created_at: access.created_at,
    status: access.status,
    ...(include.userAccess && user && { user_access: personView(user) }),
    ...(creator && { creator: personView(creator) }),
    mailbox: {
      mailbox_name: mailbox.mailbox_name,
      mailbox: address(hosting, mailbox),
      mailbox_idn: address(hosting, mailbox),
      service_mail_id: hosting.id,
    },
    access_rights: {
      can_delete: legacy ? mayRevokeLegacy(access, viewer) : viewer.admin,
      can_regenerate: !legacy && viewer.admin,
    },
  });
}

export function webmailUserView(user: UserRecord): WebmailUser {
  return webmailUserSchema.parse({
    id: user.user_id,
    display_name: displayName(user),
    first_name: user.first_name,
    last_name: user.last_name,
    email: user.email,
    avatar: '',
    is_sso: false,
  });
}

/** Bit i set when the i-th flag of wire.ts `mailboxPermissions` is (ASSUMED order; the reference gives none). */
export function permissionsBinary(permissions: Partial<Record<string, boolean>>): number {
  return mailboxPermissions.reduce((bits, p, i) => (permissions[`can_${p}`] ? bits | (1 << i) : bits), 0);
}

export function userAccessView(
  state: SandboxState,
  mailbox: MailboxRecord,
  grant: UserAccessRecord,
  viewer: Viewer,
): WireUserAccess {
  const user = state.users.find((u) => u.user_id === grant.user_id);
  const creator =
    grant.creator_id === null ? undefined : state.users.find((u) => u.user_id === grant.creator_id);
  const hasDevice = mailbox.device_accesses.some(
    (a) => state.devices.find((d) => d.id === a.device_id)?.user_id === grant.user_id,
  );
  return userAccessSchema.parse({
    id: grant.id,
    // A grant can outlive the user in a hand-edited seed; still list it.
    user: user
      ? webmailUserView(user)
      : {
          id: grant.user_id,
          display_name: '',
          first_name: '',
          last_name: '',
          email: '',
          avatar: '',
          is_sso: false,
        },
    ...(creator && { creator: webmailUserView(creator) }),
    status: 'healthy',
    last_used_at: null,
    is_primary: false,
    created_at: grant.created_at,
    access_rights: { can_delete: viewer.admin, can_ask_reset_password: viewer.admin },
    permissions_binary: permissionsBinary(grant.permissions),
    permissions: { ...grant.permissions },
    has_valid_password: true,
    has_device: hasDevice,
    is_ksuite_access: false,
  });
}

export function invitationView(state: SandboxState, invitation: InvitationRecord): WireInvitation {
  const creator =
    invitation.creator_id === null ? undefined : state.users.find((u) => u.user_id === invitation.creator_id);
  return invitationSchema.parse({
    short_url: invitation.short_url,
    key: invitation.key,
    sent_to: invitation.sent_to,
    expired_at: invitation.expired_at,
    signature_template_id: invitation.signature_template_id,
    ...(creator && { creator: personView(creator) }),
    permissions: { ...invitation.permissions },
  });
}

export function productView(state: SandboxState, hosting: HostingRecord): Product {
  return productSchema.parse({
    id: hosting.id,
    account_id: state.organisation.id,
    service_id: MAIL_SERVICE_ID,
    service_name: MAIL_SERVICE_NAME,
    customer_name: hosting.domain,
    internal_name: null,
    created_at: hosting.created_at,
    expired_at: null,
    version: 2,
    has_maintenance: false,
    is_locked: false,
    has_operation_in_progress: false,
    tags: [],
    unique_id: hosting.id,
    is_free: false,
    is_zero_price: false,
    is_trial: false,
    rights: { technical: true, statistic: true, check: true, sale: true },
    fqdn: hosting.domain,
  });
}

export function accountUserView(user: UserRecord): AccountUser {
  return accountUserSchema.parse({
    user_id: user.user_id,
    invitation_id: null,
    first_name: user.first_name,
    last_name: user.last_name,
    display_name: displayName(user),
    email: user.email,
    avatar: null,
    role_type: user.role_type,
    state_in_account: 'valid',
    is_correspondent: false,
    is_correspondent_billing: false,
    is_workspace_only: false,
    has_no_manager_access: false,
    has_billing_access: user.role_type === 'admin',
    is_sso: false,
    language_id: null,
    unique_key: `sandbox-user-${user.user_id}`,
    last_login_at: user.created_at,
    partnership_id: null,
  });
}
