/**
 * What an access policy decides from a snapshot of its address, and how the plan words
 * it: pure functions, shared by the plan and the apply of `infomaniakmail_access_policy`.
 */
import type { Diagnostics } from '../framework';
import type { MailboxRef } from '../infomaniak';
import type { DeviceEntry, InvitationEntry, Snapshot, UserEntry } from './access-snapshot';
import { describeAddress } from './common';

// ------------------------------------------------------------------ the core

/** Known ids (or emails), and whether some are not known yet. */
export interface Keep<T> {
  readonly known: ReadonlySet<T>;
  readonly hasUnknown: boolean;
}

export function keepOf<T>(value: unknown, normalise: (v: unknown) => T | undefined): Keep<T> {
  if (value === null || value === undefined) return { known: new Set(), hasUnknown: false };
  if (!Array.isArray(value)) return { known: new Set(), hasUnknown: true };
  const known = new Set<T>();
  let hasUnknown = false;
  for (const v of value as unknown[]) {
    const n = normalise(v);
    if (n === undefined) hasUnknown = true;
    else known.add(n);
  }
  return { known, hasUnknown };
}

export const keepIds = (value: unknown) => keepOf(value, (v) => (typeof v === 'number' ? v : undefined));
export const keepEmails = (value: unknown) =>
  keepOf(value, (v) => (typeof v === 'string' ? v.toLowerCase() : undefined));

export type Flag = boolean | null | { toString(): string };

export interface Rules {
  readonly exclusiveDevices: Flag;
  readonly exclusiveUsers: Flag;
  readonly revokeGeneric: Flag;
  readonly keepDevices: Keep<number>;
  readonly keepUsers: Keep<number>;
  readonly keepInvitations: Keep<string>;
}

/** What apply revokes and what stays unmanaged; 'unknown' where a flag is not known yet. */
export interface Decision {
  readonly devicesToRevoke: DeviceEntry[] | 'unknown';
  readonly usersToRemove: UserEntry[] | 'unknown';
  readonly invitationsToWithdraw: InvitationEntry[] | 'unknown';
  readonly unmanagedDevices: DeviceEntry[] | 'unknown';
  readonly unmanagedUsers: UserEntry[] | 'unknown';
}

export function decide(snapshot: Snapshot, rules: Rules): Decision {
  const strayDevices = snapshot.devices.filter((d) => !rules.keepDevices.known.has(d.device_id));
  // An accepted invitation becomes a user access with the invited email: still kept.
  const strayUsers = snapshot.users.filter(
    (u) => !rules.keepUsers.known.has(u.user_id) && !rules.keepInvitations.known.has(u.email.toLowerCase()),
  );
  const strayInvitations = snapshot.invitations.filter(
    (i) => i.sent_to === null || !rules.keepInvitations.known.has(i.sent_to.toLowerCase()),
  );
  const known = (f: Flag): f is boolean => typeof f === 'boolean' || f === null;
  let devicesToRevoke: DeviceEntry[] | 'unknown';
  if (!known(rules.exclusiveDevices)) devicesToRevoke = strayDevices.length > 0 ? 'unknown' : [];
  else if (rules.exclusiveDevices !== true) devicesToRevoke = [];
  else if (known(rules.revokeGeneric))
    devicesToRevoke = strayDevices.filter((d) => !d.is_generic || rules.revokeGeneric === true);
  else devicesToRevoke = strayDevices.some((d) => d.is_generic) ? 'unknown' : strayDevices;

  const byUsers = <T>(strays: T[]): T[] | 'unknown' =>
    !known(rules.exclusiveUsers)
      ? strays.length > 0
        ? 'unknown'
        : []
      : rules.exclusiveUsers === true
        ? strays
        : [];
  const usersToRemove = byUsers(strayUsers);
  const invitationsToWithdraw = byUsers(strayInvitations);

  const remaining = <T>(strays: T[], gone: T[] | 'unknown'): T[] | 'unknown' =>
    gone === 'unknown' ? 'unknown' : strays.filter((s) => !gone.includes(s));
  return {
    devicesToRevoke,
    usersToRemove,
    invitationsToWithdraw,
    unmanagedDevices: remaining(strayDevices, devicesToRevoke),
    unmanagedUsers: remaining(strayUsers, usersToRemove),
  };
}

// ------------------------------------------------------------------- texts

export function describeDevice(d: DeviceEntry): string {
  const owner = d.is_generic ? ', the generic password' : d.user_id === null ? '' : `, user ${d.user_id}`;
  return `device ${d.device_id} "${d.label}" (access ${d.access_id})${owner}`;
}

export function describeUser(u: UserEntry): string {
  return `user ${u.user_id} ${u.display_name} <${u.email}>`;
}

export function describeInvitation(i: InvitationEntry): string {
  return `invitation ${i.key} ${i.sent_to === null ? '(never sent)' : `sent to ${i.sent_to}`}, expires ${i.expires_at}`;
}

export function bullets<T>(items: readonly T[], describe: (t: T) => string): string {
  return items.map((i) => `  - ${describe(i)}`).join('\n');
}

export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const UNKNOWN_KEEP_NOTE =
  '\nSome keep entries are known only at apply: they are taken as Devices or people that do not exist ' +
  'yet; should one turn out to name an entry listed here, apply keeps it.';

/** The plan's words: what apply will revoke, and what stays unmanaged. */
export function explainPlan(ref: MailboxRef, d: Decision, rules: Rules, diagnostics: Diagnostics): void {
  const where = describeAddress(ref);
  const unknownKeep =
    rules.keepDevices.hasUnknown || rules.keepUsers.hasUnknown || rules.keepInvitations.hasUnknown;
  const note = unknownKeep ? UNKNOWN_KEEP_NOTE : '';
  if (Array.isArray(d.devicesToRevoke) && d.devicesToRevoke.length > 0)
    diagnostics.warning(
      `Apply will revoke ${count(d.devicesToRevoke.length, 'device')} of ${where}`,
      `Not in keep_device_ids, so revoked by this exclusive policy:\n${bullets(d.devicesToRevoke, describeDevice)}${note}`,
      'devices_to_revoke',
    );
  if (Array.isArray(d.usersToRemove) && d.usersToRemove.length > 0)
    diagnostics.warning(
      `Apply will remove the access of ${count(d.usersToRemove.length, 'user')} to ${where}`,
      `Not in keep_user_ids, so removed by this exclusive policy:\n${bullets(d.usersToRemove, describeUser)}${note}`,
      'users_to_remove',
    );
  if (Array.isArray(d.invitationsToWithdraw) && d.invitationsToWithdraw.length > 0)
    diagnostics.warning(
      `Apply will withdraw ${count(d.invitationsToWithdraw.length, 'invitation')} to ${where}`,
      'Not in keep_invitation_emails, so withdrawn by this exclusive policy (an unaccepted link is live ' +
        `access):\n${bullets(d.invitationsToWithdraw, describeInvitation)}${note}`,
      'invitations_to_withdraw',
    );
  const devices = Array.isArray(d.unmanagedDevices) ? d.unmanagedDevices : [];
  const users = Array.isArray(d.unmanagedUsers) ? d.unmanagedUsers : [];
  const generic = devices.filter((x) => x.is_generic);
  if (rules.exclusiveDevices === true && generic.length > 0)
    diagnostics.warning(
      `The generic password of ${where} stays valid`,
      `exclusive_devices does not revoke the pre-2026 generic password (${generic.map(describeDevice).join(', ')}). ` +
        'Set revoke_generic_password = true to revoke it: anything still logging in with it stops working.',
      'revoke_generic_password',
    );
  if (rules.exclusiveDevices === false && devices.length > 0)
    diagnostics.warning(
      `${count(devices.length, 'device')} of ${where} ${devices.length === 1 ? 'is' : 'are'} not managed by Terraform`,
      `${bullets(devices, describeDevice)}\nAdd their Device ids to keep_device_ids to accept them, or set ` +
        'exclusive_devices = true to revoke them.',
      'keep_device_ids',
    );
  if (rules.exclusiveUsers === false && users.length > 0)
    diagnostics.warning(
      `${count(users.length, 'user')} with access to ${where} ${users.length === 1 ? 'is' : 'are'} not managed by Terraform`,
      `${bullets(users, describeUser)}\nAdd their ids to keep_user_ids to accept them, or set ` +
        'exclusive_users = true to remove their access.',
      'keep_user_ids',
    );
}
