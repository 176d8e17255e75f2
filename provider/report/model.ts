/**
 * The access-change model: what a plan (or several, one per stack) changes in who and
 * what can read or send from which address. It holds no secret — it is built from
 * redacted values only — and its JSON form is the `--format json` output, documented
 * in docs/guides/report.md. Bump REPORT_SCHEMA_VERSION on any incompatible change.
 */

export const REPORT_SCHEMA_VERSION = 3;

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
  /** The invitation's key; null when the plan does not tell it. */
  readonly key: string | null;
  /** When the link expires (RFC 3339); null when not known. */
  readonly expires_at: string | null;
  /** `resource`: a user_access resource; `policy`: an exclusive access policy withdraws it. */
  readonly via: 'resource' | 'policy';
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
  /** Who `user_id` is, when the plan tells it. */
  readonly owner: UserRef | null;
  /** `healthy`, `leaked` or `spam`; null when not known. */
  readonly status: string | null;
  /** When the password was last used (RFC 3339); null if never or not known. */
  readonly last_connection: string | null;
  /** What a reviewer should act on: a flagged password, a device not used for long. */
  readonly call_outs: readonly DeviceCallOut[];
}

export type DeviceCallOut =
  | { readonly kind: 'flagged'; readonly status: string }
  /** Last used more than `stale_days` before the plan. */
  | { readonly kind: 'stale'; readonly last_connection: string; readonly days: number }
  /** Never used, and created more than `stale_days` before the plan. */
  | { readonly kind: 'never_used'; readonly created_at: string; readonly days: number };

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
  /** An access policy's lists of revocations are known only at apply: they cannot be reviewed. */
  | 'unknown_revocations'
  /** A new exclusive policy without `observed`: it revokes nothing in this apply, the next plan lists it. */
  | 'revocations_deferred'
  /** terraform says the plan is incomplete or errored. */
  | 'incomplete_plan';

export interface Note {
  readonly stack: string;
  readonly resource: string | null;
  readonly kind: NoteKind;
  readonly message: string;
}

/** What Terraform found changed outside it since the last apply (`resource_drift`). */
export interface Drift extends Located {
  readonly type: string;
  readonly device: DeviceRef | null;
  readonly user: UserRef | null;
  /** For an invitation. */
  readonly email: string | null;
  /** `removed`: gone (e.g. revoked or removed in the Manager); `changed`: some attributes differ. */
  readonly outside: 'removed' | 'changed';
  /** The attributes that differ (for `changed`). */
  readonly attributes: readonly string[];
  /** For those of them that hold one value (a label, a status): the value before and now. */
  readonly values: readonly {
    readonly attribute: string;
    readonly before: string | number | boolean | null;
    readonly now: string | number | boolean | null;
  }[];
  /** What this plan does to the resource: terraform's action on it (`none`: not in the plan). */
  readonly this_plan: 'create' | 'update' | 'replace' | 'delete' | 'forget' | 'no-op' | 'none';
}

/** A `removed` block with `destroy = false`: the access leaves Terraform but stays in place. */
export interface Forgotten extends Located {
  readonly type: string;
  readonly device: DeviceRef | null;
  readonly user: UserRef | null;
  readonly email: string | null;
  /** The access policy that revokes it in this same plan anyway; null when it stays. */
  readonly revoked_by: string | null;
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
  /**
   * Credentials or accesses that stop working: devices revoked or replaced, accesses removed,
   * invitations withdrawn.
   */
  readonly revocations: number;
  /** Every change above. */
  readonly changes: number;
  /** Found changed outside Terraform since the last apply. */
  readonly drifted: number;
  /** Leaving Terraform's management, staying in place. */
  readonly forgotten: number;
}

export interface AccessReport {
  readonly schema_version: typeof REPORT_SCHEMA_VERSION;
  readonly stacks: readonly StackInfo[];
  /** Devices unused for more days than this are called out (`--stale-days`). */
  readonly stale_days: number;
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
  readonly drift: readonly Drift[];
  readonly forgotten: readonly Forgotten[];
  readonly notes: readonly Note[];
  readonly summary: Summary;
}
