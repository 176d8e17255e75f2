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
  const label = d.label === null ? (d.device_id !== null ? 'Device' : 'device') : `"${d.label}"`;
  const parts = [
    d.device_id !== null ? `id ${d.device_id}` : null,
    d.user_id !== null ? `user ${d.user_id}` : null,
  ];
  const extra = parts.filter((x) => x !== null).join(', ');
  return extra ? `${label} (${extra})` : label;
}

/** Capabilities besides reading and sending, which every access allows. */
export function permissionsText(p: readonly string[] | null): string {
  if (p === null) return '(known after apply)';
  return p.length > 0 ? `read and send, ${p.join(', ')}` : 'read and send only';
}

/** What a device password opens: the API's protocols value, and SMTP, always included. */
export function protocolsText(p: string | null): string {
  return p === null ? '(known after apply)' : `${p} + SMTP`;
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
    case 'flagged':
      return `flagged "${r.status ?? '?'}" by Infomaniak (rotate_when_flagged)`;
    case 'unknown':
      return 'regenerated';
  }
}
