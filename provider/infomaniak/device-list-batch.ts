/**
 * One device-access list per address, shared by every caller that can use it. Terraform
 * creates many devices of one address at once (ten at a time by default), and each
 * create needs a list read before its POST (to tell its access from older ones) and one
 * requested after its POST answered (to find its access). Asked separately that is two
 * lists per device, more than the creates themselves; shared, it is about one list per
 * wave of creates.
 *
 * What makes a list usable, for whom (the rules device-create.ts relies on):
 * - "Before" a POST: any list answered before that POST was sent. An access that did
 *   not exist yet cannot be in it, so every id any earlier list showed is an id that is
 *   not ours (an id is never given twice: ASSUMED `idsNeverReused` in
 *   wire-assumptions.ts): the address keeps the union of all ids seen (`knownIds`), kept current by
 *   every list, the creates' own included. No request is needed when that knowledge is
 *   fresh (BEFORE_MAX_AGE_MS).
 * - "After" a POST: a list requested after that POST's answer (or failure) arrived.
 *   Lists are ordered by a sequence number taken when their request leaves the rate
 *   limiter, and every settled POST takes one too, so "requested after" is a comparison.
 *   A list still queued in the limiter serves every POST that settles before it goes out
 *   (under the API's limit the queue is where a wave gathers); one already sent when a
 *   POST settles does not serve that POST, which waits for the next list (the batching
 *   window). That next list is not queued while any POST of the address is in flight,
 *   those that start while it waits included, so one list gathers the whole wave. This
 *   cannot starve: each create waiting for the list holds one of terraform's parallel
 *   slots, a new POST needs a free one, and an address has only as many creates as the
 *   configuration declares.
 *   Across addresses, "after" lists go out one at a time: terraform's parallel slots span
 *   two addresses or more, and once one address's list answered and its creates returned,
 *   terraform refills the freed slots with the next creates in its queue, mostly of the
 *   addresses still waiting, so their lists, sent next, find more creates each (about one
 *   list per slot-full of creates instead of one per address per slot-full). The next list
 *   goes when as many creates are in hand as when the last one answered (the slots are
 *   full again), or when terraform has started none for GATHER_IDLE_MS (it has no more to
 *   give, or other resources hold the slots), at most GATHER_PAUSE_MS after the answer.
 *   The oldest waiting address goes first, so none waits for more than the others' lists.
 * - "Current" (the provider's per-address cache): the latest list, when no device change
 *   of the address settled after it was requested. Every change made through this client
 *   (create, regenerate, revoke, relabel) marks the address, so a read after a change
 *   sees it, and a read after the last create of a wave costs nothing.
 * Only one list of an address is in flight at a time. A shared request is cancelled only
 * when every caller waiting for it has given up: one caller's stop must not fail others.
 */
import type { CallOptions } from './caller';
import type { Clock } from './clock';
import type { MailboxRef } from './context';
import { AbortedError } from './errors';
import type { DeviceAccess } from './model';
import { routes } from './wire';

/**
 * How long the ids seen on an address serve as the "before" of a create. After an
 * ambiguous POST failure that made nothing, one new access with our label that someone
 * else made since the list was read would be taken for ours: the older the list, the
 * wider that window. A minute covers a wave of creates at the API's 60 requests a minute;
 * knowledge older than that is read again (one list).
 */
export const BEFORE_MAX_AGE_MS = 60_000;

/**
 * After an "after" list answered, the next address's list waits while terraform starts
 * creates in the freed slots: until none started for GATHER_IDLE_MS, and GATHER_PAUSE_MS
 * at most. Measured on the large-org example, terraform starts them over a few hundred
 * milliseconds; under the API's limit of about a request a second, the pause costs little.
 */
export const GATHER_IDLE_MS = 200;
export const GATHER_PAUSE_MS = 1000;

/** Reads every access of the address; must call `onSending` as its (first) request goes out. */
export type DeviceListSource = (
  ref: MailboxRef,
  options: CallOptions & { readonly onSending: () => void },
) => Promise<DeviceAccess[]>;

/** A list and the sequence number taken when it was requested. */
export interface Listed {
  readonly accesses: readonly DeviceAccess[];
  readonly seq: number;
}

/** A POST in flight; `settled()` marks its end (answer or failure) and returns its sequence number. */
export interface TrackedPost {
  settled(): number;
}

interface Batch {
  /** Taken when the request goes out; undefined while the batch waits for POSTs to settle. */
  seq?: number;
  /** Its request left the limiter: from then on it reflects nothing that settles later. */
  sent: boolean;
  /** POSTs of the address in flight, not settled yet, that this batch waits for. */
  readonly waitFor: Set<object>;
  /** An "after" list: POSTs that start while it waits join `waitFor`. */
  readonly gathers: boolean;
  readonly controller: AbortController;
  readonly result: Promise<Listed>;
  resolve(listed: Listed): void;
  reject(error: unknown): void;
  waiters: number;
}

interface AddressState {
  /** Sequence number of the latest device change of the address that settled. */
  dirty: number;
  last?: Listed;
  /** Every access id any list of the address showed, and when the latest answered. */
  readonly seen: Set<number>;
  seenAt?: number;
  inFlight?: Batch;
  next?: Batch;
  readonly posts: Set<object>;
}

export class DeviceListBatch {
  #seq = 0;
  readonly #addresses = new Map<string, AddressState>();
  /** An "after" list is in flight, or the pause after its answer has not ended. */
  #gathering = false;
  /** Addresses whose "after" list could go out but waits for `#gathering` to end, oldest first. */
  readonly #held = new Map<AddressState, MailboxRef>();
  /** Creates in hand, every address: POSTs in flight and callers waiting for an "after" list. */
  #inHand = 0;
  /** After an "after" list answered: how many creates were in hand then; `started` notes a new one. */
  #refill?: { readonly level: number; readonly end: () => void; readonly started: () => void };

  constructor(
    private readonly source: DeviceListSource,
    private readonly clock: Clock,
    private readonly beforeMaxAgeMs = BEFORE_MAX_AGE_MS,
    private readonly pause = { idleMs: GATHER_IDLE_MS, maxMs: GATHER_PAUSE_MS },
  ) {}

  /** The address's accesses as they are now: the latest list when no change settled since it was requested. */
  async current(ref: MailboxRef, options: CallOptions = {}): Promise<readonly DeviceAccess[]> {
    const state = this.#state(ref);
    return (await this.#listAfter(ref, state, state.dirty, false, options)).accesses;
  }

  /**
   * A list requested after `seq` (a settled POST's), gathering the other creates of the
   * address whose POSTs are in flight.
   */
  after(ref: MailboxRef, seq: number, options: CallOptions = {}): Promise<Listed> {
    this.#inHand++;
    const listed = this.#listAfter(ref, this.#state(ref), seq, true, options);
    void listed.catch(() => undefined).then(() => this.#inHand--);
    return listed;
  }

  /**
   * Every access id seen on the address, to call "before" a POST sent after this returns.
   * Reads the address when nothing fresh is known, or when no list was requested after
   * `notBefore` (a sequence number the caller needs covered).
   */
  async knownIds(ref: MailboxRef, options: CallOptions = {}, notBefore = 0): Promise<Set<number>> {
    const state = this.#state(ref);
    const fresh =
      state.seenAt !== undefined &&
      this.clock.now() - state.seenAt <= this.beforeMaxAgeMs &&
      (state.last?.seq ?? -1) > notBefore;
    if (!fresh) await this.#listAfter(ref, state, Math.max(notBefore, state.last?.seq ?? -1), false, options);
    return new Set(state.seen);
  }

  /** Call just before a POST that creates an access of the address is sent. */
  postStarting(ref: MailboxRef): TrackedPost {
    const state = this.#state(ref);
    const token = {};
    state.posts.add(token);
    if (state.next?.gathers) state.next.waitFor.add(token);
    this.#inHand++;
    if (this.#refill && this.#inHand >= this.#refill.level) this.#refill.end();
    else this.#refill?.started();
    let seq: number | undefined;
    return {
      settled: () => {
        if (seq !== undefined) return seq;
        this.#inHand--;
        state.posts.delete(token);
        state.next?.waitFor.delete(token);
        seq = state.dirty = ++this.#seq;
        this.#send(ref, state);
        return seq;
      },
    };
  }

  /** A change to the address's devices settled (regenerate, revoke); no ref: every address (a Device relabel). */
  changed(ref?: MailboxRef): void {
    const seq = ++this.#seq;
    if (ref === undefined) for (const state of this.#addresses.values()) state.dirty = seq;
    else this.#state(ref).dirty = seq;
  }

  /**
   * This client just created the mailbox: it has no device access yet (ASSUMED
   * `newMailboxDevices` in wire-assumptions.ts), which serves as its first list.
   */
  mailboxCreated(ref: MailboxRef): void {
    const state = this.#state(ref);
    this.#answered(state, { accesses: [], seq: ++this.#seq });
  }

  #state(ref: MailboxRef): AddressState {
    const key = `${ref.hosting}/${ref.mailbox.toLowerCase()}`;
    let state = this.#addresses.get(key);
    if (!state) {
      state = { dirty: 0, seen: new Set(), posts: new Set() };
      this.#addresses.set(key, state);
    }
    return state;
  }

  async #listAfter(
    ref: MailboxRef,
    state: AddressState,
    seq: number,
    gather: boolean,
    options: CallOptions,
  ): Promise<Listed> {
    if (state.last && state.last.seq > seq) return state.last;
    let batch = state.inFlight;
    // A list still queued in the limiter serves whoever settled before it goes out.
    if (!batch || (batch.sent && (batch.seq ?? -1) <= seq)) {
      batch = state.next ??= newBatch(gather, state.posts);
      this.#send(ref, state);
    }
    return this.#wait(ref, state, batch, options.signal);
  }

  /**
   * Sends the waiting batch when no list of the address is in flight and the POSTs it waits
   * for have settled; an "after" list also waits for its turn among addresses.
   */
  #send(ref: MailboxRef, state: AddressState): void {
    const batch = state.next;
    if (!batch || state.inFlight || batch.waitFor.size > 0) return;
    if (batch.gathers) {
      if (this.#gathering) {
        if (!this.#held.has(state)) this.#held.set(state, ref);
        return;
      }
      this.#gathering = true;
      this.#held.delete(state);
    }
    state.next = undefined;
    state.inFlight = batch;
    batch.seq = ++this.#seq;
    const onSending = (): void => {
      if (batch.sent) return;
      batch.sent = true;
      batch.seq = ++this.#seq;
    };
    this.source(ref, { signal: batch.controller.signal, onSending }).then(
      (accesses) => {
        const listed = { accesses, seq: batch.seq ?? 0 };
        this.#answered(state, listed);
        // Before its waiters go: the pause counts them as in hand.
        if (batch.gathers) this.#startRefill();
        batch.resolve(listed);
      },
      (error: unknown) => {
        if (batch.gathers) this.#startRefill();
        batch.reject(error);
      },
    );
    void batch.result
      .catch(() => undefined)
      .then(() => {
        if (state.inFlight === batch) state.inFlight = undefined;
        this.#send(ref, state);
      });
  }

  #startRefill(): void {
    let ended = false;
    const end = (): void => {
      if (ended) return;
      ended = true;
      this.#refill = undefined;
      this.#nextGather();
    };
    let armed = 0;
    const started = (): void => {
      const mine = ++armed;
      void this.#pause(this.pause.idleMs).then(() => mine === armed && end());
    };
    this.#refill = { level: this.#inHand, end, started };
    started();
    void this.#pause(this.pause.maxMs).then(end);
  }

  #pause(ms: number): Promise<void> {
    return this.clock.sleep(ms).catch(() => undefined);
  }

  /** The turn passes to the oldest held address that is still ready (the others send when they are). */
  #nextGather(): void {
    this.#gathering = false;
    for (const [state, ref] of [...this.#held]) {
      this.#held.delete(state);
      this.#send(ref, state);
      if (this.#gathering) return;
    }
  }

  #answered(state: AddressState, listed: Listed): void {
    for (const access of listed.accesses) state.seen.add(access.accessId);
    state.seenAt = this.clock.now();
    if (!state.last || listed.seq > state.last.seq) state.last = listed;
  }

  /** Waits for the batch; the caller's signal stops only this caller's wait. */
  #wait(ref: MailboxRef, state: AddressState, batch: Batch, signal?: AbortSignal): Promise<Listed> {
    const request = { method: 'GET' as const, route: routes.devices, params: { ...ref } };
    if (signal?.aborted) return Promise.reject(new AbortedError(request, false));
    batch.waiters++;
    return new Promise<Listed>((resolve, reject) => {
      const onAbort = (): void => {
        reject(new AbortedError(request, false));
        if (--batch.waiters > 0) return;
        // Nobody waits any more: a batch not sent is dropped, one in flight cancelled.
        if (state.next === batch) state.next = undefined;
        batch.controller.abort();
        if (state.inFlight === batch) {
          state.inFlight = undefined;
          this.#send(ref, state);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      batch.result.then(
        (listed) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(listed);
        },
        (error: unknown) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      );
    });
  }
}

function newBatch(gathers: boolean, posts: ReadonlySet<object>): Batch {
  const waitFor = gathers ? new Set(posts) : new Set<object>();
  let resolve!: (listed: Listed) => void;
  let reject!: (error: unknown) => void;
  const result = new Promise<Listed>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Waiters may all have left; the outcome must not become an unhandled rejection.
  result.catch(() => undefined);
  return {
    waitFor,
    gathers,
    sent: false,
    controller: new AbortController(),
    result,
    resolve,
    reject,
    waiters: 0,
  };
}
