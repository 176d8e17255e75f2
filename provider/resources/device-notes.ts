/**
 * What the plan of an `infomaniakmail_device` says to the reviewer: why an access is
 * replaced, a label another access of the address already has, why a password is
 * regenerated.
 */
import { isUnknown, type Diagnostics } from '../framework';
import type { DeviceAccess, MailboxRef } from '../infomaniak';
import { DEFAULT_DEVICE_PROTOCOLS } from '../infomaniak/api-rules';
import { describeAddress } from './common';
import type { MailContext } from './context';
import type { DeviceModel } from './device-schema';
import type { RegenerateReason } from './rotation';

/** Attributes whose change replaces the access (no route changes them). */
export function replacedBy(
  config: { protocols: unknown; type: unknown; user_id: unknown; device_id: unknown },
  state: DeviceModel,
): string[] {
  const out: string[] = [];
  const differs = (configured: unknown, current: unknown) =>
    configured !== null && !isUnknown(configured) && configured !== current;
  if (differs(config.protocols ?? DEFAULT_DEVICE_PROTOCOLS, state.protocols)) out.push('protocols');
  if (differs(config.type, state.type)) out.push('type');
  if (differs(config.user_id, state.user_id)) out.push('user_id');
  if (isUnknown(config.device_id) || differs(config.device_id, state.device_id)) out.push('device_id');
  return out;
}

export function explainReplacement(
  diagnostics: Diagnostics,
  name: string,
  attributesChanged: readonly string[],
  config: { device_id: unknown },
): void {
  const order =
    config.device_id !== null
      ? 'With device_id set, the API allows one access per Device and address, so the old access is revoked ' +
        'first: clients using it are cut off until they get the new password.'
      : 'The new access gets a new password; the old one stops working when the old access is revoked ' +
        '(with create_before_destroy, only after the new one exists).';
  diagnostics.warning(
    `${name} will be replaced`,
    `No API route changes ${attributesChanged.join(', ')} of a device access, so the access is replaced. ${order}`,
  );
}

/** Two accesses nobody can tell apart defeat the point of per-device passwords. */
export async function warnDuplicateLabel(
  ctx: MailContext,
  ref: MailboxRef,
  label: unknown,
  self: number | null,
  signal: AbortSignal,
  diagnostics: Diagnostics,
): Promise<void> {
  if (typeof label !== 'string') return;
  let accesses: readonly DeviceAccess[];
  try {
    // The address may not exist yet (created by this apply): nothing to compare with.
    if ((await ctx.cache.address(ref, signal)) === undefined) return;
    accesses = await ctx.cache.devices(ref, signal);
  } catch {
    return;
  }
  // On create, an access another resource manages is most likely the one a replacement retires.
  const other = accesses.find(
    (a) =>
      a.label === label && a.accessId !== self && (self !== null || !ctx.cache.isManaged(ref, a.accessId)),
  );
  if (other)
    diagnostics.warning(
      `Another device of ${describeAddress(ref)} is labelled "${label}"`,
      `Device access ${other.accessId} (Device ${other.deviceId}) already has this label. If it is the same ` +
        `client, import it (terraform import ADDRESS ${ref.hosting}/${ref.mailbox}/${other.accessId}) ` +
        'instead of making a second one; otherwise choose a label that tells them apart.',
      'label',
    );
}

export function warnRegeneration(
  diagnostics: Diagnostics,
  name: string,
  reasons: readonly RegenerateReason[],
  ageDays: number | undefined,
  state: DeviceModel,
  rotateAfterDays: unknown,
  /** The keys that apply are the provider block's (the device sets none of its own). */
  inherited = false,
): void {
  if (reasons.includes('rotate_after_days'))
    diagnostics.warning(
      `${name}: password is ${String(ageDays)} days old`,
      `Its password was set ${state.password_set_at === null ? 'before it was imported' : `at ${state.password_set_at}`}, ` +
        `${String(ageDays)} days ago, and rotate_after_days is ${String(rotateAfterDays)}: this apply ` +
        'regenerates it in place.',
    );
  if (reasons.includes('unfinished'))
    diagnostics.warning(
      `${name}: the last regeneration was not confirmed`,
      'An earlier apply asked for a new password but lost the answer, so the password in state may no ' +
        'longer work: this apply regenerates it again.',
    );
  if (reasons.includes('secret_recipients'))
    diagnostics.warning(
      inherited
        ? "The provider's secret_recipients changed: every device that inherits them gets a new password"
        : `${name}: secret_recipients changed`,
      (inherited
        ? `${name} inherits the provider block's secret_recipients, which changed. Terraform counts the ` +
          'devices concerned as this warning and the similar ones below. '
        : '') +
        'The password is encrypted to other keys now, and the provider never keeps the plaintext to ' +
        'encrypt it again, so this apply regenerates it in place: every client of this device needs its ' +
        'new password. To add a key without that, list it from the start, or set it on the devices ' +
        'concerned only (their own secret_recipients).',
    );
  if (reasons.includes('flagged'))
    diagnostics.warning(
      `${name}: flagged "${String(state.status)}" by Infomaniak`,
      'Infomaniak flags this password as ' +
        (state.status === 'leaked' ? 'leaked' : 'sending spam') +
        ' and rotate_when_flagged is set: this apply regenerates it in place. Give the client its new ' +
        'password from the sensitive output.',
    );
}
