/** Counts, and the one-line summary every format starts or ends with. */
import type { AccessReport, Summary } from './model';

export function summarize(report: Omit<AccessReport, 'summary'>): Summary {
  const counts = {
    access_granted: report.access.granted.length,
    access_removed: report.access.removed.length,
    permissions_changed: report.access.permissions_changed.length,
    invitations_created: report.invitations.created.length,
    invitations_dropped: report.invitations.dropped.length,
    devices_created: report.devices.created.length,
    devices_regenerated: report.devices.regenerated.length,
    devices_replaced: report.devices.replaced.length,
    devices_revoked: report.devices.revoked.length,
    devices_relabelled: report.devices.relabelled.length,
    addresses_created: report.addresses.created.length,
    addresses_removed: report.addresses.removed.length,
  };
  const changes = Object.values(counts).reduce((a, b) => a + b, 0);
  const revocations =
    counts.devices_revoked + counts.devices_replaced + counts.access_removed + counts.invitations_dropped;
  return {
    ...counts,
    revocations,
    changes,
    drifted: report.drift.length,
    forgotten: report.forgotten.length,
  };
}

/**
 * e.g. "Access: 2 granted, 1 removed · Devices: 1 created, 3 regenerated, 1 revoked · Invitations: 1
 * withdrawn", then what changed outside Terraform and what leaves its management.
 */
export function summaryLine(s: Summary): string {
  const part = (title: string, items: [number, string][]) => {
    const shown = items.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
    return shown.length > 0 ? `${title}: ${shown.join(', ')}` : null;
  };
  const outside = [
    s.drifted > 0 ? `Changed outside Terraform: ${s.drifted}` : null,
    s.forgotten > 0 ? `No longer managed (stays in place): ${s.forgotten}` : null,
  ];
  const changes = [
    part('Access', [
      [s.access_granted, 'granted'],
      [s.access_removed, 'removed'],
      [s.permissions_changed, 'changed'],
    ]),
    part('Invitations', [
      [s.invitations_created, 'created'],
      [s.invitations_dropped, 'withdrawn'],
    ]),
    part('Devices', [
      [s.devices_created, 'created'],
      [s.devices_regenerated, 'regenerated'],
      [s.devices_replaced, 'replaced'],
      [s.devices_revoked, 'revoked'],
      [s.devices_relabelled, 'relabelled'],
    ]),
    part('Addresses', [
      [s.addresses_created, 'created'],
      [s.addresses_removed, 'removed'],
    ]),
  ];
  const all = [...changes, ...outside].filter((x): x is string => x !== null);
  if (s.changes === 0) all.unshift('No access changes');
  return all.join(' · ') + (s.changes === 0 && all.length === 1 ? '.' : '');
}
