/** How addresses, users, devices and reasons are named in every human-readable format. */
import type { AddressRef, DeviceCallOut, DeviceRef, RegenerationReason, UserRef } from './model';

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
  const id = d.device_id !== null ? ` (id ${d.device_id})` : '';
  const owner =
    d.owner !== null ? ` of ${userName(d.owner)}` : d.user_id !== null ? ` of user ${d.user_id}` : '';
  return `${label}${id}${owner}`;
}

/** What a reviewer acts on, in words: "flagged "leaked" by Infomaniak", "last used 120 days ago". */
export function callOutText(c: DeviceCallOut): string {
  switch (c.kind) {
    case 'flagged':
      return `⚠ flagged "${c.status}" by Infomaniak`;
    case 'stale':
      return `⚠ last used ${c.days} days before the plan (${c.last_connection.slice(0, 10)})`;
    case 'never_used':
      return `⚠ never used, created ${c.days} days before the plan`;
  }
}

/** The details of a device row, followed by its call-outs. */
export function withCallOuts(d: DeviceRef, detail: string): string {
  return [detail, ...d.call_outs.map(callOutText)].filter((x) => x !== '').join('; ');
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
