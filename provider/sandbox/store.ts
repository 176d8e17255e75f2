/**
 * The sandbox's state and the lookups every endpoint shares. Lookups throw the
 * service's 404s, so endpoints read as the happy path.
 *
 * Mutations happen synchronously on `state` after any await (password hashing),
 * re-reading records first: a concurrent request may have removed them while the
 * hash was computed.
 */
import { ApiError, notFound } from './errors';
import { errorCodes } from '../infomaniak/wire';
import { PasswordIndex } from './password-index';
import {
  cloneState,
  type DeviceAccessRecord,
  type DeviceRecord,
  type HostingRecord,
  type MailboxRecord,
  type NextIds,
  type SandboxState,
  type TokenRecord,
  type UserRecord,
} from './state';

export interface AccessLocation {
  hosting: HostingRecord;
  mailbox: MailboxRecord;
  access: DeviceAccessRecord;
}

export class Store {
  private offsetMs = 0;
  /** Makes and checks password hashes; what keeps a verify at one scrypt (password-index.ts). */
  readonly passwords = new PasswordIndex();

  constructor(
    private readonly seed: SandboxState,
    public state: SandboxState,
    private readonly baseNow: () => number,
  ) {}

  /**
   * Restores the seed, as on first start, except that ids go on from where they were: the
   * real service never gives an id twice, and a client that still remembers ids read
   * before the reset (the provider's shared device lists do) must not meet them again.
   */
  reset(): void {
    const ids = this.state.next_ids;
    this.state = cloneState(this.seed);
    for (const kind of Object.keys(ids) as (keyof typeof ids)[])
      this.state.next_ids[kind] = Math.max(this.state.next_ids[kind], ids[kind]);
    this.offsetMs = 0;
  }

  /** Milliseconds, including any shift a test applied through /__sandbox/clock. */
  nowMs(): number {
    return this.baseNow() + this.offsetMs;
  }

  /** Seconds, as the API's timestamps are. */
  nowSeconds(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  advanceClock(ms: number): void {
    this.offsetMs += ms;
  }

  clockOffsetMs(): number {
    return this.offsetMs;
  }

  token(token: string): TokenRecord | undefined {
    return this.state.tokens.find((t) => t.token === token);
  }

  hosting(raw: string | number): HostingRecord {
    const id = typeof raw === 'number' ? raw : parseId(raw);
    const hosting = id === undefined ? undefined : this.state.hostings.find((h) => h.id === id);
    if (!hosting) throw notFound.hosting(raw);
    return hosting;
  }

  /** The 501 of a Mail Service not yet enabled for device and user accesses. */
  requireAccesses(hosting: HostingRecord): void {
    if (!hosting.accesses_enabled) throw notImplemented(hosting.id);
  }

  hostingByDomain(domain: string): HostingRecord | undefined {
    const wanted = domain.toLowerCase();
    return this.state.hostings.find((h) => h.domain.toLowerCase() === wanted);
  }

  /** Path names compare lower-case, as the local part of an address does at Infomaniak. */
  findMailbox(hosting: HostingRecord, name: string): MailboxRecord | undefined {
    const wanted = name.toLowerCase();
    return hosting.mailboxes.find((m) => m.mailbox_name === wanted);
  }

  mailbox(hosting: HostingRecord, name: string): MailboxRecord {
    const mailbox = this.findMailbox(hosting, name);
    if (!mailbox) throw notFound.mailbox(hosting.id, name);
    return mailbox;
  }

  deviceAccess(mailbox: MailboxRecord, raw: string): DeviceAccessRecord {
    const id = parseId(raw);
    const access = id === undefined ? undefined : mailbox.device_accesses.find((a) => a.id === id);
    if (!access) throw notFound.deviceAccess(raw, mailbox.mailbox_name);
    return access;
  }

  findDevice(id: number): DeviceRecord | undefined {
    return this.state.devices.find((d) => d.id === id);
  }

  device(raw: string | number): DeviceRecord {
    const id = typeof raw === 'number' ? raw : parseId(raw);
    const device = id === undefined ? undefined : this.findDevice(id);
    if (!device) throw notFound.device(raw);
    return device;
  }

  /** Every access of a Device, across addresses and Mail Services. */
  accessesOf(deviceId: number): AccessLocation[] {
    const found: AccessLocation[] = [];
    for (const hosting of this.state.hostings) {
      for (const mailbox of hosting.mailboxes) {
        for (const access of mailbox.device_accesses) {
          if (access.device_id === deviceId) found.push({ hosting, mailbox, access });
        }
      }
    }
    return found;
  }

  accessAnywhere(id: number): AccessLocation | undefined {
    for (const hosting of this.state.hostings) {
      for (const mailbox of hosting.mailboxes) {
        const access = mailbox.device_accesses.find((a) => a.id === id);
        if (access) return { hosting, mailbox, access };
      }
    }
    return undefined;
  }

  /** A Device lives while it reads an address; revoking its last access removes it. */
  dropOrphanDevices(): void {
    const used = new Set<number>();
    for (const hosting of this.state.hostings) {
      for (const mailbox of hosting.mailboxes) {
        for (const access of mailbox.device_accesses) used.add(access.device_id);
      }
    }
    this.state.devices = this.state.devices.filter((d) => used.has(d.id));
  }

  findUser(id: number): UserRecord | undefined {
    return this.state.users.find((u) => u.user_id === id);
  }

  user(raw: string | number): UserRecord {
    const id = typeof raw === 'number' ? raw : parseId(raw);
    const user = id === undefined ? undefined : this.findUser(id);
    if (!user) throw notFound.user(raw);
    return user;
  }

  nextId(kind: keyof NextIds): number {
    return this.state.next_ids[kind]++;
  }
}

function notImplemented(hosting: number): ApiError {
  return new ApiError(
    501,
    errorCodes.notImplemented,
    `Mail Service ${hosting} is not yet enabled for device and user accesses; Infomaniak enables accounts gradually. Nothing to fix in the configuration.`,
  );
}

/** Path ids are positive integers; anything else simply matches nothing (a 404, as the service answers). */
export function parseId(raw: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}
