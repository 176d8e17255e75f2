import { ServerClock } from './server-clock';

describe('ServerClock', () => {
  it('is the local time until an answer carries a date', () => {
    const clock = new ServerClock();
    expect(clock.known).toBe(false);
    expect(clock.now(1_000)).toBe(1_000);
  });

  it('follows the Date header of the latest answer', () => {
    const clock = new ServerClock();
    const local = Date.parse('2026-01-01T00:00:00Z');
    clock.observe('Sat, 31 Jan 2026 00:00:00 GMT', local);
    expect(clock.known).toBe(true);
    expect(clock.now(local + 5_000)).toBe(Date.parse('2026-01-31T00:00:05Z'));
  });

  it('ignores sub-second differences and unreadable dates', () => {
    const clock = new ServerClock();
    const local = Date.parse('2026-01-01T00:00:00.700Z');
    clock.observe('Thu, 01 Jan 2026 00:00:00 GMT', local);
    expect(clock.now(local)).toBe(local);
    clock.observe('yesterday', local);
    clock.observe(undefined, local);
    expect(clock.now(local)).toBe(local);
  });
});
