/**
 * Gates turn the report into a check for pipelines. A gate that cannot be verified —
 * a new exclusive policy whose revocations the saved plan does not list — fails: a
 * gate that passes on what it cannot see would be worse than none.
 */
import type { AccessReport } from './model';

export const GATE_NAMES = ['revoke', 'regenerate', 'grant-removal', 'any-change'] as const;
export type GateName = (typeof GATE_NAMES)[number];

export interface GateOptions {
  readonly failOn: readonly GateName[];
  /** Fail when more credentials or accesses stop working than this. */
  readonly maxRevocations?: number;
}

export interface GateResult {
  readonly passed: boolean;
  /** One line per failed gate. */
  readonly failures: readonly string[];
}

export function checkGates(report: AccessReport, options: GateOptions): GateResult {
  const s = report.summary;
  const unlistedDevices = report.notes.filter((n) => n.kind === 'unlisted_device_revocations').length;
  const unlistedUsers = report.notes.filter((n) => n.kind === 'unlisted_access_removals').length;
  const mayDevices = report.unmanaged.devices.filter((d) => d.fate === 'may_be_revoked').length;
  const mayUsers = report.unmanaged.users.filter((u) => u.fate === 'may_be_revoked').length;
  const failures: string[] = [];
  const fail = (gate: string, what: string) => failures.push(`${gate}: ${what}`);

  for (const gate of new Set(options.failOn)) {
    switch (gate) {
      case 'revoke': {
        const n = s.devices_revoked + s.devices_replaced;
        if (n > 0)
          fail('--fail-on revoke', `${n} device password(s) revoked (${s.devices_replaced} by replacement)`);
        if (mayDevices + unlistedDevices > 0)
          fail(
            '--fail-on revoke',
            `${mayDevices + unlistedDevices} possible revocation(s) the plan does not list`,
          );
        break;
      }
      case 'regenerate': {
        const n = s.devices_regenerated + s.devices_replaced;
        if (n > 0) fail('--fail-on regenerate', `${n} device password(s) regenerated or replaced`);
        break;
      }
      case 'grant-removal':
        if (s.access_removed > 0)
          fail('--fail-on grant-removal', `${s.access_removed} user access(es) removed`);
        if (mayUsers + unlistedUsers > 0)
          fail(
            '--fail-on grant-removal',
            `${mayUsers + unlistedUsers} possible removal(s) the plan does not list`,
          );
        break;
      case 'any-change':
        if (s.changes > 0) fail('--fail-on any-change', `${s.changes} access change(s)`);
        break;
    }
  }
  if (options.maxRevocations !== undefined) {
    const max = options.maxRevocations;
    if (s.revocations > max) fail('--max-revocations', `${s.revocations} revocation(s), more than ${max}`);
    const unverifiable = mayDevices + mayUsers + unlistedDevices + unlistedUsers;
    if (unverifiable > 0)
      fail(
        '--max-revocations',
        `${unverifiable} possible revocation(s) the plan does not list, cannot check`,
      );
  }
  return { passed: failures.length === 0, failures };
}
