/**
 * The access-change model: what a plan (or several, one per stack) changes in who and
 * what can read or send from which address. It holds no secret — it is built from
 * redacted values only — and its JSON form is the `--format json` output, documented
 * in docs/report.md. Bump REPORT_SCHEMA_VERSION on any incompatible change.
 */

export const REPORT_SCHEMA_VERSION = 2;

/** An address, by its key; `email` when the plan or state tells it. */
export interface AddressRef {
  readonly mail_hosting_id: number | null;
  readonly mailbox_name: string | null;
  readonly email: string | null;
}

/** A person: an organisation user (`user_id`) or an invited email; names when known. */
export interface UserRef {
  readonly user_id: number | null;
  readonly email: string | null;
  readonly display_name: string | null;
}

interface Located {
  /** The stack (plan input) this comes from. */
  readonly stack: string;
  /** The terraform resource address that causes it (for strays: the access policy). */
  readonly resource: string;
  readonly address: AddressRef;
}

/** No API route deletes a mailbox: a removed address is only no longer managed. */
export type AddressChange = Located;

export interface AccessChange extends Located {
  readonly user: UserRef;
  /** null when not known until apply. */
  readonly permissions: readonly string[] | null;
  /** `resource`: a user_access resource; `policy`: an exclusive access policy removes a stray. */
  readonly via: 'resource' | 'policy';
}

export interface PermissionChange extends Located {
  readonly user: UserRef;
  readonly before: readonly string[];
  readonly after: readonly string[] | null;
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export interface InvitationChange extends Located {
  readonly email: string | null;
  readonly permissions: readonly string[] | null;
  /** The language of the invitation mail (`de`, `en`, ...); null when not known. */
  readonly language: string | null;
  /** True when it replaces an earlier invitation (typically an expired link). */
  readonly renews: boolean;
}

/** One device access: a Device (`device_id`) on one address (`access_id`). */
export interface DeviceRef {
  /** The Device's id; null for a new Device (known after apply). */
  readonly device_id: number | null;
  /** The access's id on the address; null when not known. */
  readonly access_id: number | null;
  readonly label: string | null;
  readonly user_id: number | null;
}

export interface DeviceCreated extends Located {
  readonly device: DeviceRef;
  /** `imap`, `pop3` or `pop3-imap` (SMTP is always included); null when known only after apply. */
  readonly protocols: string | null;
  /** `computer`, `phone`, `tablet`, `other`; null when left to the API. */
  readonly type: string | null;
  /** True when the access is for a Device that already exists (another address's Device). */
  readonly existing_device: boolean;
}

export type RegenerationReason =
  | {
      readonly reason: 'rotation_triggers';
      /** Trigger keys whose value changed (added or removed keys included); empty if not visible. */
      readonly keys: readonly string[];
    }
  | { readonly reason: 'password_age'; readonly rotate_after_days: number; readonly age_days: number | null }
  /** Infomaniak flags the password (`leaked` or `spam`) and `rotate_when_flagged` is set. */
  | { readonly reason: 'flagged'; readonly status: string | null }
  /** The plan does not show why (e.g. an earlier regenerate did not finish). */
  | { readonly reason: 'unknown' };

export interface DeviceRegenerated extends Located {
  readonly device: DeviceRef;
  readonly reasons: readonly RegenerationReason[];
}

export interface DeviceReplaced extends Located {
  /** The device revoked; its replacement gets a new id and password. */
  readonly device: DeviceRef;
  /** Attributes whose change forces the replacement. */
  readonly because: readonly string[];
  /**
   * `new_first` (create_before_destroy: the old password works until the new access exists) or
   * `revoke_first` (clients are cut off until they get the new password; always so with `device_id`).
   */
  readonly order: 'new_first' | 'revoke_first';
}

export interface DeviceRevoked extends Located {
  readonly device: DeviceRef;
  readonly is_generic: boolean;
  readonly via: 'resource' | 'policy';
}

export interface DeviceRelabelled extends Located {
  readonly device: DeviceRef;
  readonly from: string | null;
  readonly to: string | null;
}

/** Something found on an address that the code does not manage, and that stays (or may stay). */
export interface UnmanagedDevice extends Located {
  readonly device: DeviceRef;
  readonly is_generic: boolean;
  /** `stays`: a reporting policy lists it; `may_be_revoked`: depends on ids known only after apply. */
  readonly fate: 'stays' | 'may_be_revoked';
}

export interface UnmanagedUser extends Located {
  readonly user: UserRef;
  readonly fate: 'stays' | 'may_be_revoked';
}

export type NoteKind =
  /** A new exclusive policy revokes devices that the saved plan does not list. */
  | 'unlisted_device_revocations'
  /** A new exclusive policy removes user accesses that the saved plan does not list. */
  | 'unlisted_access_removals'
  /** terraform says the plan is incomplete or errored. */
  | 'incomplete_plan';

export interface Note {
  readonly stack: string;
  readonly resource: string | null;
  readonly kind: NoteKind;
  readonly message: string;
}

export interface StackInfo {
  readonly name: string;
  readonly terraform_version: string | null;
  readonly format_version: string;
  readonly timestamp: string | null;
  /** False when terraform says the plan is incomplete (deferred or errored). */
  readonly complete: boolean;
}

export interface Summary {
  readonly access_granted: number;
  readonly access_removed: number;
  readonly permissions_changed: number;
  readonly invitations_created: number;
  readonly invitations_dropped: number;
  readonly devices_created: number;
  readonly devices_regenerated: number;
  readonly devices_replaced: number;
  readonly devices_revoked: number;
  readonly devices_relabelled: number;
  readonly addresses_created: number;
  readonly addresses_removed: number;
  /** Credentials or accesses that stop working: devices revoked or replaced, accesses removed. */
  readonly revocations: number;
  /** Every change above. */
  readonly changes: number;
}

export interface AccessReport {
  readonly schema_version: typeof REPORT_SCHEMA_VERSION;
  readonly stacks: readonly StackInfo[];
  readonly addresses: {
    readonly created: readonly AddressChange[];
    readonly removed: readonly AddressChange[];
  };
  readonly access: {
    readonly granted: readonly AccessChange[];
    readonly removed: readonly AccessChange[];
    readonly permissions_changed: readonly PermissionChange[];
  };
  readonly invitations: {
    readonly created: readonly InvitationChange[];
    readonly dropped: readonly InvitationChange[];
  };
  readonly devices: {
    readonly created: readonly DeviceCreated[];
    readonly regenerated: readonly DeviceRegenerated[];
    readonly replaced: readonly DeviceReplaced[];
    readonly revoked: readonly DeviceRevoked[];
    readonly relabelled: readonly DeviceRelabelled[];
  };
  readonly unmanaged: {
    readonly devices: readonly UnmanagedDevice[];
    readonly users: readonly UnmanagedUser[];
  };
  readonly notes: readonly Note[];
  readonly summary: Summary;
}
