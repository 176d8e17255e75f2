/**
 * A device access as the report names it, from any plan value that describes one (a
 * device resource, an access policy's list entry, a data source row): its owner by name,
 * and what a reviewer acts on — a flagged password, a device nobody used for long.
 * Ages are taken against the plan's own timestamp, so the same plan always reads the same.
 */
import type { Change } from './change';
import { num, str, type Attributes } from './fields';
import type { DeviceCallOut, DeviceRef } from './model';

const FLAGGED = new Set(['leaked', 'spam']);
const MS_PER_DAY = 86_400_000;

export function deviceRef(
  values: Attributes,
  c: Pick<Change, 'directory' | 'planTime' | 'staleDays'>,
): DeviceRef {
  const userId = num(values, 'user_id');
  const status = str(values, 'status');
  const lastConnection = str(values, 'last_connection');
  return {
    device_id: num(values, 'device_id'),
    access_id: num(values, 'access_id'),
    label: str(values, 'label'),
    user_id: userId,
    owner: userId === null ? null : c.directory.user(userId),
    status,
    last_connection: lastConnection,
    call_outs: callOuts(status, lastConnection, str(values, 'created_at'), c.planTime, c.staleDays),
  };
}

export function callOuts(
  status: string | null,
  lastConnection: string | null,
  createdAt: string | null,
  planTime: string | null,
  staleDays: number,
): DeviceCallOut[] {
  const out: DeviceCallOut[] = [];
  if (status !== null && FLAGGED.has(status)) out.push({ kind: 'flagged', status });
  if (lastConnection !== null) {
    const days = daysBefore(lastConnection, planTime);
    if (days !== null && days > staleDays) out.push({ kind: 'stale', last_connection: lastConnection, days });
  } else if (createdAt !== null) {
    const days = daysBefore(createdAt, planTime);
    if (days !== null && days > staleDays) out.push({ kind: 'never_used', created_at: createdAt, days });
  }
  return out;
}

/** Whole days from `time` to the plan's timestamp; null when either is missing or not a date. */
function daysBefore(time: string, planTime: string | null): number | null {
  if (planTime === null) return null;
  const ms = Date.parse(planTime) - Date.parse(time);
  return Number.isFinite(ms) ? Math.floor(Math.max(ms, 0) / MS_PER_DAY) : null;
}
