/** How addresses, users, devices and reasons are named in every human-readable format. */
import type { AddressRef, DeviceRef, RegenerationReason, UserRef } from './model';

export function addressName(a: AddressRef): string {
  if (a.email) return a.email;
  return `${a.mailbox_name ?? '?'} (Mail Service ${a.mail_hosting_id ?? '?'})`;
}

export function userName(u: UserRef): string {
  const who = u.display_name && u.email ? `${u.display_name} <${u.email}>` : (u.email ?? u.display_name);
  if (who && u.user_id !== null) return `${who} (user ${u.user_id})`;
  return who ?? `user ${u.user_id ?? '?'}`;
}

export function deviceName(d: DeviceRef): string {
  const label = d.label === null ? 'device' : `"${d.label}"`;
  const parts = [
    d.device_id !== null ? `id ${d.device_id}` : null,
    d.user_id !== null ? `user ${d.user_id}` : null,
  ];
  const extra = parts.filter((x) => x !== null).join(', ');
  return extra ? `${label} (${extra})` : label;
}

export function permissionsText(p: readonly string[] | null): string {
  if (p === null) return '(known after apply)';
  return p.length > 0 ? p.join(', ') : '(none)';
}

export function reasonText(r: RegenerationReason): string {
  switch (r.reason) {
    case 'rotation_triggers':
      return r.keys.length > 0
        ? `rotation trigger changed (${r.keys.join(', ')})`
        : 'rotation trigger changed';
    case 'password_age':
      return r.age_days !== null
        ? `password is ${r.age_days} days old (rotate_after_days = ${r.rotate_after_days})`
        : `password older than rotate_after_days (${r.rotate_after_days})`;
    case 'password_wo_version':
      return `chosen-password version changed (${r.from ?? 'none'} → ${r.to ?? 'known after apply'})`;
    case 'unknown':
      return 'regenerated';
  }
}
