/**
 * infomaniakmail_device changes: created, regenerated in place (and why), replaced,
 * revoked, relabelled. A regeneration shows in the plan as an update whose
 * `password_set_at` is known only after apply; its cause is read back from the
 * attributes that can cause one (see provider/resources/rotation.ts for the rules).
 */
import type { Change, Collector } from './change';
import { bool, num, str, stringMap, type Attributes } from './fields';
import { deviceRef } from './device-ref';
import type { DeviceRef, RegenerationReason } from './model';
import { unknownAttribute } from './redact';

/** Attributes whose change replaces a device access (the provider's requiresReplace: no route changes them). */
const REPLACING = ['mail_hosting_id', 'mailbox_name', 'user_id', 'protocols', 'type', 'device_id'];
const FLAGGED = new Set(['leaked', 'spam']);
const SECONDS_PER_DAY = 86_400;

export function analyzeDevice(c: Change, out: Collector): void {
  const ref = (values: Attributes): DeviceRef => deviceRef(values, c);
  const base = (values: Attributes) => ({
    stack: c.stack,
    resource: c.resource,
    address: c.directory.address(values),
  });
  switch (c.action) {
    case 'create': {
      // A device_id known at plan time names an existing Device (given to this address too).
      const existing = num(c.after, 'device_id') !== null;
      out.devicesCreated.push({
        ...base(c.after),
        device: { ...ref(c.after), access_id: null, device_id: existing ? num(c.after, 'device_id') : null },
        protocols: str(c.after, 'protocols'),
        type: str(c.after, 'type'),
        existing_device: existing,
      });
      return;
    }
    case 'delete':
      out.devicesRevoked.push({
        ...base(c.before),
        device: ref(c.before),
        is_generic: false,
        via: 'resource',
      });
      return;
    case 'replace':
      out.devicesReplaced.push({
        ...base(c.before),
        device: ref(c.before),
        because: replacedBecause(c),
        order: c.newFirst ? 'new_first' : 'revoke_first',
      });
      return;
    case 'update': {
      const device = { ...ref(c.before), label: str(c.after, 'label') ?? str(c.before, 'label') };
      if (regenerates(c))
        out.devicesRegenerated.push({ ...base(c.before), device, reasons: regenerationReasons(c) });
      const from = str(c.before, 'label');
      const to = str(c.after, 'label');
      if (from !== to && !unknownAttribute(c.afterUnknown, 'label'))
        out.devicesRelabelled.push({ ...base(c.before), device, from, to });
      return;
    }
    default:
      return;
  }
}

/** A new password comes with this apply: its date (and the password) are known only after it. */
function regenerates(c: Change): boolean {
  return unknownAttribute(c.afterUnknown, 'password_set_at') || unknownAttribute(c.afterUnknown, 'password');
}

function replacedBecause(c: Change): string[] {
  // terraform names what forced the replacement; older plans and hand-made ones may not.
  const fromPaths = [...new Set(c.replacePaths.map((p) => String(p[0])))].sort();
  if (fromPaths.length > 0) return fromPaths;
  const known = REPLACING.filter(
    (k) => !unknownAttribute(c.afterUnknown, k) && JSON.stringify(c.before[k]) !== JSON.stringify(c.after[k]),
  );
  // A replaced access gets a new Device id unless device_id is configured: an unknown id is a
  // cause only when nothing else explains the replacement (it references a replaced Device).
  return known.length > 0 ? known : REPLACING.filter((k) => unknownAttribute(c.afterUnknown, k));
}

export function regenerationReasons(c: Change): RegenerationReason[] {
  const reasons: RegenerationReason[] = [];
  const triggersUnknown = unknownAttribute(c.afterUnknown, 'rotation_triggers');
  const keys = changedKeys(stringMap(c.before, 'rotation_triggers'), stringMap(c.after, 'rotation_triggers'));
  if (triggersUnknown || keys.length > 0) reasons.push({ reason: 'rotation_triggers', keys });
  // The refresh before the plan read the flag; the provider regenerates once per flag.
  const status = str(c.before, 'status');
  if (bool(c.after, 'rotate_when_flagged') === true && status !== null && FLAGGED.has(status))
    reasons.push({ reason: 'flagged', status });
  const days = num(c.after, 'rotate_after_days');
  if (days !== null) {
    const age = ageDays(str(c.before, 'password_set_at'), c.planTime);
    // Ages are measured on the service's clock, which the plan does not carry: when the plan's own
    // clock does not show the age, the age is still the cause if nothing else explains the regenerate.
    if (age !== null && age >= days)
      reasons.push({ reason: 'password_age', rotate_after_days: days, age_days: age });
    else if (reasons.length === 0)
      reasons.push({ reason: 'password_age', rotate_after_days: days, age_days: null });
  }
  if (reasons.length === 0) reasons.push({ reason: 'unknown' });
  return reasons;
}

function changedKeys(before: Record<string, string> | null, after: Record<string, string> | null): string[] {
  const a = before ?? {};
  const b = after ?? {};
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();
}

function ageDays(changedAt: string | null, planTime: string | null): number | null {
  if (!changedAt || !planTime) return null;
  const seconds = (Date.parse(planTime) - Date.parse(changedAt)) / 1000;
  return Number.isFinite(seconds) && seconds >= 0 ? Math.floor(seconds / SECONDS_PER_DAY) : null;
}
