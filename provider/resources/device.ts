/**
 * `infomaniakmail_device`: one device access, i.e. one password of one Device (Alice's
 * phone, a CRM) for one address.
 *
 * The API shows a password once, when the access is created or regenerated; it is kept
 * only in the sensitive `password`, or with `secret_recipients` only sealed to those keys
 * (device-secret.ts). Rotation regenerates in place, keeping the access;
 * see rotation.ts for when. The label belongs to the Device, so a resource that gives
 * this address to an existing Device (`device_id`) follows that Device's label.
 */
import { DiagnosticError, isUnknown, unknown, type Diagnostics, type PrivateData } from '../framework';
import type { DeviceAccess, DeviceProtocol, DeviceType, MailboxRef, NewDeviceAccess } from '../infomaniak';
import { DEFAULT_DEVICE_PROTOCOLS, errorCodes } from '../infomaniak/api-rules';
import { AmbiguousCreateError, CreatedButUnreadError } from '../infomaniak/create-errors';
import { isMailApiError, NotFoundError } from '../infomaniak/errors';
import { isGenericPassword } from '../infomaniak/model';
import { apiError, type ErrorTargets } from './api-errors';
import { describeAddress, refOf } from './common';
import { kit, type MailContext } from './context';
import { parseImportId } from './import-id';
import {
  deviceAttributes,
  deviceIdForm,
  deviceName,
  withAccess,
  type DeviceModel,
  type DevicePlan,
} from './device-schema';
import { explainReplacement, replacedBy, warnDuplicateLabel, warnRegeneration } from './device-notes';

export { deviceIdForm };
import { decideRotation, type RegenerateReason } from './rotation';
import { sealerFor, validateRecipients, type Sealer } from './secret-recipients';
import {
  carried,
  FLAGGED_SINCE,
  IMPORT_PENDING,
  IMPORTED_AT,
  nowRfc3339,
  UNFINISHED,
  UNREAD,
} from './device-private';
import { passwordFields, plannedFingerprint, plannedSecret } from './device-secret';
import { findUnread, keepAmbiguous, keepUnread } from './device-unread';

/** The create's own refusals, on the attribute that caused them. */
const CREATE_TARGETS: ErrorTargets = {
  codes: {
    [errorCodes.deviceAlreadyHasAccess]: 'device_id',
    [errorCodes.legacyDeviceCreation]: 'device_id',
    [errorCodes.existingDeviceOneUser]: 'user_id',
  },
};
const LABEL_TARGETS: ErrorTargets = { codes: { [errorCodes.deviceAlreadyExists]: 'label' } };

export const deviceResource = kit.resource({
  name: 'device',
  schema: {
    description: [
      'One device access: the password one Device (an IMAP / POP client with SMTP: Outlook, a phone, a CRM) ',
      'uses for one address. Each access can be created, regenerated or revoked without touching the others.',
      '',
      '- The generated password is known only after create or regenerate and kept only in the sensitive ',
      '  `password`. The API takes no chosen password (the Manager does; the API does not).',
      '- With `secret_recipients` (here or in the provider block: age or OpenPGP public keys) it is not kept ',
      '  at all: it is encrypted the moment the API answers, `password` stays null in state, plans and logs, ',
      '  and `encrypted_password` holds the ciphertext, which only the key holders open ',
      '  (`infomaniak-mail decrypt`, `age -d`, `gpg -d`). See [Encrypted passwords](../guides/encrypted-passwords.md).',
      '- The password is **regenerated in place** (same access, old password refused at once) when ',
      '  `rotation_triggers` change, when `rotate_after_days` have passed, or (with `rotate_when_flagged`) ',
      '  when Infomaniak flags it as leaked or spamming. `label` changes in place (it renames the Device); ',
      '  `protocols`, `type`, `user_id`, `device_id` or the address replace the access.',
      '- Destroy revokes this access only. An access revoked outside Terraform is created again by the next ',
      '  apply. A password regenerated in the Manager is invisible to the API: the one in state then no ',
      '  longer works; change `rotation_triggers` to capture a new one.',
      '- The pre-2026 generic password of an address is listed like a device (`type = "legacy"`) but is not ',
      '  one this resource can manage.',
      '- When the API fails in the middle of a create, nothing is forgotten: the client finds what it made. If ',
      '  even that fails, the apply ends with an error and the device is kept **tainted**: with its password ',
      '  when the API answered one ("created ... but could not be read back"), without when it did not ',
      '  ("may have been created"). The next refresh finds the access by its label, and the next apply ',
      '  revokes it and creates the device again, so no access is left that state does not know.',
      '',
      '## Import',
      '',
      'Import by `MAIL_HOSTING_ID/MAILBOX_NAME/ACCESS_ID`:',
      '',
      '```shell',
      'terraform import infomaniakmail_device.outlook 1234567/contact/8000002',
      '```',
      '',
      'The password cannot be read back, so `password` and `password_set_at` are null after import and ',
      '`rotate_after_days` counts from the import (never an immediate regeneration of a password a live ',
      'client uses). The first apply after import records `rotation_triggers` without regenerating; change ',
      'them later to regenerate. Importing the generic password is refused.',
    ].join('\n'),
    attributes: deviceAttributes,
  },

  async validateConfig({ config, diagnostics }) {
    if (config.device_id === null && config.label === null)
      diagnostics.error(
        'Missing "label"',
        'A new Device needs a label: set label (e.g. "Outlook (Alice)"), or set device_id to give this ' +
          'address to an existing Device, whose label it then follows.',
        'label',
      );
    await validateRecipients(config.secret_recipients, diagnostics);
  },

  async modifyPlan({ client: ctx, config, state, plan, private: priv, signal, diagnostics }) {
    const fingerprint = await ctx.recipients.fingerprint(config.secret_recipients);
    if (state === null) {
      if (typeof plan.mail_hosting_id === 'number' && typeof plan.mailbox_name === 'string')
        await warnDuplicateLabel(ctx, refOf(plan as DeviceModel), plan.label, null, signal, diagnostics);
      return { plan: { ...plan, ...plannedSecret(fingerprint) } };
    }
    const ref = refOf(state);
    const replaced = replacedBy(config, state);
    if (replaced.length > 0) {
      explainReplacement(diagnostics, deviceName(state.label, state.access_id, ref), replaced, config);
      return;
    }
    if (config.device_id !== null && typeof config.label === 'string' && config.label !== state.label) {
      diagnostics.error(
        'The label of a Device given by device_id cannot differ',
        `Device ${String(state.device_id)} is labelled "${state.label ?? ''}". Its label belongs to the Device ` +
          'and is shared by every address it reads: change it on the resource that created the Device, and ' +
          'here leave label unset (it is read from the Device) or give the same one.',
        'label',
      );
      return;
    }
    if (typeof plan.label === 'string' && plan.label !== state.label)
      await warnDuplicateLabel(ctx, ref, plan.label, state.access_id, signal, diagnostics);

    if (config.rotate_after_days !== null && !ctx.client.serverTimeKnown) {
      // Ages are measured on the service's clock, which its answers tell. terraform plans again in a
      // fresh provider process at apply time, without refreshing: ask (the list is cached per address).
      await ctx.cache.devices(ref, signal).catch(() => undefined);
    }
    const decision = decideRotation({
      state,
      config,
      imported: priv?.[IMPORT_PENDING] === true,
      importedAt: typeof priv?.[IMPORTED_AT] === 'string' ? priv[IMPORTED_AT] : null,
      flaggedSince: typeof priv?.[FLAGGED_SINCE] === 'string' ? priv[FLAGGED_SINCE] : null,
      unfinished: priv?.[UNFINISHED] === true,
      recipientsChanged: fingerprint !== state.password_recipients_fingerprint,
      nowSeconds: Math.floor(ctx.client.serverNow() / 1000),
    });
    const name = deviceName(state.label, state.access_id, ref);
    if (decision.stillFlagged)
      diagnostics.warning(
        `${name}: still flagged "${String(state.status)}" by Infomaniak`,
        'Its password was already regenerated after the flag appeared, so it is not regenerated again. ' +
          'Check the client that uses it (a leaked password in a script, a compromised machine) and ' +
          'change rotation_triggers to regenerate once more when it is fixed.',
      );
    if (decision.reasons.length === 0)
      // Nothing regenerates: the password, its date and the status stay (a label change keeps them).
      return {
        plan: {
          ...plan,
          password: state.password,
          encrypted_password: state.encrypted_password,
          // Unchanged, or recorded (not acted on) by the first apply after an import: no password is known then.
          password_recipients_fingerprint: plannedFingerprint(fingerprint),
          password_set_at: state.password_set_at,
          status: state.status,
          last_connection: state.last_connection,
        },
      };
    warnRegeneration(
      diagnostics,
      name,
      decision.reasons,
      decision.ageDays,
      state,
      config.rotate_after_days,
      config.secret_recipients === null && ctx.recipients.providerDefault !== null,
    );
    return {
      plan: {
        ...plan,
        ...plannedSecret(fingerprint),
        password_set_at: unknown,
        status: unknown,
      } satisfies DevicePlan,
    };
  },

  async create({ client: ctx, config, signal, diagnostics }) {
    const ref = refOf(config);
    const label = config.label ?? undefined;
    const input: NewDeviceAccess = {
      ...(label !== undefined ? { label } : {}),
      protocols: (config.protocols ?? DEFAULT_DEVICE_PROTOCOLS) as DeviceProtocol,
      ...(config.type !== null ? { type: config.type as DeviceType } : {}),
      ...(config.user_id !== null ? { userId: config.user_id } : {}),
      ...(config.device_id !== null ? { deviceId: config.device_id } : {}),
    };
    // The keys are parsed before anything is created: a password is never received that cannot be sealed.
    const sealer = await sealerFor(ctx.recipients, config.secret_recipients);
    let created;
    try {
      created = await ctx.client.devices.create(ref, input, { signal });
    } catch (error) {
      if (error instanceof CreatedButUnreadError)
        return keepUnread(
          ctx,
          config,
          error,
          await passwordFields(sealer, error.password, diagnostics),
          diagnostics,
        );
      if (error instanceof AmbiguousCreateError) return keepAmbiguous(config, error, diagnostics);
      if (isMailApiError(error) && error.kind === 'aborted' && !error.mayHaveCommitted)
        throw new DiagnosticError(
          `Device "${label ?? `Device ${String(config.device_id)}`}" was not created on ${describeAddress(ref)}`,
          'Terraform asked the provider to stop before the create was sent: nothing was created. The next ' +
            'apply creates it.',
        );
      // Otherwise the client left no access behind (see device-create.ts): nothing to record.
      throw apiError(
        error,
        `Could not create device "${label ?? `Device ${String(config.device_id)}`}" on ${describeAddress(ref)}`,
        CREATE_TARGETS,
      );
    } finally {
      ctx.cache.devicesChanged(ref);
    }
    const state: DeviceModel = {
      ...withAccess(
        {
          ...config,
          rotate_when_flagged: config.rotate_when_flagged ?? false,
        } as DeviceModel,
        created,
      ),
      ...(await passwordFields(sealer, created.password, diagnostics)),
      password_set_at: nowRfc3339(ctx),
    };
    return { state, private: {} };
  },

  async read({ client: ctx, state, private: priv, signal }) {
    const ref = refOf(state);
    let accesses: readonly DeviceAccess[];
    try {
      accesses = await ctx.cache.devices(ref, signal);
    } catch (error) {
      // The address (and so its accesses) is gone: terraform plans the device again.
      if (error instanceof NotFoundError && error.resource === 'mailbox') return { gone: true };
      throw apiError(error, `Could not read the devices of ${describeAddress(ref)}`);
    }
    if (state.access_id === null && priv?.[UNREAD] === true) return findUnread(ctx, state, accesses);
    const access = accesses.find((a) => a.accessId === state.access_id);
    if (!access) return { gone: true };
    ctx.cache.markManaged(ref, access.accessId);
    return { state: withAccess(state, access), private: carried(priv, access, nowRfc3339(ctx)) };
  },

  async update({ client: ctx, config, plan, state, private: priv, signal, diagnostics }) {
    const ref = refOf(state);
    const accessId = state.access_id as number;
    let next: DeviceModel = {
      ...state,
      rotation_triggers: config.rotation_triggers,
      rotate_after_days: config.rotate_after_days,
      rotate_when_flagged: config.rotate_when_flagged ?? false,
      secret_recipients: config.secret_recipients,
    };
    if (typeof plan.label === 'string' && plan.label !== state.label) {
      try {
        await ctx.client.devices.relabel(state.device_id as number, plan.label, { signal });
        next = { ...next, label: plan.label };
      } catch (error) {
        throw apiError(
          error,
          `Could not change the label of ${deviceName(state.label, accessId, ref)}`,
          LABEL_TARGETS,
        );
      } finally {
        ctx.cache.devicesChanged(ref);
      }
    }
    // Import is settled by this first apply.
    const kept: Record<string, unknown> = {};
    if (typeof priv?.[FLAGGED_SINCE] === 'string') kept[FLAGGED_SINCE] = priv[FLAGGED_SINCE];
    if (!isUnknown(plan.password_set_at)) {
      if (typeof priv?.[IMPORTED_AT] === 'string' && state.password_set_at === null)
        // The age of an imported password still counts from the import.
        kept[IMPORTED_AT] = priv[IMPORTED_AT];
      const recorded = plan.password_recipients_fingerprint;
      return {
        state: { ...next, password_recipients_fingerprint: typeof recorded === 'string' ? recorded : null },
        private: kept,
      };
    }
    const sealer = await sealerFor(ctx.recipients, config.secret_recipients);
    return regenerate(ctx, { ref, accessId, prior: state, next, kept, sealer }, signal, diagnostics);
  },

  async delete({ client: ctx, state, signal }) {
    const ref = refOf(state);
    // A placeholder no refresh could match to an access (keepUnread, keepAmbiguous): nothing to revoke.
    if (state.access_id === null) return;
    try {
      await ctx.client.devices.revoke(ref, state.access_id, { signal });
    } catch (error) {
      if (
        error instanceof NotFoundError &&
        (error.resource === 'mailbox' || error.resource === 'device_access')
      )
        return;
      throw apiError(error, `Could not revoke ${deviceName(state.label, state.access_id, ref)}`);
    } finally {
      ctx.cache.devicesChanged(ref);
    }
  },

  async importState({ client: ctx, id, signal }) {
    const [hosting, mailbox, accessId] = parseImportId(id, deviceIdForm);
    const ref: MailboxRef = { hosting, mailbox };
    let accesses: readonly DeviceAccess[];
    try {
      accesses = await ctx.cache.devices(ref, signal);
    } catch (error) {
      throw apiError(error, `Could not import device access ${accessId} of ${describeAddress(ref)}`);
    }
    const access = accesses.find((a) => a.accessId === accessId);
    if (!access)
      throw new DiagnosticError(
        'Cannot import a device access that does not exist',
        `${describeAddress(ref)} has no device access ${accessId}. List its devices (and their access ids) ` +
          'with the infomaniakmail_devices data source.',
      );
    if (isGenericPassword(access))
      throw new DiagnosticError(
        'The generic password cannot be imported',
        `Access ${access.accessId} of ${describeAddress(ref)} is the address's pre-2026 generic password. It ` +
          'can never be displayed or regenerated, so infomaniakmail_device cannot manage it. Give each client ' +
          'its own infomaniakmail_device, then revoke the generic password with ' +
          'infomaniakmail_access_policy (revoke_generic_password = true).',
      );
    const empty = {
      mail_hosting_id: hosting,
      mailbox_name: mailbox,
      rotation_triggers: null,
      rotate_after_days: null,
      rotate_when_flagged: false,
      password: null,
      password_set_at: null,
    } as DeviceModel;
    const now = nowRfc3339(ctx);
    return {
      state: withAccess(empty, access),
      private: { ...carried(undefined, access, now), [IMPORTED_AT]: now, [IMPORT_PENDING]: true },
    };
  },
});

interface Regeneration {
  readonly ref: MailboxRef;
  readonly accessId: number;
  /** State before this apply, and the state to record when the regenerate succeeds. */
  readonly prior: DeviceModel;
  readonly next: DeviceModel;
  readonly kept: PrivateData;
  readonly sealer: Sealer | null;
}

async function regenerate(
  ctx: MailContext,
  { ref, accessId, prior, next, kept, sealer }: Regeneration,
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<{ state: DeviceModel; private: PrivateData }> {
  const name = deviceName(next.label, accessId, ref);
  try {
    const { password } = await ctx.client.devices.regenerate(ref, accessId, { signal });
    let status = next.status;
    try {
      // The plan left the status unknown: read what the service says now.
      ctx.cache.devicesChanged(ref);
      const now = (await ctx.cache.devices(ref, signal)).find((a) => a.accessId === accessId);
      if (now) status = now.status;
    } catch {
      // The new password is what matters; the status is refreshed by the next plan.
    }
    return {
      state: {
        ...next,
        status,
        ...(await passwordFields(sealer, password, diagnostics)),
        password_set_at: nowRfc3339(ctx),
      },
      private: kept,
    };
  } catch (error) {
    if (!isMailApiError(error) || !error.mayHaveCommitted) {
      // Nothing changed on the service: keep the old password, and the settings that asked for a new
      // one as they were, so the next plan proposes the regenerate again.
      diagnostics.add(apiError(error, `Could not regenerate the password of ${name}`));
      return { state: { ...next, rotation_triggers: prior.rotation_triggers }, private: kept };
    }
    // The password may have changed without us learning it: do not keep one that may be dead.
    diagnostics.add(apiError(error, `The password of ${name} may have been regenerated without an answer`));
    return {
      state: { ...next, password: null, encrypted_password: null },
      private: { ...kept, [UNFINISHED]: true },
    };
  } finally {
    ctx.cache.devicesChanged(ref);
  }
}

export type { RegenerateReason };
