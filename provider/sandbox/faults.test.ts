import { Faults } from './faults';
import { faultSpecSchema } from './hooks-wire';

const key = 'POST /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices';
const spec = (input: Record<string, unknown>) => faultSpecSchema.parse({ route: key, ...input });

describe('Faults', () => {
  it('fires a counted fault that many times, then is spent', () => {
    const faults = new Faults();
    faults.add(spec({ mode: 'status', status: 503, count: 2 }));
    expect(faults.decide(key).action?.status).toBe(503);
    expect(faults.decide(key).action?.status).toBe(503);
    expect(faults.decide(key).action).toBeUndefined();
    expect(faults.list()).toEqual([]);
  });

  it('only touches its route, unless it is "*"', () => {
    const faults = new Faults();
    faults.add(spec({ mode: 'reset' }));
    expect(faults.decide('GET /1/mail_hostings/{hosting}/mailboxes').action).toBeUndefined();
    faults.add(faultSpecSchema.parse({ route: '*', mode: 'status', status: 500 }));
    expect(faults.decide('GET /1/mail_hostings/{hosting}/mailboxes').action?.status).toBe(500);
  });

  it('adds latency and still applies the first other fault', () => {
    const faults = new Faults();
    faults.add(spec({ mode: 'latency', latency_ms: 30 }));
    faults.add(spec({ mode: 'latency', latency_ms: 20 }));
    faults.add(spec({ mode: 'drop_after_commit' }));
    faults.add(spec({ mode: 'reset' }));
    const decision = faults.decide(key);
    expect(decision.latencyMs).toBe(50);
    expect(decision.action?.mode).toBe('drop_after_commit');
  });

  it('draws rated faults from a seeded PRNG: same pattern after a clear', () => {
    const faults = new Faults();
    const pattern = () => {
      faults.clear();
      faults.add(spec({ mode: 'status', status: 503, rate: 0.5 }));
      return Array.from({ length: 40 }, () => (faults.decide(key).action ? 1 : 0)).join('');
    };
    const first = pattern();
    expect(pattern()).toBe(first);
    const hits = [...first].filter((c) => c === '1').length;
    expect(hits).toBeGreaterThan(5);
    expect(hits).toBeLessThan(35);
  });

  it('requires the fields each mode needs', () => {
    expect(faultSpecSchema.safeParse({ route: key, mode: 'status' }).success).toBe(false);
    expect(faultSpecSchema.safeParse({ route: key, mode: 'latency' }).success).toBe(false);
    expect(faultSpecSchema.safeParse({ route: key, mode: 'status', status: 503, rate: 2 }).success).toBe(
      false,
    );
  });
});
