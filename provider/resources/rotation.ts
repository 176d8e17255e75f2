/**
 * When a device password is regenerated in place, decided at plan time so that the
 * plan shows it (`~ update in-place`, password "known after apply"). Pure functions,
 * unit-tested in rotation.test.ts.
 *
 * The API has no password-change date: ages count from `password_set_at`, which
 * Terraform records when it receives a password, or (after an import, when no password
 * was received) from the import. A regeneration made in the Manager is invisible to
 * the API, so it does not reset the age.
 */
import { isUnknown } from '../framework';
import type { DeviceStatus } from '../infomaniak';

export const SECONDS_PER_DAY = 86_400;

export type RegenerateReason =
  /** `rotation_triggers` changed (or is not known until apply). */
  | 'rotation_triggers'
  /** `rotate_after_days` have passed since the password was set (or imported). */
  | 'rotate_after_days'
  /** Infomaniak flags the password (`leaked` or `spam`) and it was set before the flag was first seen. */
  | 'flagged'
  /** An earlier regenerate may have changed the password without us learning the new one. */
  | 'unfinished'
  /**
   * The keys the password is encrypted to changed (or are not known until apply): the
   * provider never keeps the plaintext, so a new password is the only way to give the new
   * keys one they can read.
   */
  | 'secret_recipients';

export interface RotationInput {
  readonly state: {
    readonly rotation_triggers: Readonly<Record<string, string>> | null;
    readonly password_set_at: string | null;
    readonly status: string | null;
  };
  readonly config: {
    readonly rotation_triggers: unknown;
    readonly rotate_after_days: unknown;
    readonly rotate_when_flagged: unknown;
  };
  /** Since import, triggers are recorded, not acted on, until the first apply. */
  readonly imported: boolean;
  /** RFC 3339: when the import happened; the age of an imported password counts from it. */
  readonly importedAt: string | null;
  /** RFC 3339: when a read first saw the current flag (`leaked` / `spam`). */
  readonly flaggedSince: string | null;
  readonly unfinished: boolean;
  /** The fingerprint of the keys that apply now differs from the one the password was encrypted to. */
  readonly recipientsChanged: boolean;
  /** The service's time, in Unix seconds. */
  readonly nowSeconds: number;
}

export interface RotationDecision {
  readonly reasons: readonly RegenerateReason[];
  /** Age of the password in whole days, when `rotate_after_days` is set and the age is known. */
  readonly ageDays?: number;
  /** The password is flagged but was already regenerated since the flag appeared: warn only. */
  readonly stillFlagged?: boolean;
}

export function isFlagged(status: string | null | undefined): status is Exclude<DeviceStatus, 'healthy'> {
  return status === 'leaked' || status === 'spam';
}

export function decideRotation(input: RotationInput): RotationDecision {
  const reasons: RegenerateReason[] = [];
  if (input.unfinished) reasons.push('unfinished');
  if (input.recipientsChanged && !input.imported) reasons.push('secret_recipients');
  if (!input.imported && !sameTriggers(input.config.rotation_triggers, input.state.rotation_triggers))
    reasons.push('rotation_triggers');

  const since = input.state.password_set_at ?? input.importedAt;
  const age = passwordAgeSeconds(since, input.nowSeconds);
  const days = input.config.rotate_after_days;
  let ageDays: number | undefined;
  if (typeof days === 'number' && age !== undefined) {
    ageDays = Math.floor(age / SECONDS_PER_DAY);
    if (rotationDue(age, days)) reasons.push('rotate_after_days');
  }

  let stillFlagged = false;
  if (input.config.rotate_when_flagged === true && isFlagged(input.state.status)) {
    // Once per flag: a password set after the flag was first seen already answered it.
    if (setBefore(input.state.password_set_at, input.flaggedSince)) reasons.push('flagged');
    else stillFlagged = true;
  }
  return {
    reasons,
    ...(ageDays === undefined ? {} : { ageDays }),
    ...(stillFlagged ? { stillFlagged } : {}),
  };
}

/**
 * Whether the password was set before the flag was first seen (unknown set date: yes).
 * Both are whole seconds: a password set in the very second the flag was seen counts as
 * the answer to it, so a regeneration is never repeated for the same flag.
 */
function setBefore(passwordSetAt: string | null, flaggedSince: string | null): boolean {
  if (passwordSetAt === null) return true;
  if (flaggedSince === null) return false;
  return Date.parse(passwordSetAt) < Date.parse(flaggedSince);
}

/** Due once the password is at least `days` days old. */
export function rotationDue(ageSeconds: number, days: number): boolean {
  return ageSeconds >= days * SECONDS_PER_DAY;
}

export function passwordAgeSeconds(setAt: string | null, nowSeconds: number): number | undefined {
  if (!setAt) return undefined;
  const ms = Date.parse(setAt);
  if (Number.isNaN(ms)) return undefined;
  return Math.max(0, nowSeconds - Math.floor(ms / 1000));
}

/** No triggers (null) and an empty map mean the same: nothing to watch. */
export function sameTriggers(config: unknown, state: Readonly<Record<string, string>> | null): boolean {
  if (isUnknown(config)) return false;
  const a = (config ?? {}) as Record<string, unknown>;
  const b = state ?? {};
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => {
    const value: unknown = a[k];
    return typeof value === 'string' && value === b[k];
  });
}
