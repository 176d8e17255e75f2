/**
 * When a device password is regenerated in place, decided at plan time so that the
 * plan shows it (`~ update in-place`, password "known after apply"). Pure functions,
 * unit-tested in rotation.test.ts.
 */
import { isUnknown } from '../framework';

export const SECONDS_PER_DAY = 86_400;

export type RegenerateReason =
  /** `rotation_triggers` changed (or is not known until apply). */
  | 'rotation_triggers'
  /** `password_wo_version` changed: apply `password_wo` (or a generated password). */
  | 'password_wo_version'
  /** `rotate_after_days` have passed since `password_changed_at`. */
  | 'rotate_after_days'
  /** An earlier regenerate may have changed the password without us learning the new one. */
  | 'unfinished';

export interface RotationInput {
  readonly state: {
    readonly rotation_triggers: Readonly<Record<string, string>> | null;
    readonly password_wo_version: number | null;
    readonly password_changed_at: string | null;
  };
  readonly config: {
    readonly rotation_triggers: unknown;
    readonly password_wo_version: unknown;
    readonly rotate_after_days: unknown;
  };
  /** Since import, triggers and version are recorded, not acted on, until the first apply. */
  readonly imported: boolean;
  readonly unfinished: boolean;
  /** The service's time, in Unix seconds. */
  readonly nowSeconds: number;
}

export interface RotationDecision {
  readonly reasons: readonly RegenerateReason[];
  /** Age of the password in whole days, when `rotate_after_days` is set and the age is known. */
  readonly ageDays?: number;
}

export function decideRotation(input: RotationInput): RotationDecision {
  const reasons: RegenerateReason[] = [];
  if (input.unfinished) reasons.push('unfinished');
  if (!input.imported) {
    if (!sameTriggers(input.config.rotation_triggers, input.state.rotation_triggers))
      reasons.push('rotation_triggers');
    const version = input.config.password_wo_version;
    if (isUnknown(version) || (version ?? null) !== input.state.password_wo_version)
      reasons.push('password_wo_version');
  }
  const age = passwordAgeSeconds(input.state.password_changed_at, input.nowSeconds);
  const days = input.config.rotate_after_days;
  let ageDays: number | undefined;
  if (typeof days === 'number' && age !== undefined) {
    ageDays = Math.floor(age / SECONDS_PER_DAY);
    if (rotationDue(age, days)) reasons.push('rotate_after_days');
  }
  return ageDays === undefined ? { reasons } : { reasons, ageDays };
}

/** Due once the password is at least `days` days old. */
export function rotationDue(ageSeconds: number, days: number): boolean {
  return ageSeconds >= days * SECONDS_PER_DAY;
}

export function passwordAgeSeconds(changedAt: string | null, nowSeconds: number): number | undefined {
  if (!changedAt) return undefined;
  const ms = Date.parse(changedAt);
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
