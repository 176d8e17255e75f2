import { unknown } from '../framework';
import {
  decideRotation,
  isFlagged,
  passwordAgeSeconds,
  rotationDue,
  sameTriggers,
  SECONDS_PER_DAY,
  type RotationInput,
} from './rotation';

const NOW = Date.parse('2026-06-30T12:00:00Z') / 1000;
const daysAgo = (days: number) => new Date((NOW - days * SECONDS_PER_DAY) * 1000).toISOString();

function input(o: {
  stateTriggers?: Record<string, string> | null;
  configTriggers?: unknown;
  days?: unknown;
  setAt?: string | null;
  status?: string | null;
  whenFlagged?: unknown;
  imported?: boolean;
  importedAt?: string | null;
  flaggedSince?: string | null;
  unfinished?: boolean;
  recipientsChanged?: boolean;
}): RotationInput {
  return {
    state: {
      rotation_triggers: o.stateTriggers ?? null,
      password_set_at: o.setAt === undefined ? daysAgo(1) : o.setAt,
      status: o.status === undefined ? 'healthy' : o.status,
    },
    config: {
      rotation_triggers: o.configTriggers ?? null,
      rotate_after_days: o.days ?? null,
      rotate_when_flagged: o.whenFlagged ?? false,
    },
    imported: o.imported ?? false,
    importedAt: o.importedAt ?? null,
    flaggedSince: o.flaggedSince ?? null,
    recipientsChanged: o.recipientsChanged ?? false,
    unfinished: o.unfinished ?? false,
    nowSeconds: NOW,
  };
}

describe('decideRotation', () => {
  it('keeps the password when nothing asks for a new one', () => {
    expect(decideRotation(input({ stateTriggers: { q: '1' }, configTriggers: { q: '1' } }))).toEqual({
      reasons: [],
    });
  });

  describe('rotation_triggers', () => {
    const changed = (stateTriggers: Record<string, string> | null, configTriggers: unknown) =>
      decideRotation(input({ stateTriggers, configTriggers })).reasons;

    it('regenerates when a trigger changes, appears or disappears, or is unknown', () => {
      expect(changed({ q: '1' }, { q: '2' })).toEqual(['rotation_triggers']);
      expect(changed({ q: '1' }, { q: '1', r: 'x' })).toEqual(['rotation_triggers']);
      expect(changed(null, { q: '1' })).toEqual(['rotation_triggers']);
      expect(changed({ q: '1' }, null)).toEqual(['rotation_triggers']);
      expect(changed({ q: '1' }, unknown)).toEqual(['rotation_triggers']);
      expect(changed({ q: '1' }, { q: unknown })).toEqual(['rotation_triggers']);
    });

    it('treats no triggers and an empty map alike', () => {
      expect(changed(null, {})).toEqual([]);
      expect(changed({}, null)).toEqual([]);
    });

    it('after import, records the triggers without regenerating', () => {
      expect(decideRotation(input({ imported: true, configTriggers: { q: '1' } })).reasons).toEqual([]);
      expect(decideRotation(input({ imported: true, configTriggers: unknown })).reasons).toEqual([]);
    });
  });

  describe('rotate_after_days', () => {
    it('counts from password_set_at, regenerating once the password is that old, and reports the age', () => {
      expect(decideRotation(input({ days: 30, setAt: daysAgo(29.9) }))).toEqual({ reasons: [], ageDays: 29 });
      expect(decideRotation(input({ days: 30, setAt: daysAgo(30) }))).toEqual({
        reasons: ['rotate_after_days'],
        ageDays: 30,
      });
      expect(decideRotation(input({ days: 30, setAt: daysAgo(95) }))).toEqual({
        reasons: ['rotate_after_days'],
        ageDays: 95,
      });
    });

    it('after an import (no password_set_at), counts from the import, never from the access creation', () => {
      const fresh = decideRotation(input({ days: 30, setAt: null, imported: true, importedAt: daysAgo(2) }));
      expect(fresh).toEqual({ reasons: [], ageDays: 2 });
      const old = decideRotation(input({ days: 30, setAt: null, imported: true, importedAt: daysAgo(31) }));
      expect(old).toEqual({ reasons: ['rotate_after_days'], ageDays: 31 });
    });

    it('prefers password_set_at over the import time once a password was received', () => {
      const d = decideRotation(input({ days: 30, setAt: daysAgo(3), importedAt: daysAgo(100) }));
      expect(d).toEqual({ reasons: [], ageDays: 3 });
    });

    it('does not rotate by age when the age or the period is not known', () => {
      expect(decideRotation(input({ days: 30, setAt: null }))).toEqual({ reasons: [] });
      expect(decideRotation(input({ days: 30, setAt: 'not a date' }))).toEqual({ reasons: [] });
      expect(decideRotation(input({ days: unknown, setAt: daysAgo(95) }))).toEqual({ reasons: [] });
      expect(decideRotation(input({ days: null, setAt: daysAgo(95) }))).toEqual({ reasons: [] });
    });
  });

  describe('rotate_when_flagged', () => {
    const flaggedSince = daysAgo(5);

    it.each(['leaked', 'spam'])('regenerates a %s password set before the flag was first seen', (status) => {
      expect(decideRotation(input({ whenFlagged: true, status, setAt: daysAgo(10), flaggedSince }))).toEqual({
        reasons: ['flagged'],
      });
    });

    it('regenerates a flagged password whose set date is unknown (imported)', () => {
      expect(
        decideRotation(input({ whenFlagged: true, status: 'leaked', setAt: null, flaggedSince })).reasons,
      ).toEqual(['flagged']);
    });

    it('once per flag: a password set after the flag was first seen is only still flagged', () => {
      expect(
        decideRotation(input({ whenFlagged: true, status: 'leaked', setAt: daysAgo(4), flaggedSince })),
      ).toEqual({ reasons: [], stillFlagged: true });
      // Set in the very second the flag was first seen: that regeneration answered it.
      expect(
        decideRotation(input({ whenFlagged: true, status: 'leaked', setAt: flaggedSince, flaggedSince })),
      ).toEqual({ reasons: [], stillFlagged: true });
    });

    it('does not regenerate when the flag time is unknown but the password date is known', () => {
      expect(
        decideRotation(input({ whenFlagged: true, status: 'spam', setAt: daysAgo(4), flaggedSince: null })),
      ).toEqual({ reasons: [], stillFlagged: true });
    });

    it('ignores flags unless rotate_when_flagged is true, and a healthy password', () => {
      for (const whenFlagged of [false, null, unknown])
        expect(
          decideRotation(input({ whenFlagged, status: 'leaked', setAt: daysAgo(10), flaggedSince })),
        ).toEqual({ reasons: [] });
      expect(
        decideRotation(input({ whenFlagged: true, status: 'healthy', setAt: daysAgo(10), flaggedSince })),
      ).toEqual({ reasons: [] });
    });

    it('combines with other reasons', () => {
      const d = decideRotation(
        input({
          whenFlagged: true,
          status: 'leaked',
          setAt: daysAgo(40),
          flaggedSince,
          days: 30,
          stateTriggers: { q: '1' },
          configTriggers: { q: '2' },
        }),
      );
      expect(d).toEqual({ reasons: ['rotation_triggers', 'rotate_after_days', 'flagged'], ageDays: 40 });
    });
  });

  it('finishes a regenerate whose outcome was lost', () => {
    expect(decideRotation(input({ unfinished: true })).reasons).toEqual(['unfinished']);
    expect(decideRotation(input({ unfinished: true, imported: true })).reasons).toEqual(['unfinished']);
  });
});

describe('helpers', () => {
  it('isFlagged is true for leaked and spam only', () => {
    expect(['leaked', 'spam', 'healthy', null, undefined, 'other'].map(isFlagged)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });

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
    expect(sameTriggers({ a: '1' }, { b: '1' })).toBe(false);
    expect(sameTriggers({ a: 1 }, { a: '1' })).toBe(false);
  });
});

describe('secret_recipients', () => {
  it('regenerate when the keys that apply changed, except before the first apply after import', () => {
    expect(decideRotation(input({ recipientsChanged: true })).reasons).toEqual(['secret_recipients']);
    expect(decideRotation(input({ recipientsChanged: true, imported: true })).reasons).toEqual([]);
    expect(decideRotation(input({ recipientsChanged: false })).reasons).toEqual([]);
  });
});
