/**
 * What happens outside this plan's own changes: access changed by hand since the last
 * apply (`resource_drift`: a device revoked or a user removed in the Manager), and access
 * that leaves Terraform's management but stays in place (the `forget` action of a
 * `removed` block with `destroy = false`). For each, what this plan does about it.
 */
import type { Action, Change, Collector } from './change';
import { deviceRef } from './device-ref';
import { num, str, type Attributes } from './fields';
import type { Drift, Forgotten, UserRef } from './model';

/** Attributes whose change outside Terraform is not news: the refresh moves them all the time. */
const NOT_DRIFT: Readonly<Record<string, readonly string[]>> = {
  infomaniakmail_device: ['last_connection'],
  // Its own computed lists: the refresh sets the revocation lists to [] after every apply, and
  // what stays unmanaged is reported from the plan itself.
  infomaniakmail_access_policy: [
    'devices_to_revoke',
    'users_to_remove',
    'invitations_to_withdraw',
    'unmanaged_devices',
    'unmanaged_users',
  ],
};

export const OUTSIDE_TYPES: ReadonlySet<string> = new Set([
  'infomaniakmail_address',
  'infomaniakmail_device',
  'infomaniakmail_user_access',
  'infomaniakmail_access_policy',
]);

interface Subject {
  readonly device: Drift['device'];
  readonly user: UserRef | null;
  readonly email: string | null;
}

function subjectOf(c: Change, values: Attributes): Subject {
  if (c.type === 'infomaniakmail_device') return { device: deviceRef(values, c), user: null, email: null };
  if (c.type === 'infomaniakmail_user_access') {
    const userId = num(values, 'user_id');
    return {
      device: null,
      user: userId === null ? null : c.directory.user(userId),
      email: userId === null ? str(values, 'email') : null,
    };
  }
  return { device: null, user: null, email: null };
}

/** `c` is an entry of `resource_drift`; `planned` is terraform's action on it in this plan, if any. */
export function analyzeDrift(c: Change, planned: Action | undefined, out: Collector): void {
  let outside: Drift['outside'];
  let attributes: string[] = [];
  if (c.action === 'delete') outside = 'removed';
  else if (c.action === 'update') {
    outside = 'changed';
    const ignored = new Set(NOT_DRIFT[c.type] ?? []);
    attributes = [...new Set([...Object.keys(c.before), ...Object.keys(c.after)])]
      .filter((k) => !ignored.has(k) && JSON.stringify(c.before[k]) !== JSON.stringify(c.after[k]))
      .sort();
    if (attributes.length === 0) return;
  } else return;
  const scalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
  out.drift.push({
    stack: c.stack,
    resource: c.resource,
    address: c.directory.address(c.before),
    type: c.type,
    // What the refresh read is what the reviewer must act on (a status that became "leaked").
    ...subjectOf(c, outside === 'changed' ? c.after : c.before),
    outside,
    attributes,
    values: attributes
      .filter((k) => scalar(c.before[k] ?? null) && scalar(c.after[k] ?? null))
      .map((k) => ({
        attribute: k,
        before: (c.before[k] ?? null) as string | number | boolean | null,
        now: (c.after[k] ?? null) as string | number | boolean | null,
      })),
    this_plan: thisPlan(planned),
  });
}

function thisPlan(action: Action | undefined): Drift['this_plan'] {
  switch (action) {
    case 'create':
    case 'update':
    case 'replace':
    case 'delete':
    case 'forget':
    case 'no-op':
      return action;
    default:
      return 'none';
  }
}

export function analyzeForget(c: Change, out: Collector): void {
  if (c.action !== 'forget') return;
  out.forgotten.push({
    stack: c.stack,
    resource: c.resource,
    address: c.directory.address(c.before),
    type: c.type,
    ...subjectOf(c, c.before),
    revoked_by: null,
  });
}

/** A forgotten access that an exclusive policy of the same plan revokes anyway: say which. */
export function revokedBy(f: Forgotten, out: Collector): string | null {
  const sameAddress = (x: { stack: string; address: Forgotten['address'] }) =>
    x.stack === f.stack &&
    x.address.mail_hosting_id === f.address.mail_hosting_id &&
    x.address.mailbox_name === f.address.mailbox_name;
  const policy = <T extends { via: string; stack: string; address: Forgotten['address'] }>(list: T[]) =>
    list.filter((x) => x.via === 'policy' && sameAddress(x));
  if (f.device) {
    const { device_id, access_id } = f.device;
    const hit = policy(out.devicesRevoked).find(
      (d) =>
        (device_id !== null && d.device.device_id === device_id) ||
        (access_id !== null && d.device.access_id === access_id),
    );
    return hit?.resource ?? null;
  }
  if (f.user) return policy(out.removed).find((u) => u.user.user_id === f.user?.user_id)?.resource ?? null;
  if (f.email) {
    const email = f.email.toLowerCase();
    return policy(out.invitationsDropped).find((i) => i.email?.toLowerCase() === email)?.resource ?? null;
  }
  return null;
}
