import { unknown } from '../framework';
import { decideRotation, passwordAgeSeconds, rotationDue, sameTriggers, SECONDS_PER_DAY } from './rotation';

const NOW = Date.parse('2026-06-30T12:00:00Z') / 1000;
const daysAgo = (days: number) => new Date((NOW - days * SECONDS_PER_DAY) * 1000).toISOString();

function input(overrides: {
  stateTriggers?: Record<string, string> | null;
  configTriggers?: unknown;
  stateVersion?: number | null;
  configVersion?: unknown;
  days?: unknown;
  changedAt?: string | null;
  imported?: boolean;
  unfinished?: boolean;
}) {
  return {
    state: {
      rotation_triggers: overrides.stateTriggers ?? null,
      password_wo_version: overrides.stateVersion ?? null,
      password_changed_at: overrides.changedAt === undefined ? daysAgo(1) : overrides.changedAt,
    },
    config: {
      rotation_triggers: overrides.configTriggers ?? null,
      password_wo_version: overrides.configVersion ?? null,
      rotate_after_days: overrides.days ?? null,
    },
    imported: overrides.imported ?? false,
    unfinished: overrides.unfinished ?? false,
    nowSeconds: NOW,
  };
}

describe('decideRotation', () => {
  it('keeps the password when nothing asks for a new one', () => {
    expect(decideRotation(input({ stateTriggers: { q: '1' }, configTriggers: { q: '1' } }))).toEqual({
      reasons: [],
    });
  });

  it('regenerates when a trigger changes, appears or disappears, or is unknown', () => {
    const changed = (stateTriggers: Record<string, string> | null, configTriggers: unknown) =>
      decideRotation(input({ stateTriggers, configTriggers })).reasons;
    expect(changed({ q: '1' }, { q: '2' })).toEqual(['rotation_triggers']);
    expect(changed({ q: '1' }, { q: '1', r: 'x' })).toEqual(['rotation_triggers']);
    expect(changed({ q: '1' }, null)).toEqual(['rotation_triggers']);
    expect(changed({ q: '1' }, unknown)).toEqual(['rotation_triggers']);
    expect(changed({ q: '1' }, { q: unknown })).toEqual(['rotation_triggers']);
  });

  it('treats no triggers and an empty map alike', () => {
    expect(decideRotation(input({ stateTriggers: null, configTriggers: {} })).reasons).toEqual([]);
  });

  it('regenerates when password_wo_version changes or is unknown', () => {
    expect(decideRotation(input({ stateVersion: 1, configVersion: 2 })).reasons).toEqual([
      'password_wo_version',
    ]);
    expect(decideRotation(input({ stateVersion: 1, configVersion: unknown })).reasons).toEqual([
      'password_wo_version',
    ]);
    expect(decideRotation(input({ stateVersion: 1, configVersion: 1 })).reasons).toEqual([]);
  });

  it('regenerates once the password is rotate_after_days old, and reports its age', () => {
    expect(decideRotation(input({ days: 30, changedAt: daysAgo(29.9) }))).toEqual({
      reasons: [],
      ageDays: 29,
    });
    expect(decideRotation(input({ days: 30, changedAt: daysAgo(30) }))).toEqual({
      reasons: ['rotate_after_days'],
      ageDays: 30,
    });
    expect(decideRotation(input({ days: 30, changedAt: daysAgo(95) }))).toEqual({
      reasons: ['rotate_after_days'],
      ageDays: 95,
    });
  });

  it('does not rotate by age when the age or the period is not known', () => {
    expect(decideRotation(input({ days: 30, changedAt: null })).reasons).toEqual([]);
    expect(decideRotation(input({ days: unknown, changedAt: daysAgo(95) })).reasons).toEqual([]);
  });

  it('after import, records triggers and version without regenerating; age still counts', () => {
    expect(
      decideRotation(input({ imported: true, configTriggers: { q: '1' }, configVersion: 3 })).reasons,
    ).toEqual([]);
    expect(decideRotation(input({ imported: true, days: 10, changedAt: daysAgo(11) })).reasons).toEqual([
      'rotate_after_days',
    ]);
  });

  it('finishes a regenerate whose outcome was lost', () => {
    expect(decideRotation(input({ unfinished: true })).reasons).toEqual(['unfinished']);
  });
});

describe('helpers', () => {
  it('rotationDue counts whole periods of days', () => {
    expect(rotationDue(30 * SECONDS_PER_DAY - 1, 30)).toBe(false);
    expect(rotationDue(30 * SECONDS_PER_DAY, 30)).toBe(true);
  });

  it('passwordAgeSeconds reads RFC 3339 and never goes negative (clock skew)', () => {
    expect(passwordAgeSeconds(daysAgo(2), NOW)).toBe(2 * SECONDS_PER_DAY);
    expect(passwordAgeSeconds(daysAgo(-1), NOW)).toBe(0);
    expect(passwordAgeSeconds('not a date', NOW)).toBeUndefined();
    expect(passwordAgeSeconds(null, NOW)).toBeUndefined();
  });

  it('sameTriggers compares keys and values', () => {
    expect(sameTriggers({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameTriggers({ a: '1' }, { a: '2' })).toBe(false);
  });
});
