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
 *
 * Addresses themselves come from one list of the Mail Service per run (its directory):
 * fifty address resources are refreshed by one request, not fifty, and an address the
 * directory does not hold is known not to exist without asking its lists.
 */
import type {
  Address,
  AddressDirectory,
  DeviceAccess,
  MailboxRef,
  MailClient,
  WebmailAccess,
} from '../infomaniak';
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
  /** One directory per Mail Service and run (its addresses do not change during one, except by us). */
  readonly #directories = new Map<number, Promise<AddressDirectory>>();
  /** Addresses this run created (the Address) or tried to (undefined: ask the API). */
  readonly #created = new Map<string, Address | undefined>();

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
   * The address, or undefined when it does not exist. The first question about a Mail Service
   * lists its addresses (one request up to MAX_PER_PAGE of them); a Mail Service larger than
   * that page is asked about each address the page does not hold. Rejects with the API's
   * error when the Mail Service cannot be read (wrong id, no right).
   */
  async address(ref: MailboxRef, signal: AbortSignal): Promise<Address | undefined> {
    const key = addressKey(ref);
    if (this.#created.has(key)) {
      return this.#created.get(key) ?? (await this.client.mailboxes.find(ref, { signal }));
    }
    const directory = await this.#directory(ref.hosting, signal);
    const listed = directory.get(ref.mailbox);
    if (listed !== undefined || directory.complete) return listed;
    return this.client.mailboxes.find(ref, { signal });
  }

  /**
   * Resolves when the Mail Service exists and the token may read it; rejects with the API's
   * error otherwise. Answered by the directory: a plan that creates fifty addresses asks once.
   */
  async hostingExists(hosting: number, signal: AbortSignal): Promise<void> {
    await this.#directory(hosting, signal);
  }

  /** A failure is not kept, so the next caller asks again. */
  #directory(hosting: number, signal: AbortSignal): Promise<AddressDirectory> {
    let entry = this.#directories.get(hosting);
    if (!entry) {
      entry = this.client.mailboxes.directory(hosting, { signal });
      this.#directories.set(hosting, entry);
      entry.catch(() => {
        if (this.#directories.get(hosting) === entry) this.#directories.delete(hosting);
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

  /**
   * Call after creating the address (`address`: what the API answered), or after a create whose
   * outcome is unknown (no `address`: the API is asked again). What was cached as missing is not any more.
   */
  addressCreated(ref: MailboxRef, address?: Address): void {
    this.#created.set(addressKey(ref), address);
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
