/**
 * infomaniakmail_access_policy changes. The policy's `unmanaged_devices` /
 * `unmanaged_users` are what exists on the address but is not kept: an exclusive
 * policy plans them to `[]`, so an entry present before and gone after is revoked by
 * this apply. Entries that stay are strays a reviewer should know about.
 */
import type { Change, Collector } from './change';
import { bool, num, objects, str, type Attributes } from './fields';
import { unknownAttribute } from './redact';

export function analyzeAccessPolicy(c: Change, out: Collector): void {
  if (c.action === 'delete' || c.action === 'read' || c.action === 'forget' || c.action === 'other') return;
  const located = { stack: c.stack, resource: c.resource, address: c.directory.address(c.after) };
  const created = c.action === 'create' || c.action === 'replace';

  // Devices.
  const beforeDevices = created ? [] : objects(c.before, 'unmanaged_devices');
  const devicesUnknown = unknownAttribute(c.afterUnknown, 'unmanaged_devices');
  const afterDeviceIds = new Set(objects(c.after, 'unmanaged_devices').map((d) => num(d, 'device_id')));
  const device = (d: Attributes) => ({
    device: {
      device_id: num(d, 'device_id'),
      access_id: num(d, 'access_id'),
      label: str(d, 'label'),
      user_id: num(d, 'user_id'),
    },
    is_generic: bool(d, 'is_generic') === true,
  });
  for (const d of beforeDevices) {
    if (devicesUnknown) out.unmanagedDevices.push({ ...located, ...device(d), fate: 'may_be_revoked' });
    else if (!afterDeviceIds.has(num(d, 'device_id')))
      out.devicesRevoked.push({ ...located, ...device(d), via: 'policy' });
  }
  if (!devicesUnknown)
    for (const d of objects(c.after, 'unmanaged_devices'))
      out.unmanagedDevices.push({ ...located, ...device(d), fate: 'stays' });

  // Users.
  const beforeUsers = created ? [] : objects(c.before, 'unmanaged_users');
  const usersUnknown = unknownAttribute(c.afterUnknown, 'unmanaged_users');
  const afterUserIds = new Set(objects(c.after, 'unmanaged_users').map((u) => num(u, 'user_id')));
  const user = (u: Attributes) => ({
    user: { user_id: num(u, 'user_id'), email: str(u, 'email'), display_name: str(u, 'display_name') },
  });
  for (const u of beforeUsers) {
    if (usersUnknown) out.unmanagedUsers.push({ ...located, ...user(u), fate: 'may_be_revoked' });
    else if (!afterUserIds.has(num(u, 'user_id')))
      out.removed.push({ ...located, ...user(u), permissions: null, via: 'policy' });
  }
  if (!usersUnknown)
    for (const u of objects(c.after, 'unmanaged_users'))
      out.unmanagedUsers.push({ ...located, ...user(u), fate: 'stays' });

  // A new exclusive policy decides what to revoke when it is applied; only terraform's warnings name it.
  if (!created) return;
  const unlisted = 'the saved plan does not list them (the warnings of "terraform plan" name each one)';
  if (bool(c.after, 'exclusive_devices') === true)
    out.notes.push({
      stack: c.stack,
      resource: c.resource,
      kind: 'unlisted_device_revocations',
      message: `new exclusive access policy: apply revokes every device not in keep_device_ids; ${unlisted}`,
    });
  if (bool(c.after, 'exclusive_users') === true)
    out.notes.push({
      stack: c.stack,
      resource: c.resource,
      kind: 'unlisted_access_removals',
      message: `new exclusive access policy: apply removes every user not in keep_user_ids; ${unlisted}`,
    });
}
