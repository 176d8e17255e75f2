/**
 * Plans → the access-change model. Only `infomaniakmail_*` managed resources count;
 * everything is sorted so that the same plans always give the same report.
 */
import { analyzeAccessPolicy } from './analyze-access-policy';
import { analyzeAddress } from './analyze-address';
import { analyzeDrift, analyzeForget, OUTSIDE_TYPES, revokedBy } from './analyze-outside';
import { analyzeDevice } from './analyze-device';
import { analyzeUserAccess } from './analyze-user-access';
import { actionOf, newCollector, toChange, type Action, type Change, type Collector } from './change';
import { Directory } from './directory';
import type { LoadedPlan } from './load';
import { REPORT_SCHEMA_VERSION, type AccessReport, type AddressRef, type StackInfo } from './model';
import type { ResourceChange } from './plan-json';
import { summarize } from './summary';

const ANALYZERS: Readonly<Record<string, (c: Change, out: Collector) => void>> = {
  infomaniakmail_address: analyzeAddress,
  infomaniakmail_device: analyzeDevice,
  infomaniakmail_user_access: analyzeUserAccess,
  infomaniakmail_access_policy: analyzeAccessPolicy,
};

export interface BuildOptions {
  /** Call out devices unused for more days than this (default 90). */
  readonly staleDays?: number;
}

export const DEFAULT_STALE_DAYS = 90;

export function buildReport(plans: readonly LoadedPlan[], options: BuildOptions = {}): AccessReport {
  const staleDays = options.staleDays ?? DEFAULT_STALE_DAYS;
  const out = newCollector();
  const stacks: StackInfo[] = [];
  for (const { source, plan } of plans) {
    const complete = plan.complete !== false && plan.errored !== true;
    stacks.push({
      name: source,
      terraform_version: plan.terraform_version ?? null,
      format_version: plan.format_version,
      timestamp: plan.timestamp ?? null,
      complete,
    });
    if (!complete)
      out.notes.push({
        stack: source,
        resource: null,
        kind: 'incomplete_plan',
        message: 'terraform marks this plan incomplete: more changes may follow in a later plan',
      });
    const directory = Directory.of(plan);
    const change = (rc: ResourceChange) => toChange(source, rc, plan.timestamp ?? null, staleDays, directory);
    const changes = (plan.resource_changes ?? []).filter(
      (rc) => rc.mode === 'managed' && OUTSIDE_TYPES.has(rc.type),
    );
    const planned = new Map<string, Action>();
    for (const rc of changes) {
      planned.set(rc.address, actionOf(rc.change.actions));
      const c = change(rc);
      if (c.action === 'forget') analyzeForget(c, out);
      else ANALYZERS[rc.type]?.(c, out);
    }
    for (const rc of plan.resource_drift ?? [])
      if (rc.mode === 'managed' && OUTSIDE_TYPES.has(rc.type))
        analyzeDrift(change(rc), planned.get(rc.address), out);
  }
  const forgotten = out.forgotten.map((f) => ({ ...f, revoked_by: revokedBy(f, out) }));
  // Stacks in the order given, then by address, device or user, resource.
  const order = new Map(plans.map((p, i) => [p.source, String(i).padStart(6, '0')]));
  const sorted = <T extends Sortable>(items: readonly T[]) =>
    sortedBy(items, (stack) => order.get(stack) ?? stack);
  const report = {
    schema_version: REPORT_SCHEMA_VERSION,
    stacks,
    stale_days: staleDays,
    addresses: { created: sorted(out.addressesCreated), removed: sorted(out.addressesRemoved) },
    access: {
      granted: sorted(out.granted),
      removed: sorted(out.removed),
      permissions_changed: sorted(out.permissionsChanged),
    },
    invitations: { created: sorted(out.invitationsCreated), dropped: sorted(out.invitationsDropped) },
    devices: {
      created: sorted(out.devicesCreated),
      regenerated: sorted(out.devicesRegenerated),
      replaced: sorted(out.devicesReplaced),
      revoked: sorted(out.devicesRevoked),
      relabelled: sorted(out.devicesRelabelled),
    },
    unmanaged: { devices: sorted(out.unmanagedDevices), users: sorted(out.unmanagedUsers) },
    drift: sorted(out.drift),
    forgotten: sorted(forgotten),
    notes: out.notes,
  } as const;
  return { ...report, summary: summarize(report) };
}

interface Sortable {
  readonly stack: string;
  readonly resource: string;
  readonly address: AddressRef;
  readonly device?: { readonly device_id: number | null; readonly label: string | null } | null;
  readonly user?: { readonly user_id: number | null; readonly email: string | null } | null;
}

function sortedBy<T extends Sortable>(items: readonly T[], stackKey: (stack: string) => string): T[] {
  const key = (x: T) =>
    [
      stackKey(x.stack),
      x.address.email ?? '',
      String(x.address.mail_hosting_id ?? ''),
      x.address.mailbox_name ?? '',
      x.device?.label ?? '',
      String(x.device?.device_id ?? '').padStart(16, '0'),
      String(x.user?.user_id ?? '').padStart(16, '0'),
      x.user?.email ?? '',
      x.resource,
    ].join('\u0000');
  return [...items].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
