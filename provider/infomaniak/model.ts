/**
 * What the client returns: the API's answers read once into shapes that say what they
 * mean (camelCase, ids named by what they identify, permissions as names), so callers
 * never handle optional wire fields or the two kinds of item in one webmail list.
 * Conversions from the wire live beside the operations that read them.
 */
import type {
  DeviceProtocol,
  DeviceStatus,
  DeviceType,
  InvitationLanguage,
  ListedDeviceType,
  MailboxAccessRights,
  MailboxPermission,
} from './wire';

/** One address (mailbox) of a Mail Service. */
export interface Address {
  /** The local part, e.g. `contact`. */
  readonly mailboxName: string;
  /** The whole address in Unicode (`mailbox_idn`). */
  readonly email: string;
  /** The whole address in ASCII / ACE form (`mailbox`). */
  readonly asciiEmail: string;
  readonly note: string | null;
  /**
   * The address still holds its pre-2026 generic password (`has_legacy_device`);
   * undefined when the answer does not say (the field is optional in the reference).
   */
  readonly hasGenericPassword: boolean | undefined;
  /** What the token may do on this address, when the service says. */
  readonly accessRights: MailboxAccessRights | undefined;
}

/** One device access: one password of one Device for one address. */
export interface DeviceAccess {
  /** The access id: what regenerate and revoke take. */
  readonly accessId: number;
  /** The Device's id: what the label PATCH takes, and what a second address's create may name. */
  readonly deviceId: number;
  /** A property of the Device (shared by every address the Device reads). */
  readonly label: string;
  /** `legacy` is the address's pre-2026 generic password. */
  readonly type: ListedDeviceType;
  readonly protocols: DeviceProtocol;
  readonly status: DeviceStatus;
  /** The organisation user the access belongs to, null for a device "without user". */
  readonly userId: number | null;
  /** Unix seconds, null when the password was never used. */
  readonly lastConnection: number | null;
  /** Unix seconds. */
  readonly createdAt: number;
}

/** The generic password is listed like a device, but is not one Terraform can manage. */
export function isGenericPassword(access: Pick<DeviceAccess, 'type'>): boolean {
  return access.type === 'legacy';
}

/** A device access just created: the only time its password is known. */
export interface CreatedDeviceAccess extends DeviceAccess {
  readonly password: string;
}

export interface NewDeviceAccess {
  /**
   * The Device's label. Required for a new Device (the client finds the new access by
   * it); with `deviceId` it may be omitted: the new access is the one of that Device
   * (a Device has at most one access per address).
   */
  readonly label?: string;
  readonly protocols: DeviceProtocol;
  readonly type?: DeviceType;
  readonly userId?: number | null;
  /** Give this address to an existing Device instead of making a new one. */
  readonly deviceId?: number;
}

/** A user's access to an address. */
export interface UserAccess {
  /** The access's own id (not used by any route we call; users are addressed by userId). */
  readonly accessId: number;
  readonly userId: number;
  readonly email: string;
  readonly displayName: string;
  readonly firstName: string;
  readonly lastName: string;
  /** `new` until the user first opens the address. */
  readonly status: 'healthy' | 'new';
  readonly permissions: readonly MailboxPermission[];
  /** Unix seconds. */
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

/** A pending invitation to an address. */
export interface Invitation {
  /** Identifies it on every route. */
  readonly key: string;
  /** The link (`short_url`). A secret: it grants access to whoever opens it. */
  readonly url: string;
  /** Who it was mailed to; null until it is sent. */
  readonly sentTo: string | null;
  /** Unix seconds (`expired_at`). */
  readonly expiresAt: number;
  readonly permissions: readonly MailboxPermission[];
}

export interface WebmailAccess {
  readonly users: readonly UserAccess[];
  readonly invitations: readonly Invitation[];
}

export interface NewInvitation {
  readonly permissions: readonly MailboxPermission[];
  readonly firstName?: string;
  readonly lastName?: string;
}

export interface InvitationDelivery {
  readonly email: string;
  readonly language?: InvitationLanguage;
}

/** A user of the organisation that owns a Mail Service. */
export interface OrganisationUser {
  readonly userId: number;
  readonly email: string;
  readonly displayName: string;
  readonly firstName: string;
  readonly lastName: string;
}

/** A Mail Service the token can see (a product `email_hosting`). */
export interface MailService {
  /** The mail_hosting_id. */
  readonly id: number;
  readonly accountId: number;
  /** The domain, e.g. `exemple-domaine.ch`. */
  readonly name: string;
}
