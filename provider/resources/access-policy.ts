/**
 * infomaniakmail_access_policy: the authoritative view of one address. The plan names
 * every device access, user and invitation that apply will revoke (`devices_to_revoke`,
 * `users_to_remove`, `invitations_to_withdraw`), and apply revokes exactly those.
 *
 * Terraform plans twice: once for the plan people review, once more during apply (in a
 * new provider process), and it refuses a second plan that differs from the first. It
 * never hands the provider the saved plan, so the lists are computed from something both
 * plans see alike, a snapshot of the address (access-snapshot.ts):
 * - `observed`, the snapshot an `infomaniakmail_address_access` data source read while
 *   planning (terraform keeps it in the saved plan); it serves a new policy too;
 * - otherwise, on update, the snapshot the refresh stored in private state.
 * A new policy without `observed` has no snapshot both plans share: it revokes nothing in
 * the apply that creates it, and says so; the next plan lists what it will revoke.
 *
 * Keep ids not known at plan time (devices created by the same apply) are taken as
 * Devices that do not exist yet, so the lists stay known; should one turn out at apply to
 * name a listed access, that access is kept, with a warning. Refresh sets the three lists
 * to `[]` (nothing is pending), so the plan after an apply is empty.
 */
import {
  DiagnosticError,
  attr,
  attrPath,
  each,
  intRange,
  isUnknown,
  stringMatches,
  unknown,
  useStateForUnknown,
  type Diagnostics,
  type ModelOf,
  type PlanOf,
  type PrivateData,
} from '../framework';
import { NotFoundError, NotImplementedError, isMailApiError, type MailboxRef } from '../infomaniak';
import {
  decodeSnapshot,
  deviceEntryAttributes,
  invitationEntryAttributes,
  isMissingAddress,
  loadLists,
  snapshotOf,
  snapshotSchema,
  userEntryAttributes,
  type DeviceEntry,
  type InvitationEntry,
  type Snapshot,
  type UserEntry,
} from './access-snapshot';
import { apiFailure, reportApiError } from './api-errors';
import { addressKeyAttributes, describeAddress, refOf } from './common';
import { kit, type MailContext } from './context';
import { parseImportId } from './import-id';

export { deviceEntry, userEntry, type DeviceEntry, type UserEntry } from './access-snapshot';

// ------------------------------------------------------------------- schema

const idsAttribute = (description: string) =>
  attr.set('number', {
    optional: true,
    description,
    validators: [each(intRange(1, Number.MAX_SAFE_INTEGER))],
  });

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

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
      'When true, apply revokes every device access of the address whose Device is not in ' +
      '`keep_device_ids` — except the generic password, unless `revoke_generic_password` is true. ' +
      '`devices_to_revoke` names each one in the plan.',
  }),
  keep_device_ids: idsAttribute(
    'Device ids (`device_id`) this policy accepts: never revoked. Typically ' +
      '`[for d in infomaniakmail_device.all : d.device_id]`. Ids known only after apply (Devices created by ' +
      'the same apply) are taken as Devices that do not exist yet.',
  ),
  exclusive_users: attr.bool({
    default: false,
    description:
      'When true, apply removes the access of every user of the address that is not in `keep_user_ids`, ' +
      'and withdraws every pending invitation whose `sent_to` is not in `keep_invitation_emails` (an ' +
      'unaccepted link is live access). `users_to_remove` and `invitations_to_withdraw` name each one.',
  }),
  keep_user_ids: idsAttribute(
    'Ids of the users this policy accepts: their access is never removed. Typically the `user_id` of the ' +
      '`infomaniakmail_user_access` resources of the address.',
  ),
  keep_invitation_emails: attr.set('string', {
    optional: true,
    description:
      'Emails of the invitations this policy accepts (compared case-insensitively): typically the `email` of ' +
      'the `infomaniakmail_user_access` invitations of the address. Once accepted, an invitation becomes a ' +
      'user access with that email, which stays kept too.',
    validators: [each(stringMatches(EMAIL, 'Must be an email address, e.g. "alice@example.ch".'))],
  }),
  revoke_generic_password: attr.bool({
    default: false,
    description:
      'With `exclusive_devices`, also revoke the pre-2026 generic password of the address (anything still ' +
      'logging in with it stops working). Without it, the generic password stays and remains listed in ' +
      '`unmanaged_devices`, and every plan says so.',
  }),
  observed: attr.string({
    optional: true,
    writeOnly: true,
    description:
      'The `snapshot` of an `infomaniakmail_address_access` data source of this address. The lists are then ' +
      'planned from what that data source read, which the saved plan keeps: a new policy names its ' +
      'revocations in its first plan, and apply revokes exactly them. **Write-only** (Terraform 1.11 or ' +
      'later): it is never stored and never shows as a change. Without it, a new policy revokes nothing in ' +
      'the apply that creates it (the next plan lists what it will revoke).',
  }),
  devices_to_revoke: attr.listNested(deviceEntryAttributes, {
    computed: true,
    description:
      'The device accesses this apply revokes, by access id: known in the plan, so a reviewer or a policy ' +
      'tool (`terraform show -json`) reads them. Empty after the refresh that follows (nothing pending).',
  }),
  users_to_remove: attr.listNested(userEntryAttributes, {
    computed: true,
    description:
      'The users whose access this apply removes, by user id. Empty after the refresh that follows.',
  }),
  invitations_to_withdraw: attr.listNested(invitationEntryAttributes, {
    computed: true,
    description:
      'The pending invitations this apply withdraws, by key. Empty after the refresh that follows.',
  }),
  unmanaged_devices: attr.listNested(deviceEntryAttributes, {
    computed: true,
    description:
      'Device accesses of the address whose Device is not in `keep_device_ids` and that stay after apply ' +
      '(a reporting policy lists every stray here; an exclusive one only the generic password it keeps).',
  }),
  unmanaged_users: attr.listNested(userEntryAttributes, {
    computed: true,
    description: 'Users with access to the address who are not in `keep_user_ids` and keep it after apply.',
  }),
};

export type AccessPolicyModel = ModelOf<typeof attributes>;
type AccessPolicyPlan = PlanOf<typeof attributes>;

const DESCRIPTION = `The authoritative view of one address: which device accesses, users and invitations exist beyond
those Terraform keeps, and, when the policy is exclusive, their revocation.

- **Reporting** (the default): nothing is revoked; \`unmanaged_devices\` and \`unmanaged_users\` list the
  strays and every plan warns about them.
- **Exclusive** (\`exclusive_devices\`, \`exclusive_users\`): the plan lists in \`devices_to_revoke\`,
  \`users_to_remove\` and \`invitations_to_withdraw\` every entry apply will revoke (and a warning names
  them); apply revokes exactly those and never a kept one. An entry already gone is fine; one that appears
  after the plan is left alone and shows in the next plan. The pre-2026 generic password is revoked only
  with \`revoke_generic_password = true\`.

The lists come from a snapshot of the address that the plan and apply share:

- with \`observed = data.infomaniakmail_address_access.NAME.snapshot\`, from what that data source read
  while planning, also for a new policy (the CDKTF constructs wire this);
- otherwise from what the refresh read, which a new policy does not have: it revokes nothing in the apply
  that creates it, and the next plan lists what it will revoke.

\`keep_device_ids\` may name Devices created in the same apply (ids not known at plan time): they are taken
as Devices that do not exist yet, and a kept Device is never revoked. Destroying the policy revokes nothing.

\`\`\`terraform
data "infomaniakmail_address_access" "contact" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
}

resource "infomaniakmail_access_policy" "contact" {
  mail_hosting_id        = 1234567
  mailbox_name           = "contact"
  exclusive_devices      = true
  keep_device_ids        = [infomaniakmail_device.outlook.device_id]
  exclusive_users        = true
  keep_user_ids          = [infomaniakmail_user_access.alice.user_id]
  keep_invitation_emails = [infomaniakmail_user_access.guest.email]
  observed               = data.infomaniakmail_address_access.contact.snapshot
}
\`\`\`

## Import

Import by \`MAIL_HOSTING_ID/MAILBOX_NAME\`:

\`\`\`shell
terraform import infomaniakmail_access_policy.contact 1234567/contact
\`\`\`

The settings start at their defaults (reporting only): the first apply after import records the configured ones,
and revokes what the plan names if the configuration is exclusive.`;

// ------------------------------------------------------------------ the core

/** Known ids (or emails), and whether some are not known yet. */
export interface Keep<T> {
  readonly known: ReadonlySet<T>;
  readonly hasUnknown: boolean;
}

export function keepOf<T>(value: unknown, normalise: (v: unknown) => T | undefined): Keep<T> {
  if (value === null || value === undefined) return { known: new Set(), hasUnknown: false };
  if (!Array.isArray(value)) return { known: new Set(), hasUnknown: true };
  const known = new Set<T>();
  let hasUnknown = false;
  for (const v of value as unknown[]) {
    const n = normalise(v);
    if (n === undefined) hasUnknown = true;
    else known.add(n);
  }
  return { known, hasUnknown };
}

export const keepIds = (value: unknown) => keepOf(value, (v) => (typeof v === 'number' ? v : undefined));
export const keepEmails = (value: unknown) =>
  keepOf(value, (v) => (typeof v === 'string' ? v.toLowerCase() : undefined));

type Flag = boolean | null | { toString(): string };

export interface Rules {
  readonly exclusiveDevices: Flag;
  readonly exclusiveUsers: Flag;
  readonly revokeGeneric: Flag;
  readonly keepDevices: Keep<number>;
  readonly keepUsers: Keep<number>;
  readonly keepInvitations: Keep<string>;
}

/** What apply revokes and what stays unmanaged; 'unknown' where a flag is not known yet. */
export interface Decision {
  readonly devicesToRevoke: DeviceEntry[] | 'unknown';
  readonly usersToRemove: UserEntry[] | 'unknown';
  readonly invitationsToWithdraw: InvitationEntry[] | 'unknown';
  readonly unmanagedDevices: DeviceEntry[] | 'unknown';
  readonly unmanagedUsers: UserEntry[] | 'unknown';
}

export function decide(snapshot: Snapshot, rules: Rules): Decision {
  const strayDevices = snapshot.devices.filter((d) => !rules.keepDevices.known.has(d.device_id));
  // An accepted invitation becomes a user access with the invited email: still kept.
  const strayUsers = snapshot.users.filter(
    (u) => !rules.keepUsers.known.has(u.user_id) && !rules.keepInvitations.known.has(u.email.toLowerCase()),
  );
  const strayInvitations = snapshot.invitations.filter(
    (i) => i.sent_to === null || !rules.keepInvitations.known.has(i.sent_to.toLowerCase()),
  );
  const known = (f: Flag): f is boolean => typeof f === 'boolean' || f === null;
  let devicesToRevoke: DeviceEntry[] | 'unknown';
  if (!known(rules.exclusiveDevices)) devicesToRevoke = strayDevices.length > 0 ? 'unknown' : [];
  else if (rules.exclusiveDevices !== true) devicesToRevoke = [];
  else if (known(rules.revokeGeneric))
    devicesToRevoke = strayDevices.filter((d) => !d.is_generic || rules.revokeGeneric === true);
  else devicesToRevoke = strayDevices.some((d) => d.is_generic) ? 'unknown' : strayDevices;

  const byUsers = <T>(strays: T[]): T[] | 'unknown' =>
    !known(rules.exclusiveUsers)
      ? strays.length > 0
        ? 'unknown'
        : []
      : rules.exclusiveUsers === true
        ? strays
        : [];
  const usersToRemove = byUsers(strayUsers);
  const invitationsToWithdraw = byUsers(strayInvitations);

  const remaining = <T>(strays: T[], gone: T[] | 'unknown'): T[] | 'unknown' =>
    gone === 'unknown' ? 'unknown' : strays.filter((s) => !gone.includes(s));
  return {
    devicesToRevoke,
    usersToRemove,
    invitationsToWithdraw,
    unmanagedDevices: remaining(strayDevices, devicesToRevoke),
    unmanagedUsers: remaining(strayUsers, usersToRemove),
  };
}

// ------------------------------------------------------------------- texts

export function describeDevice(d: DeviceEntry): string {
  const owner = d.is_generic ? ', the generic password' : d.user_id === null ? '' : `, user ${d.user_id}`;
  return `device ${d.device_id} "${d.label}" (access ${d.access_id})${owner}`;
}

export function describeUser(u: UserEntry): string {
  return `user ${u.user_id} ${u.display_name} <${u.email}>`;
}

export function describeInvitation(i: InvitationEntry): string {
  return `invitation ${i.key} ${i.sent_to === null ? '(never sent)' : `sent to ${i.sent_to}`}, expires ${i.expires_at}`;
}

function bullets<T>(items: readonly T[], describe: (t: T) => string): string {
  return items.map((i) => `  - ${describe(i)}`).join('\n');
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

const UNKNOWN_KEEP_NOTE =
  '\nSome keep entries are known only at apply: they are taken as Devices or people that do not exist ' +
  'yet; should one turn out to name an entry listed here, apply keeps it.';

/** The plan's words: what apply will revoke, and what stays unmanaged. */
export function explainPlan(ref: MailboxRef, d: Decision, rules: Rules, diagnostics: Diagnostics): void {
  const where = describeAddress(ref);
  const unknownKeep =
    rules.keepDevices.hasUnknown || rules.keepUsers.hasUnknown || rules.keepInvitations.hasUnknown;
  const note = unknownKeep ? UNKNOWN_KEEP_NOTE : '';
  if (Array.isArray(d.devicesToRevoke) && d.devicesToRevoke.length > 0)
    diagnostics.attributeWarning(
      'devices_to_revoke',
      `Apply will revoke ${count(d.devicesToRevoke.length, 'device')} of ${where}`,
      `Not in keep_device_ids, so revoked by this exclusive policy:\n${bullets(d.devicesToRevoke, describeDevice)}${note}`,
    );
  if (Array.isArray(d.usersToRemove) && d.usersToRemove.length > 0)
    diagnostics.attributeWarning(
      'users_to_remove',
      `Apply will remove the access of ${count(d.usersToRemove.length, 'user')} to ${where}`,
      `Not in keep_user_ids, so removed by this exclusive policy:\n${bullets(d.usersToRemove, describeUser)}${note}`,
    );
  if (Array.isArray(d.invitationsToWithdraw) && d.invitationsToWithdraw.length > 0)
    diagnostics.attributeWarning(
      'invitations_to_withdraw',
      `Apply will withdraw ${count(d.invitationsToWithdraw.length, 'invitation')} to ${where}`,
      'Not in keep_invitation_emails, so withdrawn by this exclusive policy (an unaccepted link is live ' +
        `access):\n${bullets(d.invitationsToWithdraw, describeInvitation)}${note}`,
    );
  const devices = Array.isArray(d.unmanagedDevices) ? d.unmanagedDevices : [];
  const users = Array.isArray(d.unmanagedUsers) ? d.unmanagedUsers : [];
  const generic = devices.filter((x) => x.is_generic);
  if (rules.exclusiveDevices === true && generic.length > 0)
    diagnostics.attributeWarning(
      'revoke_generic_password',
      `The generic password of ${where} stays valid`,
      `exclusive_devices does not revoke the pre-2026 generic password (${generic.map(describeDevice).join(', ')}). ` +
        'Set revoke_generic_password = true to revoke it: anything still logging in with it stops working.',
    );
  if (rules.exclusiveDevices === false && devices.length > 0)
    diagnostics.attributeWarning(
      'keep_device_ids',
      `${count(devices.length, 'device')} of ${where} ${devices.length === 1 ? 'is' : 'are'} not managed by Terraform`,
      `${bullets(devices, describeDevice)}\nAdd their Device ids to keep_device_ids to accept them, or set ` +
        'exclusive_devices = true to revoke them.',
    );
  if (rules.exclusiveUsers === false && users.length > 0)
    diagnostics.attributeWarning(
      'keep_user_ids',
      `${count(users.length, 'user')} with access to ${where} ${users.length === 1 ? 'is' : 'are'} not managed by Terraform`,
      `${bullets(users, describeUser)}\nAdd their ids to keep_user_ids to accept them, or set ` +
        'exclusive_users = true to remove their access.',
    );
}

// ---------------------------------------------------------------- snapshot

const SNAPSHOT_KEY = 'snapshot';

export function snapshotFromPrivate(data: PrivateData | undefined): Snapshot | undefined {
  const parsed = snapshotSchema.safeParse(data?.[SNAPSHOT_KEY]);
  return parsed.success ? parsed.data : undefined;
}

function snapshotPrivate(snapshot: Snapshot): PrivateData {
  return { [SNAPSHOT_KEY]: snapshot };
}

/** Where the plan takes its snapshot from; see the file comment. */
type Source =
  | { readonly kind: 'snapshot'; readonly snapshot: Snapshot }
  /** `observed` is set but known only at apply (its data source waits for a pending change). */
  | { readonly kind: 'later' }
  /** A new policy without `observed`. */
  | { readonly kind: 'none' };

function sourceOf(observed: unknown, priv: PrivateData | undefined, isNew: boolean): Source {
  if (isUnknown(observed)) return { kind: 'later' };
  if (typeof observed === 'string') {
    const snapshot = decodeSnapshot(observed);
    if (snapshot) return { kind: 'snapshot', snapshot };
    throw new DiagnosticError(
      'Invalid "observed"',
      'observed takes the `snapshot` attribute of an infomaniakmail_address_access data source of this ' +
        'address, as it is: observed = data.infomaniakmail_address_access.NAME.snapshot',
      attrPath('observed'),
    );
  }
  const stored = isNew ? undefined : snapshotFromPrivate(priv);
  return stored ? { kind: 'snapshot', snapshot: stored } : { kind: 'none' };
}

function rulesOf(p: {
  exclusive_devices: unknown;
  exclusive_users: unknown;
  revoke_generic_password: unknown;
  keep_device_ids: unknown;
  keep_user_ids: unknown;
  keep_invitation_emails: unknown;
}): Rules {
  return {
    exclusiveDevices: p.exclusive_devices as Flag,
    exclusiveUsers: p.exclusive_users as Flag,
    revokeGeneric: p.revoke_generic_password as Flag,
    keepDevices: keepIds(p.keep_device_ids),
    keepUsers: keepIds(p.keep_user_ids),
    keepInvitations: keepEmails(p.keep_invitation_emails),
  };
}

const planned = <T>(list: T[] | 'unknown'): T[] => (list === 'unknown' ? (unknown as unknown as T[]) : list);

function warnNothingRevoked(ref: MailboxRef, source: Source, rules: Rules, diagnostics: Diagnostics): void {
  if (rules.exclusiveDevices !== true && rules.exclusiveUsers !== true) return;
  diagnostics.attributeWarning(
    'observed',
    `This apply revokes nothing on ${describeAddress(ref)}`,
    (source.kind === 'later'
      ? 'observed is known only during apply (its data source waits for a change in this apply), so this plan ' +
        'cannot say what apply would revoke.'
      : 'A new policy without observed has no snapshot that this plan and apply share, so it cannot say what ' +
        'apply would revoke.') +
      ' Nothing is revoked now; the next plan lists what the policy revokes. To revoke in the first apply, ' +
      'set observed = data.infomaniakmail_address_access.NAME.snapshot with mailbox_name given as a value.',
  );
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
      snapshot = snapshotOf(await loadLists(ctx, ref, signal));
    } catch (error) {
      if (isMissingAddress(error)) return { gone: true };
      reportApiError(diagnostics, error, `Could not read the access to ${describeAddress(ref)}`);
      return { state };
    }
    // Imported state has no settings yet: the defaults, so that the plan shows only real changes.
    const settings = {
      exclusive_devices: state.exclusive_devices ?? false,
      exclusive_users: state.exclusive_users ?? false,
      revoke_generic_password: state.revoke_generic_password ?? false,
    };
    const d = decide(snapshot, rulesOf({ ...state, ...settings }));
    const next: AccessPolicyModel = {
      ...state,
      ...settings,
      id: policyId(ref),
      // Nothing is pending between applies: a plan that lists entries is a change.
      devices_to_revoke: [],
      users_to_remove: [],
      invitations_to_withdraw: [],
      unmanaged_devices: known(d.unmanagedDevices),
      unmanaged_users: known(d.unmanagedUsers),
    };
    return { state: next, private: snapshotPrivate(snapshot) };
  },

  async modifyPlan({ config, state, plan, private: priv, diagnostics }) {
    const hosting = plan.mail_hosting_id;
    const mailbox = plan.mailbox_name;
    if (isUnknown(hosting) || isUnknown(mailbox)) return;
    const ref: MailboxRef = { hosting, mailbox };
    const rules = rulesOf({
      ...plan,
      keep_device_ids: config.keep_device_ids,
      keep_user_ids: config.keep_user_ids,
    });
    const source = sourceOf(config.observed, priv, state === null);
    if (source.kind !== 'snapshot') {
      warnNothingRevoked(ref, source, rules, diagnostics);
      const next: AccessPolicyPlan = {
        ...plan,
        id: policyId(ref),
        devices_to_revoke: [],
        users_to_remove: [],
        invitations_to_withdraw: [],
        unmanaged_devices: state === null ? planned<DeviceEntry>('unknown') : plan.unmanaged_devices,
        unmanaged_users: state === null ? planned<UserEntry>('unknown') : plan.unmanaged_users,
      };
      return { plan: next, private: {} };
    }
    const d = decide(source.snapshot, rules);
    explainPlan(ref, d, rules, diagnostics);
    const next: AccessPolicyPlan = {
      ...plan,
      id: policyId(ref),
      devices_to_revoke: planned(d.devicesToRevoke),
      users_to_remove: planned(d.usersToRemove),
      invitations_to_withdraw: planned(d.invitationsToWithdraw),
      unmanaged_devices: planned(d.unmanagedDevices),
      unmanaged_users: planned(d.unmanagedUsers),
    };
    return { plan: next, private: snapshotPrivate(source.snapshot) };
  },

  create(req) {
    return enforce(req.client, req.config, req.plan, req.private, req.signal, req.diagnostics);
  },

  update(req) {
    return enforce(req.client, req.config, req.plan, req.private, req.signal, req.diagnostics);
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

function known<T>(list: T[] | 'unknown'): T[] {
  return list === 'unknown' ? [] : list;
}

/**
 * Apply: revoke exactly what the plan listed (minus anything a keep entry known only now
 * names), then record the lists as planned.
 */
async function enforce(
  ctx: MailContext,
  config: AccessPolicyModel,
  plan: AccessPolicyPlan,
  priv: PrivateData | undefined,
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<{ state: AccessPolicyModel; private: PrivateData }> {
  const ref: MailboxRef = { hosting: config.mail_hosting_id, mailbox: config.mailbox_name };
  const rules = rulesOf(config);
  const lists = {
    devices: plan.devices_to_revoke as DeviceEntry[],
    users: plan.users_to_remove as UserEntry[],
    invitations: plan.invitations_to_withdraw as InvitationEntry[],
  };
  const spared = {
    devices: lists.devices.filter((d) => rules.keepDevices.known.has(d.device_id)),
    users: lists.users.filter(
      (u) => rules.keepUsers.known.has(u.user_id) || rules.keepInvitations.known.has(u.email.toLowerCase()),
    ),
    invitations: lists.invitations.filter(
      (i) => i.sent_to !== null && rules.keepInvitations.known.has(i.sent_to.toLowerCase()),
    ),
  };
  warnSpared(ref, spared, diagnostics);
  await revokeAll(
    ctx,
    ref,
    {
      devices: lists.devices.filter((d) => !spared.devices.includes(d)),
      users: lists.users.filter((u) => !spared.users.includes(u)),
      invitations: lists.invitations.filter((i) => !spared.invitations.includes(i)),
    },
    signal,
    diagnostics,
  );

  let unmanagedDevices = plan.unmanaged_devices as DeviceEntry[];
  let unmanagedUsers = plan.unmanaged_users as UserEntry[];
  let after = snapshotFromPrivate(priv);
  if (isUnknown(plan.unmanaged_devices) || isUnknown(plan.unmanaged_users)) {
    // A new policy without a snapshot: what stays unmanaged is read now.
    try {
      after = snapshotOf(await loadLists(ctx, ref, signal));
    } catch (error) {
      return apiFailure(error, `Could not read the access to ${describeAddress(ref)}`);
    }
    const d = decide(after, { ...rules, exclusiveDevices: false, exclusiveUsers: false });
    if (isUnknown(plan.unmanaged_devices)) unmanagedDevices = known(d.unmanagedDevices);
    if (isUnknown(plan.unmanaged_users)) unmanagedUsers = known(d.unmanagedUsers);
  }
  const state: AccessPolicyModel = {
    id: policyId(ref),
    mail_hosting_id: ref.hosting,
    mailbox_name: ref.mailbox,
    exclusive_devices: config.exclusive_devices ?? false,
    keep_device_ids: config.keep_device_ids,
    exclusive_users: config.exclusive_users ?? false,
    keep_user_ids: config.keep_user_ids,
    keep_invitation_emails: config.keep_invitation_emails,
    revoke_generic_password: config.revoke_generic_password ?? false,
    observed: null,
    devices_to_revoke: lists.devices,
    users_to_remove: lists.users,
    invitations_to_withdraw: lists.invitations,
    unmanaged_devices: unmanagedDevices,
    unmanaged_users: unmanagedUsers,
  };
  return { state, private: after ? snapshotPrivate(after) : {} };
}

function warnSpared(
  ref: MailboxRef,
  spared: { devices: DeviceEntry[]; users: UserEntry[]; invitations: InvitationEntry[] },
  diagnostics: Diagnostics,
): void {
  const lines = [
    ...spared.devices.map(describeDevice),
    ...spared.users.map(describeUser),
    ...spared.invitations.map(describeInvitation),
  ];
  if (lines.length === 0) return;
  diagnostics.warning(
    `Kept: ${count(lines.length, 'entry')} the plan listed for revocation on ${describeAddress(ref)}`,
    `${bullets(lines, (l) => l)}\nA keep entry known only now names ${lines.length === 1 ? 'it' : 'them'}: a kept ` +
      'entry is never revoked.',
  );
}

/** Revokes every entry; failures are collected so one refusal does not hide the others. */
async function revokeAll(
  ctx: MailContext,
  ref: MailboxRef,
  targets: { devices: DeviceEntry[]; users: UserEntry[]; invitations: InvitationEntry[] },
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<void> {
  const failures: string[] = [];
  const attempt = async (what: string, action: () => Promise<void>) => {
    try {
      await action();
    } catch (error) {
      // Already gone: what the plan wanted.
      if (error instanceof NotFoundError) return;
      if (error instanceof NotImplementedError && what.startsWith('invitation')) {
        diagnostics.warning(
          `Could not withdraw ${what} of ${describeAddress(ref)}`,
          `${error.message} Its link stays valid until it expires.`,
        );
        return;
      }
      if (!isMailApiError(error) || error.kind === 'aborted') throw error;
      failures.push(`${what}: ${error.message}`);
    }
  };
  try {
    for (const d of targets.devices)
      await attempt(describeDevice(d), () => ctx.client.devices.revoke(ref, d.access_id, { signal }));
    for (const u of targets.users)
      await attempt(describeUser(u), () => ctx.client.webmail.remove(ref, u.user_id, { signal }));
    for (const i of targets.invitations)
      await attempt(describeInvitation(i), () =>
        ctx.client.webmail.withdrawInvitation(ref, i.key, { signal }),
      );
  } finally {
    if (targets.devices.length > 0) ctx.cache.devicesChanged(ref);
    if (targets.users.length + targets.invitations.length > 0) ctx.cache.webmailChanged(ref);
  }
  if (failures.length > 0)
    throw new DiagnosticError(
      `Could not revoke all unmanaged access to ${describeAddress(ref)}`,
      `${failures.join('\n')}\nWhat was revoked stays revoked; the next plan shows what remains.`,
    );
}
