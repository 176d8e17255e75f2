/**
 * A device access the API created (and answered the password of) but that could not be
 * read back, or one it may have created when nobody could find out: kept, tainted, until a
 * refresh finds it by its label.
 */
import type { Diagnostics, PrivateData } from '../framework';
import type { AmbiguousCreateError, CreatedButUnreadError, DeviceAccess } from '../infomaniak';
import { describeAddress, refOf } from './common';
import type { MailContext } from './context';
import { carried, nowRfc3339, UNREAD } from './device-private';
import { withAccess, type DeviceModel } from './device-schema';
import type { PasswordFields } from './device-secret';

/**
 * The API made the access and answered its password, but it could not be read back.
 * Keep the password in state (it is shown only once) with an error, so terraform records
 * the resource as tainted; the next refresh finds the access by its label, and the next
 * apply replaces it: revoked, then made again, so nothing is left that state does not know.
 */
export function keepUnread(
  ctx: MailContext,
  config: DeviceModel,
  error: CreatedButUnreadError,
  secret: PasswordFields,
  diagnostics: Diagnostics,
): { state: DeviceModel; private: PrivateData } {
  const ref = refOf(config);
  diagnostics.error(
    `Device "${error.label}" was created on ${describeAddress(ref)} but could not be read back`,
    `${error.message} Its password is kept in state and the resource is marked tainted: the next apply ` +
      'revokes this access and creates a new one.',
  );
  return {
    state: {
      ...config,
      label: error.label,
      rotate_when_flagged: config.rotate_when_flagged ?? false,
      ...secret,
      password_set_at: nowRfc3339(ctx),
    },
    private: { [UNREAD]: true },
  };
}

/**
 * The create may have happened, and finding out failed (AmbiguousCreateError): no password
 * was received. Forgetting it could leave an access that state does not know, so keep a
 * placeholder, tainted, like an unread one: the next refresh looks for the access by its
 * label, and the next apply revokes what it found, if anything, and creates it again.
 */
export function keepAmbiguous(
  config: DeviceModel,
  error: AmbiguousCreateError,
  diagnostics: Diagnostics,
): { state: DeviceModel; private: PrivateData } {
  diagnostics.error(
    `${config.label !== null ? `Device "${config.label}"` : `Device ${String(config.device_id)}`} may have been ` +
      `created on ${describeAddress(refOf(config))}`,
    `${error.message} It is recorded as tainted, without a password: the next refresh looks for it by its ` +
      'label, and the next apply revokes what it finds and creates the device again.',
  );
  return {
    state: {
      ...config,
      rotate_when_flagged: config.rotate_when_flagged ?? false,
      password: null,
      encrypted_password: null,
      password_recipients_fingerprint: null,
      password_set_at: null,
    },
    private: { [UNREAD]: true },
  };
}

/** After keepUnread or keepAmbiguous: the one access with that label (and Device), or the state as it is. */
export function findUnread(
  ctx: MailContext,
  state: DeviceModel,
  accesses: readonly DeviceAccess[],
): { state: DeviceModel; private: PrivateData } {
  // A Device has one access per address: with its id, the label is not needed (nor given, maybe).
  const matches = accesses.filter((a) =>
    state.device_id === null ? a.label === state.label : a.deviceId === state.device_id,
  );
  if (matches.length !== 1) return { state, private: { [UNREAD]: true } };
  return { state: withAccess(state, matches[0]), private: carried(undefined, matches[0], nowRfc3339(ctx)) };
}
