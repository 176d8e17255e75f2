/**
 * Gates turn the report into a check for pipelines. A gate that cannot be verified — an
 * access policy whose planned revocations are known only at apply — fails: a gate that
 * passes on what it cannot see would be worse than none.
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
  const unknown = report.notes.filter((n) => n.kind === 'unknown_revocations').length;
  const failures: string[] = [];
  const fail = (gate: string, what: string) => failures.push(`${gate}: ${what}`);
  const cannotSay = `${unknown} access polic${unknown === 1 ? 'y' : 'ies'} whose revocations the plan cannot list`;

  for (const gate of new Set(options.failOn)) {
    switch (gate) {
      case 'revoke': {
        if (s.revocations > 0)
          fail('--fail-on revoke', `${s.revocations} revocation(s) (${breakdown(report)})`);
        if (unknown > 0) fail('--fail-on revoke', cannotSay);
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
        if (unknown > 0) fail('--fail-on grant-removal', cannotSay);
        break;
      case 'any-change':
        if (s.changes > 0) fail('--fail-on any-change', `${s.changes} access change(s)`);
        break;
    }
  }
  if (options.maxRevocations !== undefined) {
    const max = options.maxRevocations;
    if (s.revocations > max) fail('--max-revocations', `${s.revocations} revocation(s), more than ${max}`);
    if (unknown > 0) fail('--max-revocations', `${cannotSay}, cannot count`);
  }
  return { passed: failures.length === 0, failures };
}

function breakdown(report: AccessReport): string {
  const s = report.summary;
  return [
    [s.devices_revoked, 'device(s) revoked'],
    [s.devices_replaced, 'replaced'],
    [s.access_removed, 'user access(es) removed'],
    [s.invitations_dropped, 'invitation(s) withdrawn'],
  ]
    .filter(([n]) => (n as number) > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}
