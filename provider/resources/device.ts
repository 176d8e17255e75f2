/**
 * `infomaniakmail_device`: one device password of an address (an IMAP/POP/SMTP client).
 *
 * The API shows a password once, when the device is created or regenerated; it is kept
 * only in the sensitive `password` (or never, with write-only `password_wo`). Rotation
 * regenerates in place, keeping the device id; see rotation.ts for when.
 */
import {
  attr,
  DiagnosticError,
  each,
  intRange,
  isUnknown,
  oneOf,
  requiresReplace,
  sizeBetween,
  stringLength,
  unknown,
  useStateForUnknown,
  type Diagnostics,
  type ModelOf,
  type PlanOf,
  type PrivateData,
} from '../framework';
import {
  AmbiguousCreateError,
  deviceProtocols,
  isMailApiError,
  MIN_CHOSEN_PASSWORD_LENGTH,
  NotFoundError,
  type Device,
  type DeviceProtocol,
  type DeviceWithPassword,
  type MailboxRef,
} from '../infomaniak';
import { apiFailure, reportApiError } from './api-errors';
import { addressKeyAttributes, describeAddress, refOf, rfc3339, unixSeconds } from './common';
import { kit, type MailContext } from './context';
import { ImportIdError } from './import-id';
import { decideRotation, type RegenerateReason } from './rotation';

export const DEFAULT_PROTOCOLS: readonly DeviceProtocol[] = ['imap', 'pop', 'smtp'];

/** The API's field names → this resource's attributes, for diagnostics. */
const FIELDS = { password: 'password_wo', label: 'label', protocols: 'protocols', user_id: 'user_id' };

const attributes = {
  id: attr.string({
    computed: true,
    description: '`MAIL_HOSTING_ID/MAILBOX_NAME/DEVICE_ID`, the form `terraform import` takes.',
    planModifiers: [useStateForUnknown()],
  }),
  ...addressKeyAttributes(),
  label: attr.string({
    required: true,
    description:
      'Descriptive name shown in the Infomaniak Manager, e.g. `Outlook (Alice)` or `CRM sending`. ' +
      'Changes are applied in place.',
    validators: [stringLength({ min: 1, max: 200 })],
  }),
  user_id: attr.int({
    optional: true,
    description:
      'Id of the organisation user this device belongs to; leave unset for a device "without user" ' +
      '(a shared client such as a CRM or a printer). Changing it replaces the device (new id, new password).',
    validators: [intRange(1, Number.MAX_SAFE_INTEGER)],
    planModifiers: [requiresReplace()],
  }),
  protocols: attr.set('string', {
    optional: true,
    default: [...DEFAULT_PROTOCOLS],
    description:
      `Protocols the password opens: any of ${deviceProtocols.map((p) => `\`${p}\``).join(', ')}. ` +
      'Defaults to all of them. Changing it replaces the device (new id, new password).',
    validators: [sizeBetween(1), each(oneOf(...deviceProtocols))],
    planModifiers: [requiresReplace()],
  }),
  rotation_triggers: attr.map('string', {
    optional: true,
    description:
      'Arbitrary values; when any of them changes, the password is **regenerated in place** (same ' +
      '`device_id`; the old password stops working at once). For example ' +
      '`{ quarter = "2026-Q1" }` to rotate every quarter from a scheduled pipeline.',
  }),
  rotate_after_days: attr.int({
    optional: true,
    description:
      'Regenerate the password in place once it is this many days old (counted from ' +
      "`password_changed_at`, on the service's clock). The plan then warns, naming the device and its " +
      'age. Run `terraform apply` on a schedule for this to take effect.',
    validators: [intRange(1, 3650)],
  }),
  password_wo: attr.string({
    optional: true,
    writeOnly: true,
    sensitive: true,
    description:
      `A password of your choice (at least ${MIN_CHOSEN_PASSWORD_LENGTH} characters) instead of a ` +
      'generated one. **Write-only**: never stored in state or plan (Terraform 1.11 or later); `password` ' +
      'stays null. It is sent when the device is created and whenever `password_wo_version` changes, ' +
      'so set `password_wo_version` with it.',
    validators: [stringLength({ min: MIN_CHOSEN_PASSWORD_LENGTH })],
  }),
  password_wo_version: attr.int({
    optional: true,
    description:
      'Change this number to regenerate the password in place: with `password_wo` set, the device gets ' +
      'that password; otherwise a generated one.',
  }),
  device_id: attr.number({
    computed: true,
    description: 'The device id given by the service.',
    planModifiers: [useStateForUnknown()],
  }),
  password: attr.string({
    computed: true,
    sensitive: true,
    description:
      'The generated password, known after the device is created or regenerated (the API shows it only ' +
      'then). **Sensitive.** Null after import (it cannot be read back), with `password_wo`, and after ' +
      'the password was changed outside Terraform (the plan then warns how to regenerate it). Hand it ' +
      'on only through sensitive outputs or a secret store.',
  }),
  created_at: attr.string({
    computed: true,
    description: 'When the device was created (RFC 3339, UTC).',
    planModifiers: [useStateForUnknown()],
  }),
  password_changed_at: attr.string({
    computed: true,
    description: 'When the password was last set (RFC 3339, UTC), by Terraform or by anyone else.',
  }),
};

type DeviceModel = ModelOf<typeof attributes>;
type DevicePlan = PlanOf<typeof attributes>;

/** Private state keys. */
const IMPORTED = 'imported';
const CHANGED_OUTSIDE = 'password_changed_outside_at';
const UNFINISHED = 'regenerate_unfinished';

function deviceRef(model: { mail_hosting_id: number; mailbox_name: string }): MailboxRef {
  return refOf(model);
}

function deviceName(label: string | null, id: number | null, ref: MailboxRef): string {
  return `Device "${label ?? '?'}" (id ${id ?? '?'}) on ${describeAddress(ref)}`;
}

/** What the API says about a device, over the state it refreshes. */
function withDevice(state: DeviceModel, device: Device): DeviceModel {
  return {
    ...state,
    id: `${state.mail_hosting_id}/${state.mailbox_name}/${device.id}`,
    label: device.label,
    user_id: device.user_id,
    protocols: [...device.protocols],
    device_id: device.id,
    created_at: rfc3339(device.created_at),
    password_changed_at: rfc3339(device.password_changed_at),
  };
}

/** A freshly created or regenerated device: its password is kept unless it was chosen (write-only). */
function withSecret(state: DeviceModel, device: DeviceWithPassword, chosen: boolean): DeviceModel {
  return { ...withDevice(state, device), password: chosen ? null : device.password };
}

export const deviceResource = kit.resource({
  name: 'device',
  schema: {
    description: [
      'One device password of an address: the credential an IMAP, POP or SMTP client (Outlook, a phone, a ',
      'CRM) uses. Each device can be created, regenerated or revoked without touching the others.',
      '',
      '- The generated password is known only after create or regenerate and kept only in the sensitive ',
      '  `password` (or use write-only `password_wo` to choose it and never store it).',
      '- The password is **regenerated in place** (same `device_id`, old password refused at once) when ',
      '  `rotation_triggers` change, when `password_wo_version` changes, or when `rotate_after_days` have ',
      '  passed; `label` changes in place; `user_id`, `protocols` or the address replace the device.',
      '- Destroy revokes this device only. A device revoked outside Terraform is created again by the next ',
      '  apply; a password changed outside Terraform makes the plan warn how to capture a new one.',
      '- The pre-2026 generic password of an address is not a device this resource can manage.',
      '',
      '## Import',
      '',
      'Import by `MAIL_HOSTING_ID/MAILBOX_NAME/DEVICE_ID`:',
      '',
      '```shell',
      'terraform import infomaniakmail_device.outlook 1234567/contact/7000002',
      '```',
      '',
      'The password cannot be read back, so `password` is null after import. The first apply after import ',
      'records `rotation_triggers` and `password_wo_version` without regenerating; change them later to ',
      'regenerate. Importing the generic password is refused.',
    ].join('\n'),
    attributes,
  },

  validateConfig({ config, diagnostics }) {
    if (config.password_wo !== null && config.password_wo_version === null)
      diagnostics.attributeError(
        'password_wo_version',
        'Missing "password_wo_version"',
        'Set password_wo_version together with password_wo: the chosen password is sent when the device is ' +
          'created and again each time password_wo_version changes (it is never stored, so Terraform cannot ' +
          'tell when it changed otherwise).',
      );
  },

  async modifyPlan({ client: ctx, config, state, plan, private: priv, signal, diagnostics }) {
    if (state === null) return;
    if (config.rotate_after_days !== null && !ctx.client.serverTimeKnown) {
      // Ages are measured on the service's clock, which its answers tell. terraform plans again in a
      // fresh provider process at apply time, without refreshing: ask (the list is cached per address).
      await ctx.cache.devices(deviceRef(state), signal).catch(() => undefined);
    }
    const decision = decideRotation({
      state,
      config,
      imported: priv?.[IMPORTED] === true,
      unfinished: priv?.[UNFINISHED] === true,
      nowSeconds: Math.floor(ctx.client.serverNow() / 1000),
    });
    const ref = deviceRef(state);
    const name = deviceName(state.label, state.device_id, ref);
    if (decision.reasons.length > 0) {
      if (decision.reasons.includes('rotate_after_days'))
        diagnostics.warning(
          `${name}: password is ${decision.ageDays} days old`,
          `Its password was last changed at ${state.password_changed_at}, ${decision.ageDays} days ago, and ` +
            `rotate_after_days is ${String(config.rotate_after_days)}: this apply regenerates it in place.`,
        );
      return { plan: { ...plan, password: unknown, password_changed_at: unknown } satisfies DevicePlan };
    }
    const outside = priv?.[CHANGED_OUTSIDE];
    if (typeof outside === 'string') warnChangedOutside(diagnostics, name, outside);
    // Nothing regenerates: the password and its date stay as they are (a label change keeps them).
    return {
      plan: { ...plan, password: state.password, password_changed_at: state.password_changed_at },
    };
  },

  async create({ client: ctx, config, signal, diagnostics }) {
    const ref = deviceRef(config);
    const chosen = config.password_wo !== null;
    let created: DeviceWithPassword;
    const input = {
      label: config.label,
      user_id: config.user_id,
      protocols: (config.protocols ?? DEFAULT_PROTOCOLS) as DeviceProtocol[],
      ...(chosen ? { password: config.password_wo as string } : {}),
    };
    try {
      created = await ctx.client.devices.create(ref, input, { signal });
    } catch (error) {
      const adopted =
        error instanceof AmbiguousCreateError ? await adoptMarked(ctx, ref, error, input, signal) : undefined;
      // Otherwise the client left no device it could not return (see device-create.ts): nothing to record.
      if (!adopted)
        return apiFailure(
          error,
          `Could not create device "${config.label}" on ${describeAddress(ref)}`,
          FIELDS,
        );
      created = adopted;
    } finally {
      ctx.cache.devicesChanged(ref);
    }
    const state = withSecret({ ...config, password_wo: null } as DeviceModel, created, chosen);
    if (created.label !== config.label)
      diagnostics.attributeError(
        'label',
        `Device ${created.id} was created, but its label could not be set`,
        `The device exists and its password is saved in state; its label is still "${created.label}". ` +
          'Run terraform apply again to set the label.',
      );
    return { state, private: {} };
  },

  async read({ client: ctx, state, private: priv, signal }) {
    const ref = deviceRef(state);
    let devices: readonly Device[];
    try {
      devices = await ctx.cache.devices(ref, signal);
    } catch (error) {
      // The address (and so its devices) is gone: terraform plans the device again.
      if (error instanceof NotFoundError && error.resource === 'mailbox') return { gone: true };
      return apiFailure(error, `Could not read the devices of ${describeAddress(ref)}`);
    }
    const device = devices.find((d) => d.id === state.device_id);
    if (!device) return { gone: true };
    const refreshed = withDevice(state, device);
    const before = unixSeconds(state.password_changed_at);
    if (before !== undefined && before !== device.password_changed_at) {
      // Changed outside Terraform: the stored password no longer works. Clear it and remember why.
      return {
        state: { ...refreshed, password: null },
        private: { ...(priv ?? {}), [CHANGED_OUTSIDE]: refreshed.password_changed_at },
      };
    }
    return { state: refreshed };
  },

  async update({ client: ctx, config, plan, state, private: priv, signal, diagnostics }) {
    const ref = deviceRef(state);
    const id = state.device_id as number;
    let next: DeviceModel = {
      ...state,
      rotation_triggers: config.rotation_triggers,
      rotate_after_days: config.rotate_after_days,
      password_wo_version: config.password_wo_version,
    };
    if (config.label !== state.label) {
      try {
        const relabelled = await ctx.client.devices.updateLabel(id, config.label, { signal });
        next = withDevice(next, relabelled);
      } catch (error) {
        return apiFailure(error, `Could not change the label of ${deviceName(state.label, id, ref)}`, FIELDS);
      } finally {
        ctx.cache.devicesChanged(ref);
      }
    }
    if (isUnknown(plan.password_changed_at))
      return regenerate(
        ctx,
        { ref, id, chosenPassword: config.password_wo, prior: state, next },
        signal,
        diagnostics,
      );
    // Import is settled by this first apply; a password changed outside stays flagged until regenerated.
    const outside = priv?.[CHANGED_OUTSIDE];
    return { state: next, private: typeof outside === 'string' ? { [CHANGED_OUTSIDE]: outside } : {} };
  },

  async delete({ client: ctx, state, signal }) {
    const ref = deviceRef(state);
    try {
      await ctx.client.devices.revoke(ref, state.device_id as number, { signal });
    } catch (error) {
      if (error instanceof NotFoundError && (error.resource === 'mailbox' || error.resource === 'device'))
        return;
      return apiFailure(error, `Could not revoke ${deviceName(state.label, state.device_id, ref)}`);
    } finally {
      ctx.cache.devicesChanged(ref);
    }
  },

  async importState({ client: ctx, id, signal }) {
    const key = parseDeviceId(id);
    const ref = deviceRef(key);
    let devices: readonly Device[];
    try {
      devices = await ctx.cache.devices(ref, signal);
    } catch (error) {
      return apiFailure(error, `Could not import device ${key.device_id} of ${describeAddress(ref)}`);
    }
    const device = devices.find((d) => d.id === key.device_id);
    if (!device)
      throw new DiagnosticError(
        'Cannot import a device that does not exist',
        `${describeAddress(ref)} has no device ${key.device_id}. List its devices with the ` +
          'infomaniakmail_devices data source.',
      );
    if (device.is_generic)
      throw new DiagnosticError(
        'The generic password cannot be imported',
        `Device ${device.id} of ${describeAddress(ref)} is the address's pre-2026 generic password. It can ` +
          'never be displayed or regenerated, so infomaniakmail_device cannot manage it. Give each client its ' +
          'own infomaniakmail_device, then revoke the generic password with infomaniakmail_access_policy ' +
          '(revoke_generic_password = true).',
      );
    const empty: DeviceModel = {
      ...key,
      id: null,
      label: device.label,
      user_id: null,
      protocols: null,
      rotation_triggers: null,
      rotate_after_days: null,
      password_wo: null,
      password_wo_version: null,
      device_id: null,
      password: null,
      created_at: null,
      password_changed_at: null,
    };
    return { state: withDevice(empty, device), private: { [IMPORTED]: true } };
  },
});

/**
 * Last chance after a create the client could not settle (the create may have happened and
 * the listing that should have told failed too): look once more for the device carrying the
 * create's marker and give it a password we know, so no device is left that state ignores.
 */
async function adoptMarked(
  ctx: MailContext,
  ref: MailboxRef,
  error: AmbiguousCreateError,
  input: { label: string; password?: string },
  signal: AbortSignal,
): Promise<DeviceWithPassword | undefined> {
  const marker = error.marker;
  if (!marker) return undefined;
  try {
    const marked = (await ctx.client.devices.list(ref, { signal })).filter((d) => d.label.endsWith(marker));
    if (marked.length === 0) return undefined;
    const [keep, ...extras] = marked.sort((a, b) => a.created_at - b.created_at || a.id - b.id);
    for (const extra of extras) await ctx.client.devices.revoke(ref, extra.id, { signal });
    const regenerated = await ctx.client.devices.regenerate(ref, keep.id, {
      signal,
      password: input.password,
    });
    try {
      return {
        ...regenerated,
        ...(await ctx.client.devices.updateLabel(keep.id, input.label, { signal })),
        password: regenerated.password,
      };
    } catch {
      // The label is fixed by the next apply; the password is what matters now.
      return regenerated;
    }
  } catch {
    return undefined;
  }
}

interface Regeneration {
  readonly ref: MailboxRef;
  readonly id: number;
  readonly chosenPassword: string | null;
  /** State before this apply, and the state to record when the regenerate succeeds. */
  readonly prior: DeviceModel;
  readonly next: DeviceModel;
}

async function regenerate(
  ctx: MailContext,
  { ref, id, chosenPassword, prior, next }: Regeneration,
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<{ state: DeviceModel; private: PrivateData }> {
  try {
    const regenerated = await ctx.client.devices.regenerate(ref, id, {
      signal,
      ...(chosenPassword !== null ? { password: chosenPassword } : {}),
    });
    return { state: withSecret(next, regenerated, chosenPassword !== null), private: {} };
  } catch (error) {
    if (!isMailApiError(error) || !error.mayHaveCommitted) {
      // Nothing changed on the service: keep the old password, and the settings that asked for a new
      // one as they were, so the next plan proposes the regenerate again.
      reportApiError(
        diagnostics,
        error,
        `Could not regenerate the password of ${deviceName(next.label, id, ref)}`,
        FIELDS,
      );
      return {
        state: {
          ...next,
          rotation_triggers: prior.rotation_triggers,
          password_wo_version: prior.password_wo_version,
        },
        private: {},
      };
    }
    // The password may have changed without us learning it: do not keep one that may be dead.
    reportApiError(
      diagnostics,
      error,
      `The password of ${deviceName(next.label, id, ref)} may have been regenerated without an answer`,
      FIELDS,
    );
    return { state: { ...next, password: null }, private: { [UNFINISHED]: true } };
  } finally {
    ctx.cache.devicesChanged(ref);
  }
}

function warnChangedOutside(diagnostics: Diagnostics, name: string, at: string): void {
  diagnostics.warning(
    `${name}: password changed outside Terraform`,
    `Its password was regenerated outside Terraform at ${at}, so the password in state no longer works and ` +
      'was cleared. To capture a new one, let Terraform regenerate it: change rotation_triggers (or ' +
      "password_wo_version), or run terraform apply -replace=ADDRESS with this resource's address.",
  );
}

/** `1234567/contact/7000002` → key attributes; an ImportIdError naming the expected form otherwise. */
export function parseDeviceId(id: string): {
  mail_hosting_id: number;
  mailbox_name: string;
  device_id: number;
} {
  const match = /^(\d+)\/([^/\s]+)\/(\d+)$/.exec(id.trim());
  if (!match)
    throw new ImportIdError(id, 'MAIL_HOSTING_ID/MAILBOX_NAME/DEVICE_ID', '1234567/contact/7000002');
  return { mail_hosting_id: Number(match[1]), mailbox_name: match[2], device_id: Number(match[3]) };
}

export type { RegenerateReason };
