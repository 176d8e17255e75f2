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
  attrPath,
  isUnknown,
  unknown,
  type Diagnostics,
  type PrivateData,
} from '../framework';
import type { MailboxRef } from '../infomaniak';
import { NotFoundError, NotImplementedError, isMailApiError } from '../infomaniak/errors';
import {
  decodeSnapshot,
  isMissingAddress,
  loadLists,
  snapshotFrom,
  snapshotOf,
  type DeviceEntry,
  type InvitationEntry,
  type Snapshot,
  type UserEntry,
} from './access-snapshot';
import { apiError } from './api-errors';
import { describeAddress, refOf } from './common';
import { kit, type MailContext } from './context';
import { parseImportId } from './import-id';
import {
  POLICY_DESCRIPTION,
  policyAttributes,
  type AccessPolicyModel,
  type AccessPolicyPlan,
} from './access-policy-schema';
import {
  bullets,
  count,
  decide,
  describeDevice,
  describeInvitation,
  describeUser,
  explainPlan,
  keepEmails,
  keepIds,
  type Flag,
  type Rules,
} from './access-policy-rules';

export { deviceEntry, userEntry, type DeviceEntry, type UserEntry } from './access-snapshot';
export * from './access-policy-rules';
export type { AccessPolicyModel } from './access-policy-schema';

// ---------------------------------------------------------------- snapshot

const SNAPSHOT_KEY = 'snapshot';

export function snapshotFromPrivate(data: PrivateData | undefined): Snapshot | undefined {
  return snapshotFrom(data?.[SNAPSHOT_KEY]);
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
  diagnostics.warning(
    `This apply revokes nothing on ${describeAddress(ref)}`,
    (source.kind === 'later'
      ? 'observed is known only during apply (its data source waits for a change in this apply), so this plan ' +
        'cannot say what apply would revoke.'
      : 'A new policy without observed has no snapshot that this plan and apply share, so it cannot say what ' +
        'apply would revoke.') +
      ' Nothing is revoked now; the next plan lists what the policy revokes. To revoke in the first apply, ' +
      'set observed = data.infomaniakmail_address_access.NAME.snapshot with mailbox_name given as a value.',
    'observed',
  );
}

// --------------------------------------------------------------- the resource

export const accessPolicy = kit.resource({
  name: 'access_policy',
  schema: { description: POLICY_DESCRIPTION, attributes: policyAttributes },

  validateConfig({ config, diagnostics }) {
    const notExclusive = config.exclusive_devices === false || config.exclusive_devices === null;
    if (config.revoke_generic_password === true && notExclusive)
      diagnostics.warning(
        'revoke_generic_password has no effect without exclusive_devices',
        'The generic password is revoked only by an exclusive policy: set exclusive_devices = true as well.',
        'revoke_generic_password',
      );
  },

  async read({ client: ctx, state, signal, diagnostics }) {
    const ref = refOf(state);
    let snapshot: Snapshot;
    try {
      snapshot = snapshotOf(await loadLists(ctx, ref, signal));
    } catch (error) {
      if (isMissingAddress(error)) return { gone: true };
      diagnostics.add(apiError(error, `Could not read the access to ${describeAddress(ref)}`));
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
      throw apiError(error, `Could not read the access to ${describeAddress(ref)}`);
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
