/** Mailboxes (addresses) of a Mail Service: list, show, find, create. No route updates or deletes one. */
import type { CallOptions } from './caller';
import {
  type ApiContext,
  type ListOptions,
  type MailboxRef,
  isAmbiguous,
  listAll,
  listFirstPage,
  mailboxParams,
  parseInput,
  pauseBeforeRound,
} from './context';
import { toAddress } from './convert';
import { MAX_PER_PAGE } from './api-rules';
import { AbortedError, NotFoundError } from './errors';
import { MailboxReadBack } from './mailbox-read-back';
import type { Address } from './model';
import {
  MAILBOX_CREATE_TARGET,
  createMailboxBody,
  createdMailboxSchema,
  mailboxSchema,
  successEnvelope,
} from './wire';

const mailboxEnvelope = successEnvelope(mailboxSchema);
const createdEnvelope = successEnvelope(createdMailboxSchema);

export interface NewAddress {
  /** At most 80 characters; sent at creation only (no route updates a mailbox). */
  readonly note?: string;
}

/** A Mail Service's addresses as one list showed them. */
export interface AddressDirectory {
  /** The listed address of that mailbox name (compared in lower case, as the API stores names). */
  get(mailbox: string): Address | undefined;
  /** The list held every address of the Mail Service: one it lacks does not exist. */
  readonly complete: boolean;
}

export class MailboxesApi {
  readonly #readBack = new MailboxReadBack(
    (hosting) => this.directory(hosting),
    (ms) => this.ctx.clock.sleep(ms),
  );

  /** `onCreated`: a POST created the mailbox (not called for one found after an ambiguous failure). */
  constructor(
    private readonly ctx: ApiContext,
    private readonly onCreated: (ref: MailboxRef) => void = () => undefined,
  ) {}

  /** Every address of the Mail Service (all pages). */
  async list(hosting: number, options?: ListOptions): Promise<Address[]> {
    return (await listAll(this.ctx, 'mailboxes', { hosting }, mailboxSchema, options)).map(toAddress);
  }

  /**
   * The first page of the Mail Service's addresses, as large as the API serves
   * (MAX_PER_PAGE), and whether it holds them all: one request answers "does this
   * address exist, and what is it" for every address of a Mail Service of up to that size.
   */
  async directory(hosting: number, options?: CallOptions): Promise<AddressDirectory> {
    const page = await listFirstPage(this.ctx, 'mailboxes', { hosting }, mailboxSchema, {
      ...options,
      perPage: MAX_PER_PAGE,
    });
    const byName = new Map(page.items.map((m) => [m.mailbox_name.toLowerCase(), toAddress(m)]));
    return { get: (mailbox) => byName.get(mailbox.toLowerCase()), complete: page.complete };
  }

  /** One address; NotFoundError (resource 'mailbox') when it does not exist. */
  async show(ref: MailboxRef, options?: CallOptions): Promise<Address> {
    const envelope = await this.ctx.caller.call(
      { method: 'GET', route: 'mailbox', params: mailboxParams(ref), schema: mailboxEnvelope },
      options,
    );
    return toAddress(envelope.data);
  }

  /** Like show, but undefined when the mailbox does not exist. */
  async find(ref: MailboxRef, options?: CallOptions): Promise<Address | undefined> {
    try {
      return await this.show(ref, options);
    } catch (error) {
      if (error instanceof NotFoundError && error.resource === 'mailbox') return undefined;
      throw error;
    }
  }

  /**
   * Creates the address granting nobody (ASSUMED `mailboxCreateTarget` in wire.ts), then
   * reads it back, from a list shared with the other creates of the Mail Service in flight
   * (mailbox-read-back.ts), or alone when that list does not show it. Not blindly retried:
   * after an ambiguous failure the mailbox is looked up by its name, which is unique, and
   * returned when it exists.
   */
  async create(ref: MailboxRef, input: NewAddress = {}, options: CallOptions = {}): Promise<Address> {
    const body = parseInput(
      createMailboxBody,
      {
        mailbox_name: ref.mailbox,
        ...(input.note === undefined ? {} : { note: input.note }),
        target: MAILBOX_CREATE_TARGET,
        link_to_current_user: false,
      },
      'mailbox',
    );
    for (let round = 1; ; round++) {
      try {
        const post = this.#readBack.postStarting(ref.hosting);
        let settled: number;
        try {
          await this.ctx.caller.call(
            {
              method: 'POST',
              route: 'mailboxes',
              params: { hosting: ref.hosting },
              body,
              schema: createdEnvelope,
            },
            options,
          );
        } finally {
          settled = post.settled();
        }
        this.onCreated(ref);
        const listed = await this.#readBack.read(ref, settled, options).catch((error: unknown) => {
          if (error instanceof AbortedError) throw error;
          return undefined;
        });
        return listed ?? (await this.show(ref, options));
      } catch (error) {
        if (!isAmbiguous(error)) throw error;
        const existing = await this.find(ref, options);
        if (existing) return existing;
        if (round >= this.ctx.retry.maxAttempts) throw error;
        await pauseBeforeRound(this.ctx, round, error, options.signal);
      }
    }
  }
}
