/**
 * infomaniakmail_access_policy: the authoritative view of one address. It lists the
 * devices and users that exist but are not kept (`unmanaged_devices`, `unmanaged_users`)
 * and, when exclusive, revokes them.
 *
 * Plan and apply must agree on *which* entries get revoked, and terraform plans twice:
 * once for the plan people review, once more during apply (in a new provider process,
 * with the values learned since). So the lists are never planned from whatever the API
 * says at that second moment. Refresh stores what it saw (the snapshot) in private state;
 * both plans start from that same refreshed state, hence from the same snapshot, and
 * apply revokes snapshot entries only: a device or user that appears after the refresh is
 * left alone and shows up in the next plan. A device that vanished meanwhile is fine.
 *
 * Terraform hands apply the private state of that second plan, not of the reviewed one,
 * so a *new* policy (no refresh, no snapshot) decides from the lists read during apply,
 * without what was created after this provider process started: the apply under way
 * made those, and a policy never revokes what the same apply creates. A new reporting
 * policy plans its lists as unknown (they are read at apply); an exclusive one plans
 * only survivors (the generic password), which new entries cannot change.
 *
 * Unknown `keep_*_ids` (typically the ids of devices created in the same apply) can only
 * refer to things that do not exist yet, or to entries we would list: an unknown id
 * makes a non-empty planned list unknown, and apply, where every id is known, never
 * revokes a kept one.
 */
import {
  DiagnosticError,
  attr,
  each,
  intRange,
  isUnknown,
  unknown,
  useStateForUnknown,
  type Diagnostics,
  type ModelOf,
  type PlanOf,
  type PrivateData,
} from '../framework';
import {
  NotFoundError,
  isGenericPassword,
  isMailApiError,
  type DeviceAccess,
  type MailboxRef,
  type UserAccess,
} from '../infomaniak';
import { apiFailure, reportApiError } from './api-errors';
import { addressKeyAttributes, describeAddress, refOf, rfc3339 } from './common';
import { kit, type MailContext } from './context';
import { parseImportId } from './import-id';

// ------------------------------------------------------------------- schema

const idsAttribute = (description: string) =>
  attr.set('number', {
    optional: true,
    description,
    validators: [each(intRange(1, Number.MAX_SAFE_INTEGER))],
  });

const deviceAttributes = {
  device_id: attr.int({
    computed: true,
    description: "The Device's id (what `keep_device_ids` lists; a Device has one access per address).",
  }),
  access_id: attr.int({ computed: true, description: "The access's id on this address." }),
  label: attr.string({ computed: true, description: "The Device's label." }),
  type: attr.string({
    computed: true,
    description: '`computer`, `phone`, `tablet`, `other`, or `legacy` for the generic password.',
  }),
  user_id: attr.int({
    computed: true,
    description: 'The user it belongs to; null for a device without user.',
  }),
  is_generic: attr.bool({
    computed: true,
    description: 'True for the pre-2026 generic password of the address.',
  }),
  status: attr.string({ computed: true, description: '`healthy`, `leaked` or `spam`.' }),
  last_connection: attr.string({
    computed: true,
    description: 'When the password was last used (RFC 3339); null if never.',
  }),
  created_at: attr.string({ computed: true, description: 'When the access was created (RFC 3339).' }),
};

const userAttributes = {
  user_id: attr.int({ computed: true, description: 'Id of the user in the organisation.' }),
  email: attr.string({ computed: true, description: 'Their login email.' }),
  display_name: attr.string({ computed: true, description: 'Their name.' }),
};

const attributes = {
  id: attr.string({
    computed: true,
    description: '`HOSTING/MAILBOX`, the form `terraform import` takes.',
    planModifiers: [useStateForUnknown()],
  }),
  ...addressKeyAttributes(),
  exclusive_devices: attr.bool({
    default: false,
    description:
      'When true, apply revokes every device of the address that is not in `keep_device_ids` — except ' +
      'the generic password, unless `revoke_generic_password` is true. The plan names each one.',
  }),
  keep_device_ids: idsAttribute(
    'Device ids (`device_id`) this policy accepts: never listed in `unmanaged_devices`, never revoked. ' +
      'Typically `[for d in infomaniakmail_device.all : d.device_id]`. Ids known only after apply (devices created in ' +
      'the same apply) are fine: a device created by that apply is never revoked.',
  ),
  exclusive_users: attr.bool({
    default: false,
    description:
      'When true, apply removes the access of every user of the address that is not in ' +
      '`keep_user_ids`. The plan names each one.',
  }),
  keep_user_ids: idsAttribute(
    'Ids of the users this policy accepts: never listed in `unmanaged_users`, their access never removed. ' +
      'Typically the `user_id` of the `infomaniakmail_user_access` resources of the address.',
  ),
  revoke_generic_password: attr.bool({
    default: false,
    description:
      'With `exclusive_devices`, also revoke the pre-2026 generic password of the address (anything still ' +
      'logging in with it stops working). Without it, the generic password stays and remains listed in ' +
      '`unmanaged_devices`, and every plan says so.',
  }),
  unmanaged_devices: attr.listNested(deviceAttributes, {
    computed: true,
    description:
      'Devices of the address that are not in `keep_device_ids`, read from the API at every refresh ' +
      '(never a password), by id. When `exclusive_devices` is true, the plan shows the list going to `[]` ' +
      '(or to the generic password alone) and apply revokes the others.',
  }),
  unmanaged_users: attr.listNested(userAttributes, {
    computed: true,
    description:
      'Users with access to the address who are not in `keep_user_ids`, read from the API at every ' +
      'refresh, by id. When `exclusive_users` is true, the plan shows the list going to `[]` and apply ' +
      'removes their access.',
  }),
};

export type AccessPolicyModel = ModelOf<typeof attributes>;
type AccessPolicyPlan = PlanOf<typeof attributes>;

const DESCRIPTION = `The authoritative view of one address: which devices and users exist beyond those Terraform
keeps, and, when the policy is exclusive, their revocation.

Every refresh reads the address's devices and users (one request each per address and run, shared with the
other resources of the address). \`unmanaged_devices\` and \`unmanaged_users\` list what exists but is not in
\`keep_device_ids\` / \`keep_user_ids\`:

- **Reporting** (the default): nothing is revoked; every plan carries a warning listing the unmanaged devices
  and users, so strays stay visible.
- **Exclusive** (\`exclusive_devices\`, \`exclusive_users\`): the plan shows the lists going to \`[]\` and a
  warning names every device and user that apply will revoke (id, label or name) — on create as on update.
  Apply revokes exactly those. The pre-2026 generic password is revoked only with
  \`revoke_generic_password = true\`; otherwise it stays listed, and the plan says so.

What apply revokes is decided from the lists read by the plan's refresh: a device or user that appears after
that refresh is not revoked by this apply but shows in the next plan; one that disappeared meanwhile is fine.
\`keep_device_ids\` may reference devices created in the same apply (ids not known at plan time): such devices
never exist in those lists, so they are never revoked. When a keep id is not known yet, a non-empty planned
list shows as "known after apply" (it cannot be known which entries the id keeps), and the warning names what
will be revoked unless one of those ids turns out to keep it.

When the policy is created there is no refresh yet, and Terraform keeps nothing from the reviewed plan for
apply to use: apply decides from the lists it reads when it runs (a reporting policy's lists show as "known
after apply"), so apply a reviewed plan promptly. Even then, a device or grant created by that same apply (say
an \`infomaniakmail_device\` missing from \`keep_device_ids\`) is never revoked by it; a warning names it.
Destroying the policy revokes nothing. Pending invitations are not covered:
\`infomaniakmail_user_access\` manages them.

## Import

Import by \`MAIL_HOSTING_ID/MAILBOX_NAME\`:

\`\`\`shell
terraform import infomaniakmail_access_policy.contact 1234567/contact
\`\`\`

The settings start at their defaults (reporting only): the first apply after import records the configured ones,
and revokes what the plan names if the configuration is exclusive.`;

// ------------------------------------------------------------------ the core

export interface DeviceEntry {
  readonly device_id: number;
  readonly access_id: number;
  readonly label: string;
  readonly type: string;
  readonly user_id: number | null;
  readonly is_generic: boolean;
  readonly status: string;
  readonly last_connection: string | null;
  readonly created_at: string;
}

export interface UserEntry {
  readonly user_id: number;
  readonly email: string;
  readonly display_name: string;
}

/** What a refresh saw: the whole lists, kept ones included (a keep id may be removed later). */
export interface Snapshot {
  readonly devices: readonly DeviceEntry[];
  readonly users: readonly UserEntry[];
}

/** Known ids, and whether some ids (or the whole set) are not known yet. */
export interface KeepIds {
  readonly known: ReadonlySet<number>;
  readonly hasUnknown: boolean;
}

type Flag = boolean | null | { toString(): string };

export interface Decision<T> {
  /** The planned list after apply; unknown when it cannot be decided at plan time. */
  readonly unmanaged: T[] | 'unknown';
  /** What apply revokes (assuming ids not known yet keep nothing that exists). */
  readonly revoke: T[];
  /** What apply may revoke, depending on a flag not known yet. */
  readonly undecided: T[];
}

export function keepIds(value: unknown): KeepIds {
  if (value === null || value === undefined) return { known: new Set(), hasUnknown: false };
  if (!Array.isArray(value)) return { known: new Set(), hasUnknown: true };
  const known = new Set<number>();
  let hasUnknown = false;
  for (const v of value as unknown[]) {
    if (typeof v === 'number') known.add(v);
    else hasUnknown = true;
  }
  return { known, hasUnknown };
}

/** Devices not kept, by id. */
export function unkeptDevices(devices: readonly DeviceEntry[], keep: KeepIds): DeviceEntry[] {
  return devices.filter((d) => !keep.known.has(d.device_id)).sort((a, b) => a.device_id - b.device_id);
}

export function unkeptUsers(users: readonly UserEntry[], keep: KeepIds): UserEntry[] {
  return users.filter((u) => !keep.known.has(u.user_id)).sort((a, b) => a.user_id - b.user_id);
}

export function decideDevices(
  devices: readonly DeviceEntry[],
  rules: { exclusive: Flag; keep: KeepIds; revokeGeneric: Flag },
): Decision<DeviceEntry> {
  const candidates = unkeptDevices(devices, rules.keep);
  if (typeof rules.exclusive !== 'boolean')
    return rules.exclusive === null
      ? report(candidates, rules.keep)
      : { unmanaged: 'unknown', revoke: [], undecided: candidates };
  if (!rules.exclusive) return report(candidates, rules.keep);
  const plain = candidates.filter((d) => !d.is_generic);
  const generic = candidates.filter((d) => d.is_generic);
  if (typeof rules.revokeGeneric !== 'boolean' && rules.revokeGeneric !== null)
    return { unmanaged: generic.length > 0 ? 'unknown' : [], revoke: plain, undecided: generic };
  if (rules.revokeGeneric === true) return { unmanaged: [], revoke: candidates, undecided: [] };
  return { unmanaged: survivors(generic, rules.keep), revoke: plain, undecided: [] };
}

export function decideUsers(
  users: readonly UserEntry[],
  rules: { exclusive: Flag; keep: KeepIds },
): Decision<UserEntry> {
  const candidates = unkeptUsers(users, rules.keep);
  if (rules.exclusive === true) return { unmanaged: [], revoke: candidates, undecided: [] };
  if (rules.exclusive === false || rules.exclusive === null) return report(candidates, rules.keep);
  return { unmanaged: 'unknown', revoke: [], undecided: candidates };
}

function report<T>(candidates: T[], keep: KeepIds): Decision<T> {
  return { unmanaged: survivors(candidates, keep), revoke: [], undecided: [] };
}

/** A list that an unknown keep id could still shorten is unknown, unless it is empty. */
function survivors<T>(list: T[], keep: KeepIds): T[] | 'unknown' {
  return keep.hasUnknown && list.length > 0 ? 'unknown' : list;
}

export function deviceEntry(d: DeviceAccess): DeviceEntry {
  return {
    device_id: d.deviceId,
    access_id: d.accessId,
    label: d.label,
    type: d.type,
    user_id: d.userId,
    is_generic: isGenericPassword(d),
    status: d.status,
    last_connection: d.lastConnection === null ? null : rfc3339(d.lastConnection),
    created_at: rfc3339(d.createdAt),
  };
}

export function userEntry(u: UserAccess): UserEntry {
  return { user_id: u.userId, email: u.email, display_name: u.displayName };
}

// ------------------------------------------------------------------- texts

export function describeDevice(d: DeviceEntry): string {
  const owner = d.is_generic ? ', the generic password' : d.user_id === null ? '' : `, user ${d.user_id}`;
  return `device ${d.device_id} "${d.label}" (access ${d.access_id})${owner}`;
}

export function describeUser(u: UserEntry): string {
  return `user ${u.user_id} ${u.display_name} <${u.email}>`;
}

function bullets<T>(items: readonly T[], describe: (t: T) => string): string {
  return items.map((i) => `  - ${describe(i)}`).join('\n');
}

const UNKNOWN_KEEP_NOTE =
  '\nSome keep ids are not known until apply: anything they turn out to keep is not revoked, and devices ' +
  'created by this apply are never revoked.';

/** The plan's words: what apply will revoke, what stays unmanaged, what cannot be told yet. */
export function explainPlan(
  ref: MailboxRef,
  devices: Decision<DeviceEntry>,
  users: Decision<UserEntry>,
  keep: { devices: KeepIds; users: KeepIds },
  exclusive: { devices: Flag; users: Flag },
  diagnostics: Diagnostics,
): void {
  const where = describeAddress(ref);
  if (devices.revoke.length > 0)
    diagnostics.attributeWarning(
      'exclusive_devices',
      `Apply will revoke ${count(devices.revoke.length, 'device')} of ${where}`,
      `Not in keep_device_ids, so revoked by this exclusive policy:\n${bullets(devices.revoke, describeDevice)}` +
        (keep.devices.hasUnknown ? UNKNOWN_KEEP_NOTE : ''),
    );
  if (users.revoke.length > 0)
    diagnostics.attributeWarning(
      'exclusive_users',
      `Apply will remove the access of ${count(users.revoke.length, 'user')} to ${where}`,
      `Not in keep_user_ids, so removed by this exclusive policy:\n${bullets(users.revoke, describeUser)}` +
        (keep.users.hasUnknown ? UNKNOWN_KEEP_NOTE : ''),
    );
  explainLeftovers(where, devices, users, exclusive, diagnostics);
}

function explainLeftovers(
  where: string,
  devices: Decision<DeviceEntry>,
  users: Decision<UserEntry>,
  exclusive: { devices: Flag; users: Flag },
  diagnostics: Diagnostics,
): void {
  const undecided = [...devices.undecided.map(describeDevice), ...users.undecided.map(describeUser)];
  if (undecided.length > 0)
    diagnostics.warning(
      `Whether apply revokes access to ${where} is not known yet`,
      'exclusive_devices, exclusive_users or revoke_generic_password depends on values known only at apply; ' +
        `if they turn out true, apply revokes:\n${undecided.map((l) => `  - ${l}`).join('\n')}`,
    );
  const listedDevices = devices.unmanaged === 'unknown' ? [] : devices.unmanaged;
  const listedUsers = users.unmanaged === 'unknown' ? [] : users.unmanaged;
  const generic = listedDevices.filter((d) => d.is_generic);
  if (exclusive.devices === true && generic.length > 0)
    diagnostics.attributeWarning(
      'revoke_generic_password',
      `The generic password of ${where} stays valid`,
      `exclusive_devices does not revoke the pre-2026 generic password (${generic.map(describeDevice).join(', ')}). ` +
        'Set revoke_generic_password = true to revoke it: anything still logging in with it stops working.',
    );
  if (exclusive.devices === false && listedDevices.length > 0)
    diagnostics.attributeWarning(
      'keep_device_ids',
      `${count(listedDevices.length, 'device')} of ${where} ${listedDevices.length === 1 ? 'is' : 'are'} not managed by Terraform`,
      `${bullets(listedDevices, describeDevice)}\nAdd their ids to keep_device_ids to accept them, or set ` +
        'exclusive_devices = true to revoke them.',
    );
  if (exclusive.users === false && listedUsers.length > 0)
    diagnostics.attributeWarning(
      'keep_user_ids',
      `${count(listedUsers.length, 'user')} with access to ${where} ${listedUsers.length === 1 ? 'is' : 'are'} not managed by Terraform`,
      `${bullets(listedUsers, describeUser)}\nAdd their ids to keep_user_ids to accept them, or set ` +
        'exclusive_users = true to remove their access.',
    );
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

// ---------------------------------------------------------------- snapshot

const SNAPSHOT_KEY = 'snapshot';

export function snapshotFromPrivate(data: PrivateData | undefined): Snapshot | undefined {
  const s = data?.[SNAPSHOT_KEY] as Partial<Snapshot> | undefined;
  return s && Array.isArray(s.devices) && Array.isArray(s.users) ? (s as Snapshot) : undefined;
}

function snapshotPrivate(snapshot: Snapshot): PrivateData {
  return { [SNAPSHOT_KEY]: snapshot };
}

interface Lists {
  readonly devices: readonly DeviceAccess[];
  readonly users: readonly UserAccess[];
}

/** The address's lists, through the per-run cache (shared with devices and grants). */
async function loadLists(ctx: MailContext, ref: MailboxRef, signal: AbortSignal): Promise<Lists> {
  const [devices, webmail] = await Promise.all([
    ctx.cache.devices(ref, signal),
    ctx.cache.webmail(ref, signal),
  ]);
  return { devices, users: webmail.users };
}

/** What refresh records: everything, kept entries included. */
function fullSnapshot(lists: Lists): Snapshot {
  return { devices: lists.devices.map(deviceEntry), users: lists.users.map(userEntry) };
}

/**
 * When this provider process started. Terraform starts a new one for each run, so what
 * was created after this moment was created by the apply under way.
 */
const PROCESS_STARTED_MS = Date.now();
/** The API's timestamps have whole seconds, and its clock is learnt to the second. */
const CLOCK_MARGIN_MS = 2000;

/**
 * What the plan of a policy without a refreshed snapshot decides from (a new policy; the
 * same plan made again during apply): the live lists without what the apply under way
 * created — say an infomaniakmail_device that keep_device_ids forgot. A policy never
 * revokes those, and leaving them out keeps the plan made during apply equal to the
 * reviewed one. A warning names them.
 */
export function snapshotWithoutFresh(
  lists: Lists,
  serverStartMs: number,
  ref: MailboxRef,
  diagnostics: Diagnostics,
): Snapshot {
  const fresh = (createdAtSeconds: number) => createdAtSeconds * 1000 >= serverStartMs - CLOCK_MARGIN_MS;
  const freshDevices = lists.devices.filter((d) => fresh(d.createdAt));
  const freshUsers = lists.users.filter((u) => fresh(u.createdAt));
  if (freshDevices.length + freshUsers.length > 0)
    warnSpared(ref, freshDevices.map(deviceEntry), freshUsers.map(userEntry), diagnostics);
  return fullSnapshot({
    devices: lists.devices.filter((d) => !freshDevices.includes(d)),
    users: lists.users.filter((u) => !freshUsers.includes(u)),
  });
}

/** Where this process's start falls on the service's clock. */
function serverStart(ctx: MailContext): number {
  return PROCESS_STARTED_MS + (ctx.client.serverNow() - Date.now());
}

function warnSpared(
  ref: MailboxRef,
  devices: readonly DeviceEntry[],
  users: readonly UserEntry[],
  diagnostics: Diagnostics,
): void {
  const lines = [...devices.map(describeDevice), ...users.map(describeUser)];
  diagnostics.warning(
    `Left alone: ${lines.length} created on ${describeAddress(ref)} during this run`,
    `${lines.map((l) => `  - ${l}`).join('\n')}\nThe access policy never revokes what the apply under way ` +
      'creates. If it belongs, add its id to keep_device_ids or keep_user_ids; otherwise the next plan ' +
      'reports it, and revokes it if the policy is exclusive.',
  );
}

function isMissingMailbox(error: unknown): boolean {
  return error instanceof NotFoundError && (error.resource === 'mailbox' || error.resource === 'hosting');
}

// --------------------------------------------------------------- the resource

export const accessPolicy = kit.resource({
  name: 'access_policy',
  schema: { description: DESCRIPTION, attributes },

  validateConfig({ config, diagnostics }) {
    const notExclusive = config.exclusive_devices === false || config.exclusive_devices === null;
    if (config.revoke_generic_password === true && notExclusive)
      diagnostics.attributeWarning(
        'revoke_generic_password',
        'revoke_generic_password has no effect without exclusive_devices',
        'The generic password is revoked only by an exclusive policy: set exclusive_devices = true as well.',
      );
  },

  async read({ client: ctx, state, signal, diagnostics }) {
    const ref = refOf(state);
    let snapshot: Snapshot;
    try {
      snapshot = fullSnapshot(await loadLists(ctx, ref, signal));
    } catch (error) {
      if (isMissingMailbox(error)) return { gone: true };
      reportApiError(diagnostics, error, `Could not read the devices and users of ${describeAddress(ref)}`);
      return { state };
    }
    const next: AccessPolicyModel = {
      ...state,
      id: policyId(ref),
      // Imported state has no settings yet: the defaults, so that the plan shows only real changes.
      exclusive_devices: state.exclusive_devices ?? false,
      exclusive_users: state.exclusive_users ?? false,
      revoke_generic_password: state.revoke_generic_password ?? false,
      unmanaged_devices: unkeptDevices(snapshot.devices, keepIds(state.keep_device_ids)),
      unmanaged_users: unkeptUsers(snapshot.users, keepIds(state.keep_user_ids)),
    };
    return { state: next, private: snapshotPrivate(snapshot) };
  },

  async modifyPlan({ client: ctx, config, state, plan, private: priv, signal, diagnostics }) {
    const hosting = plan.mail_hosting_id;
    const mailbox = plan.mailbox_name;
    if (isUnknown(hosting) || isUnknown(mailbox)) return;
    const ref: MailboxRef = { hosting, mailbox };
    let snapshot = state === null ? undefined : snapshotFromPrivate(priv);
    if (!snapshot) {
      try {
        snapshot = snapshotWithoutFresh(
          await loadLists(ctx, ref, signal),
          serverStart(ctx),
          ref,
          diagnostics,
        );
      } catch (error) {
        // An address created in the same apply: nothing exists to list or revoke yet.
        if (state === null && isMissingMailbox(error)) return;
        reportApiError(diagnostics, error, `Could not read the devices and users of ${describeAddress(ref)}`);
        return;
      }
    }
    const keep = { devices: keepIds(config.keep_device_ids), users: keepIds(config.keep_user_ids) };
    const exclusive = { devices: plan.exclusive_devices, users: plan.exclusive_users };
    const devices = decideDevices(snapshot.devices, {
      exclusive: exclusive.devices,
      keep: keep.devices,
      revokeGeneric: plan.revoke_generic_password,
    });
    const users = decideUsers(snapshot.users, { exclusive: exclusive.users, keep: keep.users });
    explainPlan(ref, devices, users, keep, exclusive, diagnostics);
    // A new reporting policy lists what exists when apply runs, which may differ from now:
    // known only after apply. (An exclusive one lists only survivors, which cannot grow.)
    const reportingOnCreate = (flag: unknown) => state === null && flag !== true;
    const next: AccessPolicyPlan = {
      ...plan,
      id: policyId(ref),
      unmanaged_devices: planned<'unmanaged_devices'>(
        reportingOnCreate(exclusive.devices) ? 'unknown' : devices.unmanaged,
      ),
      unmanaged_users: planned<'unmanaged_users'>(
        reportingOnCreate(exclusive.users) ? 'unknown' : users.unmanaged,
      ),
    };
    return { plan: next, private: snapshotPrivate(snapshot) };
  },

  create(req) {
    return enforce(req.client, req.plan, req.private, req.signal, req.diagnostics);
  },

  update(req) {
    return enforce(req.client, req.plan, req.private, req.signal, req.diagnostics);
  },

  delete() {
    // Deliberately nothing: the policy only ever removes access when applied.
  },

  importState({ id }) {
    const [hosting, mailbox] = parseImportId(id, policyIdForm);
    return { state: { mail_hosting_id: hosting, mailbox_name: mailbox } };
  },
});

const policyIdForm = {
  form: 'MAIL_HOSTING_ID/MAILBOX_NAME',
  example: '1234567/contact',
  parts: ['int', 'string'],
} as const;

function policyId(ref: MailboxRef): string {
  return `${ref.hosting}/${ref.mailbox}`;
}

/** A decided list, or unknown ("known after apply") when it cannot be decided yet. */
function planned<K extends 'unmanaged_devices' | 'unmanaged_users'>(
  list: readonly object[] | 'unknown',
): AccessPolicyPlan[K] {
  return (list === 'unknown' ? unknown : list) as AccessPolicyPlan[K];
}

/**
 * Apply: revoke what the plan decided (from the refreshed snapshot; on create, from the
 * lists read now), then record the planned lists — or, where the plan could not know
 * them, the lists as they are now.
 */
async function enforce(
  ctx: MailContext,
  plan: AccessPolicyPlan,
  priv: PrivateData | undefined,
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<{ state: AccessPolicyModel; private: PrivateData }> {
  const ref: MailboxRef = { hosting: plan.mail_hosting_id as number, mailbox: plan.mailbox_name as string };
  const settings = {
    exclusiveDevices: plan.exclusive_devices === true,
    exclusiveUsers: plan.exclusive_users === true,
    revokeGeneric: plan.revoke_generic_password === true,
    keepDevices: keepIds(plan.keep_device_ids),
    keepUsers: keepIds(plan.keep_user_ids),
  };
  const before =
    snapshotFromPrivate(priv) ??
    snapshotWithoutFresh(await loadOrFail(ctx, ref, signal), serverStart(ctx), ref, diagnostics);
  const devices = decideDevices(before.devices, {
    exclusive: settings.exclusiveDevices,
    keep: settings.keepDevices,
    revokeGeneric: settings.revokeGeneric,
  });
  const users = decideUsers(before.users, { exclusive: settings.exclusiveUsers, keep: settings.keepUsers });
  await revokeAll(ctx, ref, devices.revoke, users.revoke, signal);

  const after = fullSnapshot(await loadOrFail(ctx, ref, signal));
  const state: AccessPolicyModel = {
    id: policyId(ref),
    mail_hosting_id: ref.hosting,
    mailbox_name: ref.mailbox,
    exclusive_devices: settings.exclusiveDevices,
    keep_device_ids: (plan.keep_device_ids as number[] | null) ?? null,
    exclusive_users: settings.exclusiveUsers,
    keep_user_ids: (plan.keep_user_ids as number[] | null) ?? null,
    revoke_generic_password: settings.revokeGeneric,
    // Planned lists are what apply must report; lists the plan could not know are read now.
    unmanaged_devices: isUnknown(plan.unmanaged_devices)
      ? unkeptDevices(after.devices, settings.keepDevices)
      : (plan.unmanaged_devices as AccessPolicyModel['unmanaged_devices']),
    unmanaged_users: isUnknown(plan.unmanaged_users)
      ? unkeptUsers(after.users, settings.keepUsers)
      : (plan.unmanaged_users as AccessPolicyModel['unmanaged_users']),
  };
  return { state, private: snapshotPrivate(after) };
}

async function loadOrFail(ctx: MailContext, ref: MailboxRef, signal: AbortSignal): Promise<Lists> {
  try {
    return await loadLists(ctx, ref, signal);
  } catch (error) {
    return apiFailure(error, `Could not read the devices and users of ${describeAddress(ref)}`);
  }
}

/** Revokes every entry; failures are collected so one refusal does not hide the others. */
async function revokeAll(
  ctx: MailContext,
  ref: MailboxRef,
  devices: readonly DeviceEntry[],
  users: readonly UserEntry[],
  signal: AbortSignal,
): Promise<void> {
  const failures: string[] = [];
  const attempt = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      if (!isMailApiError(error) || error.kind === 'aborted') throw error;
      failures.push(`${what}: ${error.message}`);
    }
  };
  try {
    for (const d of devices)
      await attempt(describeDevice(d), () => ctx.client.devices.revoke(ref, d.access_id, { signal }));
    for (const u of users)
      await attempt(describeUser(u), () => ctx.client.webmail.remove(ref, u.user_id, { signal }));
  } finally {
    if (devices.length > 0) ctx.cache.devicesChanged(ref);
    if (users.length > 0) ctx.cache.webmailChanged(ref);
  }
  if (failures.length > 0)
    throw new DiagnosticError(
      `Could not revoke all unmanaged access to ${describeAddress(ref)}`,
      `${failures.join('\n')}\nWhat was revoked stays revoked; the next plan shows what remains.`,
    );
}
