/**
 * Reading back the addresses this client creates. The create's answer lacks what the
 * provider keeps (the Unicode address, whether a generic password exists), so each new
 * address is read once more. Terraform creates many addresses at once (ten at a time by
 * default): instead of one GET per address, one list of the Mail Service's addresses
 * serves every create of that Mail Service whose POST answered before the list was
 * requested (ASSUMED `mailboxListAfterCreate` in wire-assumptions.ts).
 *
 * The list is not requested while a POST of the Mail Service is in flight, those that
 * start while it waits included, so one list gathers a whole wave; it cannot starve, for
 * each create waiting for it holds one of terraform's parallel slots. A list already
 * requested when a POST answers does not serve that POST, which waits for the next one.
 * The list is the first page of the Mail Service (MAX_PER_PAGE addresses): a create it
 * does not show, or a list that failed, leaves the caller to read its address alone.
 */
import type { CallOptions } from './caller';
import { abortable } from './abortable';
import { AbortedError } from './errors';
import type { AddressDirectory } from './mailboxes';
import type { Address } from './model';
import { routes } from './wire';

/** The first page of a Mail Service's addresses (MailboxesApi.directory). */
export type AddressListSource = (hosting: number) => Promise<AddressDirectory>;

interface Wave {
  /** Taken when the list is requested; undefined while it waits for POSTs to settle. */
  seq?: number;
  /** POSTs in flight, not settled yet, that this list waits for. */
  readonly waitFor: Set<object>;
  readonly result: Promise<AddressDirectory>;
  resolve(listed: AddressDirectory): void;
  reject(error: unknown): void;
}

interface HostingState {
  readonly posts: Set<object>;
  inFlight?: Wave;
  next?: Wave;
}

/**
 * Between two creates a list served, how long the second waits to return. Terraform queues
 * the resources that depend on an address (its devices) when the address is done: handed
 * back together, the devices of ten addresses queue interleaved and terraform's parallel
 * slots hold a few of each, so each device list finds few creates (mailbox-read-back is
 * what made ten addresses finish at once). Handed back one by one, each address's devices
 * queue together and share their lists (measured on the large-org example: 100 device lists
 * for 1000 devices, against about 155 without). 50 ms per address, against a second per
 * request under the API's limit.
 */
export const RETURN_SPACING_MS = 50;

export class MailboxReadBack {
  #seq = 0;
  readonly #hostings = new Map<number, HostingState>();
  /** When the latest caller served by a list may return. */
  #returns: Promise<void> = Promise.resolve();

  constructor(
    private readonly source: AddressListSource,
    private readonly sleep: (ms: number) => Promise<void>,
    private readonly spacingMs = RETURN_SPACING_MS,
  ) {}

  /** Call just before the POST that creates an address of `hosting`; `settled` when it answered or failed. */
  postStarting(hosting: number): { settled(): number } {
    const state = this.#state(hosting);
    const token = {};
    state.posts.add(token);
    state.next?.waitFor.add(token);
    let seq: number | undefined;
    return {
      settled: () => {
        if (seq !== undefined) return seq;
        state.posts.delete(token);
        state.next?.waitFor.delete(token);
        seq = ++this.#seq;
        this.#send(hosting, state);
        return seq;
      },
    };
  }

  /**
   * The address as a list requested after `seq` (its POST's settled()) shows it; undefined
   * when that list does not show it. Rejects when the list failed or `options.signal` stopped the wait.
   */
  async read(
    ref: { hosting: number; mailbox: string },
    seq: number,
    options: CallOptions = {},
  ): Promise<Address | undefined> {
    const state = this.#state(ref.hosting);
    let wave = state.inFlight;
    if (!wave || (wave.seq ?? -1) <= seq) {
      wave = state.next ??= newWave(state.posts);
      this.#send(ref.hosting, state);
    }
    const request = { method: 'GET' as const, route: routes.mailboxes, params: { hosting: ref.hosting } };
    const listed = await abortable(wave.result, options.signal, () => new AbortedError(request, false));
    const turn = this.#returns;
    this.#returns = turn.then(() => this.sleep(this.spacingMs)).catch(() => undefined);
    await turn;
    return listed.get(ref.mailbox);
  }

  #state(hosting: number): HostingState {
    let state = this.#hostings.get(hosting);
    if (!state) {
      state = { posts: new Set() };
      this.#hostings.set(hosting, state);
    }
    return state;
  }

  #send(hosting: number, state: HostingState): void {
    const wave = state.next;
    if (!wave || state.inFlight || wave.waitFor.size > 0) return;
    state.next = undefined;
    state.inFlight = wave;
    wave.seq = ++this.#seq;
    // Not tied to one caller's signal: a caller that stops must not fail the others.
    this.source(hosting).then(wave.resolve, wave.reject);
    void wave.result
      .catch(() => undefined)
      .then(() => {
        if (state.inFlight === wave) state.inFlight = undefined;
        this.#send(hosting, state);
      });
  }
}

function newWave(posts: ReadonlySet<object>): Wave {
  let resolve!: Wave['resolve'];
  let reject!: Wave['reject'];
  const result = new Promise<AddressDirectory>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Waiters may all have stopped; the outcome must not become an unhandled rejection.
  result.catch(() => undefined);
  return { waitFor: new Set(posts), result, resolve, reject };
}
