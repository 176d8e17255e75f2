/**
 * One terraform run asks about the same address many times: every device resource
 * of an address is refreshed in parallel, and so are its grants and its policy. The
 * cache makes that one device-list request and one webmail-list request per address
 * per provider process, shared by every caller, including callers that arrive while
 * the first request is still in flight.
 *
 * A mutation on an address drops that address's entries, so a read after a change
 * sees the change (creating the mailbox counts). A failed request is not cached, so the
 * next caller tries again, except an address that does not exist: it stays missing for
 * the run until something creates it (a plan that creates an address and twenty devices
 * asks once, not twenty times).
 */
import type { DeviceAccess, MailboxRef, MailClient, WebmailAccess } from '../infomaniak';
import { NotFoundError } from '../infomaniak/errors';

type Loader<T> = (ref: MailboxRef, signal: AbortSignal) => Promise<T>;

class PerAddress<T> {
  readonly #entries = new Map<string, Promise<T>>();
  constructor(private readonly load: Loader<T>) {}

  get(ref: MailboxRef, signal: AbortSignal): Promise<T> {
    const key = addressKey(ref);
    let entry = this.#entries.get(key);
    if (!entry) {
      // Not tied to one caller's signal: a cancelled caller must not fail the others.
      entry = this.load(ref, signal);
      this.#entries.set(key, entry);
      entry.catch((error: unknown) => {
        const missing = error instanceof NotFoundError && error.resource === 'mailbox';
        if (!missing && this.#entries.get(key) === entry) this.#entries.delete(key);
      });
    }
    return entry;
  }

  invalidate(ref: MailboxRef): void {
    this.#entries.delete(addressKey(ref));
  }
}

export function addressKey(ref: MailboxRef): string {
  return `${ref.hosting}/${ref.mailbox.toLowerCase()}`;
}

export class AccessCache {
  readonly #devices: PerAddress<readonly DeviceAccess[]>;
  readonly #webmail: PerAddress<WebmailAccess>;
  readonly #managed = new Set<string>();
  /** Mail Services whose existence a list request proved this run (it does not change during one). */
  readonly #hostings = new Map<number, Promise<void>>();

  constructor(private readonly client: MailClient) {
    // The client's shared lists: a read after a wave of creates reuses the list that found them.
    this.#devices = new PerAddress((ref, signal) => client.devices.listCurrent(ref, { signal }));
    this.#webmail = new PerAddress((ref, signal) => client.webmail.list(ref, { signal }));
  }

  /** Every device of the address (the generic password included), never a password. */
  devices(ref: MailboxRef, signal: AbortSignal): Promise<readonly DeviceAccess[]> {
    return this.#devices.get(ref, signal);
  }

  /** Users with webmail access and open invitations of the address. */
  webmail(ref: MailboxRef, signal: AbortSignal): Promise<WebmailAccess> {
    return this.#webmail.get(ref, signal);
  }

  /**
   * Resolves when the Mail Service exists and the token may read it; rejects with the API's
   * error otherwise. One request per Mail Service per run: a plan that creates fifty
   * addresses asks once, not fifty times. A failure is not kept, so the next caller asks again.
   */
  hostingExists(hosting: number, signal: AbortSignal): Promise<void> {
    let entry = this.#hostings.get(hosting);
    if (!entry) {
      entry = this.client.mailboxes.list(hosting, { signal, perPage: 1, maxPages: 1 }).then(() => undefined);
      this.#hostings.set(hosting, entry);
      entry.catch(() => {
        if (this.#hostings.get(hosting) === entry) this.#hostings.delete(hosting);
      });
    }
    return entry;
  }

  /**
   * Device accesses some `infomaniakmail_device` of this run manages (seen by its refresh).
   * A new access may share a label with one of them without a warning: that is what a
   * create-before-destroy replacement looks like.
   */
  markManaged(ref: MailboxRef, accessId: number): void {
    this.#managed.add(`${addressKey(ref)}#${accessId}`);
  }

  isManaged(ref: MailboxRef, accessId: number): boolean {
    return this.#managed.has(`${addressKey(ref)}#${accessId}`);
  }

  /** Call after creating the address: what was cached as missing is not any more. */
  addressCreated(ref: MailboxRef): void {
    this.#devices.invalidate(ref);
    this.#webmail.invalidate(ref);
  }

  /** Call after any change to the address's devices. */
  devicesChanged(ref: MailboxRef): void {
    this.#devices.invalidate(ref);
  }

  /** Call after any change to the address's users or invitations. */
  webmailChanged(ref: MailboxRef): void {
    this.#webmail.invalidate(ref);
  }
}
