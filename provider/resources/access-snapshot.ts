/**
 * What an address's access looks like at one moment: its device accesses, its users and
 * its pending invitations (never a password or an invitation link). The access policy
 * decides its revocations from a snapshot, and the `infomaniakmail_address_access` data
 * source hands one to it through the saved plan.
 *
 * Why the data source: during apply terraform plans once more (in a new provider
 * process) and refuses any value that differs from the saved plan, yet it never gives the
 * provider the saved plan. A new policy has no prior state to carry a snapshot; a data
 * source read while planning does, because terraform keeps data source values in the
 * saved plan and does not read them again during apply. The policy takes the snapshot in
 * a write-only argument, so it never shows up as a diff of its own.
 */
import { attr } from '../framework';
import type { DeviceAccess, Invitation, MailboxRef, UserAccess } from '../infomaniak';
import { NotFoundError } from '../infomaniak/errors';
import { isGenericPassword } from '../infomaniak/model';
import { apiError } from './api-errors';
import { addressLookupAttributes, describeAddress, refOf, rfc3339 } from './common';
import { kit, type MailContext } from './context';
import type { DeviceEntry, InvitationEntry, Snapshot, UserEntry } from './access-snapshot-schema';

export type { DeviceEntry, InvitationEntry, Snapshot, UserEntry } from './access-snapshot-schema';

export const EMPTY_SNAPSHOT: Snapshot = { exists: false, devices: [], users: [], invitations: [] };

export function deviceEntry(d: DeviceAccess): DeviceEntry {
  return {
    device_id: d.deviceId,
    access_id: d.accessId,
    label: d.label,
    type: d.type,
    user_id: d.userId,
    is_generic: isGenericPassword(d),
    status: d.status,
    last_connection: d.lastConnection === null ? null : rfc3339(d.lastConnection),
    created_at: rfc3339(d.createdAt),
  };
}

export function userEntry(u: UserAccess): UserEntry {
  return { user_id: u.userId, email: u.email, display_name: u.displayName, created_at: rfc3339(u.createdAt) };
}

/** Never the link: a snapshot travels in plans and state. */
export function invitationEntry(i: Invitation): InvitationEntry {
  return { key: i.key, sent_to: i.sentTo, expires_at: rfc3339(i.expiresAt) };
}

export interface AccessLists {
  readonly devices: readonly DeviceAccess[];
  readonly users: readonly UserAccess[];
  readonly invitations: readonly Invitation[];
}

/** Entries in a stable order, so the same lists always give the same snapshot. */
export function snapshotOf(lists: AccessLists): Snapshot {
  return {
    exists: true,
    devices: lists.devices.map(deviceEntry).sort((a, b) => a.access_id - b.access_id),
    users: lists.users.map(userEntry).sort((a, b) => a.user_id - b.user_id),
    invitations: lists.invitations.map(invitationEntry).sort((a, b) => a.key.localeCompare(b.key)),
  };
}

export function encodeSnapshot(snapshot: Snapshot): string {
  return JSON.stringify(snapshot);
}

/** The snapshot in `text`, or undefined when it is not one (hand-written, or from another version). */
export function decodeSnapshot(text: string): Snapshot | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return snapshotFrom(value);
}

/** `value` as a snapshot (e.g. one kept in private state), or undefined when it is not one. */
export function snapshotFrom(value: unknown): Snapshot | undefined {
  const parsed = snapshotSchema().safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

/**
 * The schema is loaded with zod on first use, not with this module: the resources load
 * this module at every provider start, and most starts (schemas, validation) decode no
 * snapshot. The first plan of an access policy loads it.
 */
function snapshotSchema(): typeof import('./access-snapshot-schema').snapshotSchema {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('./access-snapshot-schema') as typeof import('./access-snapshot-schema')).snapshotSchema;
}

/** The address's lists, through the per-run cache (shared with devices, user accesses and the policy). */
export async function loadLists(
  ctx: MailContext,
  ref: MailboxRef,
  signal: AbortSignal,
): Promise<AccessLists> {
  // One after the other: for an address whose creation is planned, the device list's 404
  // says so, and the users' list is not asked for (one request, not two, per new address).
  const devices = await ctx.cache.devices(ref, signal);
  const webmail = await ctx.cache.webmail(ref, signal);
  return { devices, users: webmail.users, invitations: webmail.invitations };
}

export function isMissingAddress(error: unknown): boolean {
  return error instanceof NotFoundError && (error.resource === 'mailbox' || error.resource === 'hosting');
}

// ---------------------------------------------------------------- data source

export const deviceEntryAttributes = {
  device_id: attr.int({
    computed: true,
    description: "The Device's id (what `keep_device_ids` lists; a Device has one access per address).",
  }),
  access_id: attr.int({ computed: true, description: "The access's id on this address." }),
  label: attr.string({ computed: true, description: "The Device's label." }),
  type: attr.string({
    computed: true,
    description: '`computer`, `phone`, `tablet`, `other`, or `legacy` for the generic password.',
  }),
  user_id: attr.int({
    computed: true,
    description: 'The user it belongs to; null for a device without user.',
  }),
  is_generic: attr.bool({
    computed: true,
    description: 'True for the pre-2026 generic password of the address.',
  }),
  status: attr.string({ computed: true, description: '`healthy`, `leaked` or `spam`.' }),
  last_connection: attr.string({
    computed: true,
    description: 'When the password was last used (RFC 3339); null if never.',
  }),
  created_at: attr.string({ computed: true, description: 'When the access was created (RFC 3339).' }),
};

export const userEntryAttributes = {
  user_id: attr.int({ computed: true, description: 'Id of the user in the organisation.' }),
  email: attr.string({ computed: true, description: 'Their login email.' }),
  display_name: attr.string({ computed: true, description: 'Their name.' }),
  created_at: attr.string({ computed: true, description: 'When they were given the address (RFC 3339).' }),
};

export const invitationEntryAttributes = {
  key: attr.string({ computed: true, description: 'The key identifying the invitation.' }),
  sent_to: attr.string({
    computed: true,
    description: 'Whom the link was mailed to; null if it was never sent.',
  }),
  expires_at: attr.string({ computed: true, description: 'When the link expires (RFC 3339).' }),
};

export const addressAccessDataSource = kit.dataSource({
  name: 'address_access',
  schema: {
    description: [
      'Everything that gives access to one address right now: its device accesses, its users and its pending ',
      'invitations (never a password or an invitation link). An address that does not exist yet reads as ',
      'empty (`exists = false`), so a configuration that creates the address can read it too.',
      '',
      'Hand its `snapshot` to `infomaniakmail_access_policy.observed`: the policy then plans exactly what it ',
      'will revoke from what this data source read, even when the policy is new, and apply revokes exactly ',
      'that. Reading it costs no extra request: it shares the per-run lists of the address with the other ',
      'resources (see the example below).',
      '',
      'Give `mailbox_name` as a value, not as a reference to an `infomaniakmail_address` being created: a ',
      'data source that depends on a pending change is read only during apply, too late for the plan.',
    ].join('\n'),
    attributes: {
      ...addressLookupAttributes(),
      exists: attr.bool({ computed: true, description: 'Whether the address exists.' }),
      devices: attr.listNested(deviceEntryAttributes, {
        computed: true,
        description: 'The device accesses, the generic password included, by access id.',
      }),
      users: attr.listNested(userEntryAttributes, {
        computed: true,
        description: 'The users with access, by id.',
      }),
      invitations: attr.listNested(invitationEntryAttributes, {
        computed: true,
        description: 'The pending invitations (expired ones included until they are withdrawn), by key.',
      }),
      snapshot: attr.string({
        computed: true,
        description:
          'The lists above as one JSON value, for `infomaniakmail_access_policy.observed`. No secret is in it.',
      }),
    },
  },
  async read({ client: ctx, config, signal }) {
    const ref = refOf(config);
    let snapshot: Snapshot;
    try {
      // An address the Mail Service's directory lacks has no lists to ask for (a plan that creates it).
      const exists = (await ctx.cache.address(ref, signal)) !== undefined;
      snapshot = exists ? snapshotOf(await loadLists(ctx, ref, signal)) : EMPTY_SNAPSHOT;
    } catch (error) {
      if (!(error instanceof NotFoundError && error.resource === 'mailbox'))
        throw apiError(error, `Could not read the access to ${describeAddress(ref)}`);
      // An address not created yet reads as empty, but a wrong Mail Service is an error: a 404 on
      // the address's lists does not tell them apart, the Mail Service's own list does.
      try {
        await ctx.cache.hostingExists(ref.hosting, signal);
      } catch (hostingError) {
        throw apiError(hostingError, `Could not read the access to ${describeAddress(ref)}`);
      }
      snapshot = EMPTY_SNAPSHOT;
    }
    return {
      state: {
        ...config,
        exists: snapshot.exists,
        devices: snapshot.devices,
        users: snapshot.users.map(({ user_id, email, display_name, created_at }) => ({
          user_id,
          email,
          display_name,
          created_at,
        })),
        invitations: snapshot.invitations,
        snapshot: encodeSnapshot(snapshot),
      },
    };
  },
});
