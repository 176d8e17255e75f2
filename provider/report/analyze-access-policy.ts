/**
 * infomaniakmail_access_policy changes. The policy plans what its apply revokes in
 * `devices_to_revoke`, `users_to_remove` and `invitations_to_withdraw` — for a new
 * policy as for an existing one — and apply revokes exactly those; the refresh sets
 * them back to `[]`. So the planned lists are the revocations, and a list known only at
 * apply is a revocation nobody can review: the gates fail closed on it. What the policy
 * leaves in place is in `unmanaged_devices` / `unmanaged_users`.
 */
import type { Change, Collector } from './change';
import { deviceRef } from './device-ref';
import { bool, num, objects, str, type Attributes } from './fields';
import type { UserRef } from './model';
import { unknownAttribute } from './redact';

/** The planned lists, and what a reviewer would miss if one is unknown. */
const LISTS = [
  ['devices_to_revoke', 'which devices apply revokes'],
  ['users_to_remove', 'whose access apply removes'],
  ['invitations_to_withdraw', 'which invitations apply withdraws'],
] as const;

export type PolicyList = (typeof LISTS)[number][0];

export function analyzeAccessPolicy(c: Change, out: Collector): void {
  if (c.action === 'delete' || c.action === 'read' || c.action === 'forget' || c.action === 'other') return;
  const located = { stack: c.stack, resource: c.resource, address: c.directory.address(c.after) };
  const created = c.action === 'create' || c.action === 'replace';
  // A no-op applies nothing: lists left over in state (a plan without refresh) revoke nothing.
  const applies = c.action !== 'no-op';
  const unknown = LISTS.filter(([key]) => unknownList(c.afterUnknown, key));

  if (applies && unknown.length > 0)
    out.notes.push({
      stack: c.stack,
      resource: c.resource,
      kind: 'unknown_revocations',
      message:
        `the plan cannot say ${unknown.map(([, what]) => what).join(', ')} (${unknown.map(([k]) => k).join(', ')} ` +
        'known only after apply, e.g. when exclusive_devices, exclusive_users or revoke_generic_password ' +
        'are computed during apply): the revocation gates fail until a plan lists them',
    });
  const isUnknown = (key: PolicyList) => unknown.some(([k]) => k === key);

  // Devices.
  if (applies && !isUnknown('devices_to_revoke'))
    for (const d of objects(c.after, 'devices_to_revoke'))
      out.devicesRevoked.push({
        ...located,
        device: deviceRef(d, c),
        is_generic: bool(d, 'is_generic') === true,
        via: 'policy',
      });
  const device = (d: Attributes) => ({ device: deviceRef(d, c), is_generic: bool(d, 'is_generic') === true });
  if (!unknownAttribute(c.afterUnknown, 'unmanaged_devices'))
    for (const d of objects(c.after, 'unmanaged_devices'))
      out.unmanagedDevices.push({ ...located, ...device(d), fate: 'stays' });
  else if (applies && isUnknown('devices_to_revoke') && !created)
    for (const d of objects(c.before, 'unmanaged_devices'))
      out.unmanagedDevices.push({ ...located, ...device(d), fate: 'may_be_revoked' });

  // Users and invitations.
  const user = (u: Attributes): UserRef => {
    const known = c.directory.user(num(u, 'user_id'), str(u, 'email'));
    return { ...known, display_name: str(u, 'display_name') ?? known.display_name };
  };
  if (applies && !isUnknown('users_to_remove'))
    for (const u of objects(c.after, 'users_to_remove'))
      out.removed.push({ ...located, user: user(u), permissions: null, via: 'policy' });
  if (applies && !isUnknown('invitations_to_withdraw'))
    for (const i of objects(c.after, 'invitations_to_withdraw'))
      out.invitationsDropped.push({
        ...located,
        email: str(i, 'sent_to'),
        key: str(i, 'key'),
        expires_at: str(i, 'expires_at'),
        permissions: null,
        language: null,
        renews: false,
        via: 'policy',
      });
  if (!unknownAttribute(c.afterUnknown, 'unmanaged_users'))
    for (const u of objects(c.after, 'unmanaged_users'))
      out.unmanagedUsers.push({ ...located, user: user(u), fate: 'stays' });
  else if (applies && isUnknown('users_to_remove') && !created)
    for (const u of objects(c.before, 'unmanaged_users'))
      out.unmanagedUsers.push({ ...located, user: user(u), fate: 'may_be_revoked' });

  // A new exclusive policy with no snapshot the plan and apply share (no `observed`) revokes
  // nothing now; the provider then leaves what stays unmanaged unknown, which tells the case.
  const exclusive = bool(c.after, 'exclusive_devices') === true || bool(c.after, 'exclusive_users') === true;
  const nothingListed = LISTS.every(([key]) => !isUnknown(key) && objects(c.after, key).length === 0);
  if (created && exclusive && nothingListed && unknownAttribute(c.afterUnknown, 'unmanaged_devices'))
    out.notes.push({
      stack: c.stack,
      resource: c.resource,
      kind: 'revocations_deferred',
      message:
        'new exclusive access policy without a snapshot of the address: this apply revokes nothing, and the ' +
        'next plan lists what it will revoke. To list (and revoke) them in this plan, set observed = ' +
        'data.infomaniakmail_address_access.NAME.snapshot, with mailbox_name given as a value',
    });
}

/** The list, or any part of it, is known only after apply. */
export function unknownList(afterUnknown: unknown, key: string): boolean {
  if (afterUnknown === true) return true;
  if (typeof afterUnknown !== 'object' || afterUnknown === null) return false;
  return anyTrue((afterUnknown as Record<string, unknown>)[key]);
}

function anyTrue(mask: unknown): boolean {
  if (mask === true) return true;
  if (Array.isArray(mask)) return mask.some(anyTrue);
  if (typeof mask === 'object' && mask !== null) return Object.values(mask).some(anyTrue);
  return false;
}
