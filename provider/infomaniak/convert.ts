/**
 * From the wire (wire.ts) to what the client returns (model.ts). Each answer is read
 * once, here, so no caller meets an optional wire field or the two kinds of webmail item.
 */
import type {
  Address,
  DeviceAccess,
  Invitation,
  MailService,
  OrganisationUser,
  UserAccess,
  WebmailAccess,
} from './model';
import {
  deviceAccessSchema,
  permissionsFromWire,
  type AccountUser,
  type Mailbox,
  type Product,
  type WebmailItem,
  type WebmailUser,
  type WireDeviceAccess,
  type WireInvitation,
  type WireUserAccess,
} from './wire';

export function toAddress(m: Mailbox): Address {
  return {
    mailboxName: m.mailbox_name,
    email: m.mailbox_idn,
    asciiEmail: m.mailbox,
    note: m.note,
    hasGenericPassword: m.has_legacy_device === true,
    accessRights: m.access_rights,
  };
}

/**
 * A listed access must carry its Device (asked with `with=`, ASSUMED `deviceWith`):
 * without it there is no label, type or Device id. Refined in the schema so the
 * answer fails as a BadResponseError naming the item.
 */
export const listedDeviceAccessSchema = deviceAccessSchema.refine((a) => a.device !== undefined, {
  message: 'missing: the device access came without its Device although the list asked with=device',
  path: ['device'],
});

export function toDeviceAccess(a: WireDeviceAccess): DeviceAccess {
  const device = a.device;
  if (device === undefined) throw new Error('device access without device (refused by the schema first)');
  return {
    accessId: a.id,
    deviceId: device.id,
    label: device.label,
    type: device.type,
    protocols: a.protocols,
    status: a.status,
    userId: a.user_access?.id ?? null,
    lastConnection: a.last_connection,
    createdAt: a.created_at,
  };
}

export function toUserAccess(a: WireUserAccess): UserAccess {
  return {
    accessId: a.id,
    userId: a.user.id,
    email: a.user.email,
    displayName: a.user.display_name,
    firstName: a.user.first_name,
    lastName: a.user.last_name,
    status: a.status,
    permissions: permissionsFromWire(a.permissions),
    createdAt: a.created_at,
    lastUsedAt: a.last_used_at,
  };
}

export function toInvitation(i: WireInvitation): Invitation {
  return {
    key: i.key,
    url: i.short_url,
    // ASSUMED `invitationSentTo`: "" until the link is mailed.
    sentTo: i.sent_to === '' ? null : i.sent_to,
    expiresAt: i.expired_at,
    permissions: permissionsFromWire(i.permissions),
  };
}

/** One list, two kinds of item; an item with neither is ignored (unknown kinds may appear). */
export function splitWebmail(items: readonly WebmailItem[]): WebmailAccess {
  const users: UserAccess[] = [];
  const invitations: Invitation[] = [];
  for (const item of items) {
    if (item.user_access) users.push(toUserAccess(item.user_access));
    if (item.invitation) invitations.push(toInvitation(item.invitation));
  }
  return { users, invitations };
}

export function fromWebmailUser(u: WebmailUser): OrganisationUser {
  return {
    userId: u.id,
    email: u.email,
    displayName: u.display_name,
    firstName: u.first_name,
    lastName: u.last_name,
  };
}

/** Undefined for a pending user (`user_id` null): nobody to grant yet. */
export function fromAccountUser(u: AccountUser): OrganisationUser | undefined {
  if (u.user_id === null) return undefined;
  return {
    userId: u.user_id,
    email: u.email,
    displayName: u.display_name,
    firstName: u.first_name,
    lastName: u.last_name,
  };
}

export function toMailService(p: Product): MailService {
  return { id: p.id, accountId: p.account_id, name: p.fqdn ?? p.customer_name };
}
