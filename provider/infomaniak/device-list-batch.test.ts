/** The shared per-address lists: who may use which list, counted on a fake source. */
import type { Clock } from './clock';
import { BEFORE_MAX_AGE_MS, DeviceListBatch, GATHER_IDLE_MS, GATHER_PAUSE_MS } from './device-list-batch';
import { AbortedError } from './errors';
import type { DeviceAccess } from './model';

const ref = { hosting: 1, mailbox: 'contact' };
const other = { hosting: 1, mailbox: 'sales' };

function access(accessId: number): DeviceAccess {
  return {
    accessId,
    deviceId: accessId + 1000,
    label: `device ${accessId}`,
    type: 'other',
    protocols: 'imap',
    status: 'healthy',
    userId: null,
    lastConnection: null,
    createdAt: 10,
  };
}

/**
 * A source whose answers the test releases one by one, with the ids the address has then.
 * With `manualRefill`, the pause after an "after" list lasts until the test calls `refill()`.
 */
function fakeSource({ manualRefill = false } = {}) {
  let now = 0;
  const pauses: { ms: number; fire: () => void }[] = [];
  const clock: Clock = {
    now: () => now,
    sleep: manualRefill
      ? (ms) => new Promise<void>((fire) => pauses.push({ ms, fire }))
      : async () => undefined,
  };
  const ids: number[] = [];
  const pending: { mailbox: string; signal?: AbortSignal; answer: () => void }[] = [];
  let holdInLimiter = false;
  const held: (() => void)[] = [];
  const batch = new DeviceListBatch(
    (r, options) =>
      new Promise<DeviceAccess[]>((resolve, reject) => {
        options.signal?.addEventListener('abort', () => reject(new Error('cancelled')));
        // Sent at once, unless the test holds it in the "limiter".
        if (!holdInLimiter) options.onSending();
        else held.push(options.onSending);
        pending.push({
          mailbox: r.mailbox,
          signal: options.signal,
          answer: () => resolve(ids.map(access)),
        });
      }),
    clock,
  );
  /** Answers the oldest request and lets its callers run. */
  const answer = async () => {
    pending.shift()?.answer();
    await flush();
  };
  return {
    batch,
    ids,
    pending,
    answer,
    advance: (ms: number) => void (now += ms),
    hold: () => void (holdInLimiter = true),
    /** The held request leaves the limiter. */
    release: () => held.shift()?.(),
    /** Every timer of the pauses running now fires. */
    refill: async () => {
      for (const { fire } of pauses.splice(0)) fire();
      await flush();
    },
    /** The oldest timer of `ms` running now fires. */
    fire: async (ms: number) => {
      const i = pauses.findIndex((p) => p.ms === ms);
      if (i >= 0) pauses.splice(i, 1)[0].fire();
      await flush();
    },
  };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('DeviceListBatch', () => {
  it('one "before" list for concurrent creates, then none while the knowledge is fresh', async () => {
    const s = fakeSource();
    s.ids.push(1, 2);
    const befores = [s.batch.knownIds(ref), s.batch.knownIds(ref), s.batch.knownIds(ref)];
    await flush();
    expect(s.pending).toHaveLength(1);
    await s.answer();
    for (const ids of await Promise.all(befores)) expect([...ids]).toEqual([1, 2]);
    expect([...(await s.batch.knownIds(ref))]).toEqual([1, 2]);
    expect(s.pending).toHaveLength(0);
  });

  it('knowledge older than BEFORE_MAX_AGE_MS is read again', async () => {
    const s = fakeSource();
    s.batch.mailboxCreated(ref);
    expect([...(await s.batch.knownIds(ref))]).toEqual([]);
    s.advance(BEFORE_MAX_AGE_MS + 1);
    s.ids.push(7);
    const ids = s.batch.knownIds(ref);
    await flush();
    expect(s.pending).toHaveLength(1);
    await s.answer();
    expect([...(await ids)]).toEqual([7]);
  });

  it('an "after" list is one requested after the POST settled, gathering the POSTs in flight', async () => {
    const s = fakeSource();
    s.batch.mailboxCreated(ref);
    const posts = [1, 2, 3].map(() => s.batch.postStarting(ref));
    // A list already in flight when the POSTs settle serves none of them.
    const early = s.batch.current(other);
    s.ids.push(11);
    const first = s.batch.after(ref, posts[0].settled());
    await flush();
    // The list waits for the two POSTs still in flight.
    expect(s.pending.map((p) => p.mailbox)).toEqual(['sales']);
    const second = s.batch.after(ref, posts[1].settled());
    s.ids.push(12, 13);
    await flush();
    expect(s.pending).toHaveLength(1);
    const third = s.batch.after(ref, posts[2].settled());
    await flush();
    expect(s.pending.map((p) => p.mailbox)).toEqual(['sales', 'contact']);
    await s.answer();
    await early;
    await s.answer();
    const lists = await Promise.all([first, second, third]);
    expect(new Set(lists)).toEqual(new Set([lists[0]]));
    expect(lists[0].accesses.map((a) => a.accessId)).toEqual([11, 12, 13]);
    // Nothing changed since: the cache's read costs nothing.
    expect(await s.batch.current(ref)).toBe(lists[0].accesses);
    expect(s.pending).toHaveLength(0);
  });

  it('the list waits for POSTs of the address that start while it waits, too', async () => {
    const s = fakeSource();
    s.batch.mailboxCreated(ref);
    const a = s.batch.postStarting(ref);
    const b = s.batch.postStarting(ref);
    const afterA = s.batch.after(ref, a.settled());
    // c starts while the list waits for b: the list waits for c as well.
    const c = s.batch.postStarting(ref);
    const afterB = s.batch.after(ref, b.settled());
    await flush();
    expect(s.pending).toHaveLength(0);
    // Another address's POST does not hold this address's list.
    s.batch.postStarting(other);
    const afterC = s.batch.after(ref, c.settled());
    await flush();
    expect(s.pending).toHaveLength(1);
    await s.answer();
    const lists = await Promise.all([afterA, afterB, afterC]);
    expect(new Set(lists).size).toBe(1);
  });

  it('a POST that settles while a list is in flight waits for the next one', async () => {
    const s = fakeSource();
    s.batch.mailboxCreated(ref);
    const a = s.batch.postStarting(ref);
    const afterA = s.batch.after(ref, a.settled());
    await flush();
    expect(s.pending).toHaveLength(1);
    const b = s.batch.postStarting(ref);
    const afterB = s.batch.after(ref, b.settled());
    await flush();
    expect(s.pending).toHaveLength(1);
    await s.answer();
    await afterA;
    await flush();
    expect(s.pending).toHaveLength(1);
    await s.answer();
    expect((await afterB).seq).toBeGreaterThan((await afterA).seq);
  });

  it('a list still queued in the limiter serves POSTs that settle before it goes out, not after', async () => {
    const s = fakeSource();
    s.batch.mailboxCreated(ref);
    s.hold();
    const a = s.batch.postStarting(ref);
    const afterA = s.batch.after(ref, a.settled());
    await flush();
    expect(s.pending).toHaveLength(1);
    const b = s.batch.postStarting(ref);
    const afterB = s.batch.after(ref, b.settled());
    s.release();
    const c = s.batch.postStarting(ref);
    const afterC = s.batch.after(ref, c.settled());
    await flush();
    expect(s.pending).toHaveLength(1);
    await s.answer();
    expect(await afterA).toBe(await afterB);
    s.release();
    await s.answer();
    expect((await afterC).seq).toBeGreaterThan((await afterA).seq);
  });

  it('a change that settles marks the address: the next read lists again', async () => {
    const s = fakeSource();
    s.batch.mailboxCreated(ref);
    expect(await s.batch.current(ref)).toEqual([]);
    s.batch.changed(ref);
    const read = s.batch.current(ref);
    await flush();
    expect(s.pending).toHaveLength(1);
    await s.answer();
    await read;
    // A Device relabel marks every address.
    s.batch.changed();
    void s.batch.current(ref);
    await flush();
    expect(s.pending).toHaveLength(1);
  });

  it("one caller's stop ends its own wait only; the last one leaving cancels the request", async () => {
    const s = fakeSource();
    const stopA = new AbortController();
    const stopB = new AbortController();
    const a = s.batch.current(ref, { signal: stopA.signal });
    const b = s.batch.current(ref, { signal: stopB.signal });
    const c = s.batch.current(ref);
    await flush();
    expect(s.pending).toHaveLength(1);
    stopA.abort();
    await expect(a).rejects.toBeInstanceOf(AbortedError);
    expect(s.pending[0].signal?.aborted).toBe(false);
    await s.answer();
    await expect(b).resolves.toEqual([]);
    await expect(c).resolves.toEqual([]);

    s.batch.changed(ref);
    const stop = new AbortController();
    const alone = s.batch.current(ref, { signal: stop.signal });
    await flush();
    stop.abort();
    await expect(alone).rejects.toBeInstanceOf(AbortedError);
    expect(s.pending[0].signal?.aborted).toBe(true);
  });

  it('"after" lists of different addresses go out one at a time, the next gathering the creates started meanwhile', async () => {
    const s = fakeSource({ manualRefill: true });
    s.batch.mailboxCreated(ref);
    s.batch.mailboxCreated(other);
    // Terraform's slots hold three creates of one address and two of the next.
    const first = [1, 2, 3].map(() => s.batch.postStarting(ref));
    const second = [1, 2].map(() => s.batch.postStarting(other));
    const afters = [...first, ...second].map((post, i) => s.batch.after(i < 3 ? ref : other, post.settled()));
    await flush();
    expect(s.pending.map((p) => p.mailbox)).toEqual(['contact']);
    await s.answer();
    // The first address's creates returned; terraform fills their slots with the second's next creates.
    const refilled = [1, 2].map(() => s.batch.postStarting(other));
    const later = refilled.map((post) => s.batch.after(other, post.settled()));
    await flush();
    expect(s.pending).toHaveLength(0);
    await s.refill();
    expect(s.pending.map((p) => p.mailbox)).toEqual(['sales']);
    await s.answer();
    await Promise.all([...afters, ...later]);
    await s.refill();
    // Two lists for seven creates over two addresses (three without the turns).
    expect(s.pending).toHaveLength(0);
  });

  it('the pause ends as soon as the slots are full again; an address whose POSTs are in flight lets the next go', async () => {
    const s = fakeSource({ manualRefill: true });
    const third = { hosting: 1, mailbox: 'jobs' };
    for (const r of [ref, other, third]) s.batch.mailboxCreated(r);
    const a = s.batch.after(ref, s.batch.postStarting(ref).settled());
    const b = s.batch.after(other, s.batch.postStarting(other).settled());
    await flush();
    expect(s.pending.map((p) => p.mailbox)).toEqual(['contact']);
    await s.answer();
    await a;
    // Two creates were in hand when the list answered; one left, and a new one starting fills its slot.
    const inFlight = s.batch.postStarting(other);
    await flush();
    // "sales" is first in line but waits for that POST: "jobs" goes meanwhile.
    const c = s.batch.after(third, s.batch.postStarting(third).settled());
    await flush();
    expect(s.pending.map((p) => p.mailbox)).toEqual(['jobs']);
    const bLater = s.batch.after(other, inFlight.settled());
    await s.answer();
    await c;
    expect(s.pending).toHaveLength(0);
    await s.refill();
    expect(s.pending.map((p) => p.mailbox)).toEqual(['sales']);
    await s.answer();
    await Promise.all([b, bLater]);
  });

  it('the pause lasts while terraform keeps starting creates, and GATHER_PAUSE_MS at most', async () => {
    const s = fakeSource({ manualRefill: true });
    for (const r of [ref, other]) s.batch.mailboxCreated(r);
    const first = [1, 2, 3].map(() => s.batch.postStarting(ref));
    const a = first.map((post) => s.batch.after(ref, post.settled()));
    const b = s.batch.after(other, s.batch.postStarting(other).settled());
    await flush();
    await s.answer();
    await Promise.all(a);
    await flush();
    // One create starts: the idle timer starts again, the first one no longer ends the pause.
    const next = s.batch.postStarting(other);
    await s.fire(GATHER_IDLE_MS);
    const late = s.batch.after(other, next.settled());
    await flush();
    expect(s.pending).toHaveLength(0);
    await s.fire(GATHER_IDLE_MS);
    expect(s.pending.map((p) => p.mailbox)).toEqual(['sales']);
    await s.answer();
    await Promise.all([b, late]);

    // Creates that keep starting do not hold the next list past GATHER_PAUSE_MS.
    const c = [1, 2, 3]
      .map(() => s.batch.postStarting(ref))
      .map((post) => s.batch.after(ref, post.settled()));
    const d = s.batch.after(other, s.batch.postStarting(other).settled());
    await s.refill();
    expect(s.pending.map((p) => p.mailbox)).toEqual(['contact']);
    await s.answer();
    await Promise.all(c);
    await flush();
    s.batch.postStarting({ hosting: 1, mailbox: 'jobs' });
    await flush();
    expect(s.pending).toHaveLength(0);
    await s.fire(GATHER_PAUSE_MS);
    expect(s.pending.map((p) => p.mailbox)).toEqual(['sales']);
    await s.answer();
    await d;
  });

  it('a failed list fails its waiters and is not kept', async () => {
    const failing = new DeviceListBatch(
      async (_ref, options) => {
        options.onSending();
        throw new Error('503');
      },
      { now: () => 0, sleep: async () => undefined },
    );
    await expect(Promise.all([failing.current(ref), failing.current(ref)])).rejects.toThrow('503');
    await expect(failing.knownIds(ref)).rejects.toThrow('503');
  });
});
