/**
 * The sandbox's state and the lookups every endpoint shares. Lookups throw the
 * service's 404s, so endpoints read as the happy path.
 *
 * Mutations happen synchronously on `state` after any await (password hashing),
 * re-reading records first: a concurrent request may have removed them while the
 * hash was computed.
 */
import { notFound } from './errors';
import {
  cloneState,
  type DeviceRecord,
  type HostingRecord,
  type MailboxRecord,
  type SandboxState,
} from './state';

export interface DeviceLocation {
  hosting: HostingRecord;
  mailbox: MailboxRecord;
  device: DeviceRecord;
}

export class Store {
  private offsetMs = 0;

  constructor(
    private readonly seed: SandboxState,
    public state: SandboxState,
    private readonly baseNow: () => number,
  ) {}

  /** Restores the seed, as on first start. */
  reset(): void {
    this.state = cloneState(this.seed);
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

  tokenRights(token: string): 'admin' | 'readonly' | undefined {
    return this.state.tokens.find((t) => t.token === token)?.rights;
  }

  hosting(raw: string): HostingRecord {
    const id = parseId(raw);
    const hosting = id === undefined ? undefined : this.state.hostings.find((h) => h.id === id);
    if (!hosting) throw notFound.hosting(raw);
    return hosting;
  }

  hostingByDomain(domain: string): HostingRecord | undefined {
    const wanted = domain.toLowerCase();
    return this.state.hostings.find((h) => h.domain.toLowerCase() === wanted);
  }

  /** Mailbox names are case-insensitive, as the local part of an address is at Infomaniak. */
  findMailbox(hosting: HostingRecord, name: string): MailboxRecord | undefined {
    const wanted = name.toLowerCase();
    return hosting.mailboxes.find((m) => m.mailbox_name === wanted);
  }

  mailbox(hosting: HostingRecord, name: string): MailboxRecord {
    const mailbox = this.findMailbox(hosting, name);
    if (!mailbox) throw notFound.mailbox(hosting.id, name);
    return mailbox;
  }

  device(mailbox: MailboxRecord, raw: string): DeviceRecord {
    const id = parseId(raw);
    const device = id === undefined ? undefined : mailbox.devices.find((d) => d.id === id);
    if (!device) throw notFound.device(raw, `mailbox "${mailbox.mailbox_name}"`);
    return device;
  }

  /** Device ids are global: the label route names only the device. */
  deviceAnywhere(raw: string): DeviceLocation {
    const id = parseId(raw);
    if (id !== undefined) {
      for (const hosting of this.state.hostings) {
        for (const mailbox of hosting.mailboxes) {
          const device = mailbox.devices.find((d) => d.id === id);
          if (device) return { hosting, mailbox, device };
        }
      }
    }
    throw notFound.device(raw);
  }

  organisationUser(raw: string | number) {
    const id = typeof raw === 'number' ? raw : parseId(raw);
    const user = id === undefined ? undefined : this.state.users.find((u) => u.user_id === id);
    if (!user) throw notFound.organisationUser(raw);
    return user;
  }

  nextDeviceId(): number {
    return this.state.next_ids.device++;
  }

  nextInvitationId(): number {
    return this.state.next_ids.invitation++;
  }
}

/** Path ids are positive integers; anything else simply matches nothing (a 404, as the service answers). */
export function parseId(raw: string): number | undefined {
  if (!/^[1-9][0-9]{0,15}$/.test(raw)) return undefined;
  const id = Number(raw);
  return Number.isSafeInteger(id) ? id : undefined;
}
