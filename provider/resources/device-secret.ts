/**
 * Where a device password rests: in the sensitive \`password\` without recipients; with
 * \`secret_recipients\`, only sealed in \`encrypted_password\`, from the moment the API
 * answers (see secret-recipients.ts).
 */
import { unknown, type Diagnostics } from '../framework';
import type { DeviceModel } from './device-schema';
import type { Sealer } from './secret-recipients';

export type PasswordFields = Pick<
  DeviceModel,
  'password' | 'encrypted_password' | 'password_recipients_fingerprint'
>;

/**
 * A password just received, as state keeps it: in plaintext without recipients, else
 * only sealed. Should sealing fail (the keys were checked before the API was asked), the
 * password is dropped, not stored in plaintext: the fingerprint is left null, so the
 * next plan regenerates it for the keys.
 */
export async function passwordFields(
  sealer: Sealer | null,
  password: string,
  diagnostics: Diagnostics,
): Promise<PasswordFields> {
  if (sealer === null) return { password, encrypted_password: null, password_recipients_fingerprint: null };
  try {
    return {
      password: null,
      encrypted_password: await sealer.seal(password),
      password_recipients_fingerprint: sealer.fingerprint,
    };
  } catch (error) {
    diagnostics.error(
      'The new password could not be encrypted to secret_recipients',
      `${error instanceof Error ? error.name : 'Error'}: it is not kept (never in plaintext when recipients are ` +
        'set), and the next apply regenerates it.',
      'secret_recipients',
    );
    return { password: null, encrypted_password: null, password_recipients_fingerprint: null };
  }
}

/** The fingerprint as a planned value. */
export function plannedFingerprint(fingerprint: string | null | 'unknown'): string | null | typeof unknown {
  return fingerprint === 'unknown' ? unknown : fingerprint;
}

/**
 * Where a new password will be: in `password` without recipients, else only in
 * `encrypted_password` (and `password` stays null in the plan, the state and every log).
 */
export function plannedSecret(fingerprint: string | null | 'unknown') {
  if (fingerprint === 'unknown')
    return { password: unknown, encrypted_password: unknown, password_recipients_fingerprint: unknown };
  if (fingerprint === null)
    return { password: unknown, encrypted_password: null, password_recipients_fingerprint: null };
  return { password: null, encrypted_password: unknown, password_recipients_fingerprint: fingerprint };
}
