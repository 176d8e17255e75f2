/** Mailboxes (addresses) of a Mail Service: list, show, create, delete. */
import type { CallOptions } from './caller';
import {
  type ApiContext,
  type ListOptions,
  type MailboxRef,
  alreadyDone,
  isAmbiguous,
  listAll,
  mailboxParams,
  okEnvelope,
  parseInput,
  pauseBeforeRound,
} from './context';
import { NotFoundError } from './errors';
import { createMailboxBody, mailboxSchema, successEnvelope, type Mailbox } from './wire';

const mailboxEnvelope = successEnvelope(mailboxSchema);

export class MailboxesApi {
  constructor(private readonly ctx: ApiContext) {}

  /** Every mailbox of the Mail Service (all pages). */
  list(hosting: number, options?: ListOptions): Promise<Mailbox[]> {
    return listAll(this.ctx, 'mailboxes', { hosting }, mailboxSchema, options);
  }

  async show(ref: MailboxRef, options?: CallOptions): Promise<Mailbox> {
    const envelope = await this.ctx.caller.call(
      { method: 'GET', route: 'mailbox', params: mailboxParams(ref), schema: mailboxEnvelope },
      options,
    );
    return envelope.data;
  }

  /** Like show, but undefined when the mailbox does not exist (the hosting must). */
  async find(ref: MailboxRef, options?: CallOptions): Promise<Mailbox | undefined> {
    try {
      return await this.show(ref, options);
    } catch (error) {
      if (error instanceof NotFoundError && error.resource === 'mailbox') return undefined;
      throw error;
    }
  }

  /**
   * Creates a mailbox (with no password, as the service does since 2026).
   * Not blindly retried: after an ambiguous failure the mailbox is looked up by its
   * name, which is unique, and returned when it exists.
   */
  async create(ref: MailboxRef, options: CallOptions = {}): Promise<Mailbox> {
    const body = parseInput(createMailboxBody, { mailbox_name: ref.mailbox }, 'mailbox');
    for (let round = 1; ; round++) {
      try {
        const envelope = await this.ctx.caller.call(
          {
            method: 'POST',
            route: 'mailboxes',
            params: { hosting: ref.hosting },
            body,
            schema: mailboxEnvelope,
          },
          options,
        );
        return envelope.data;
      } catch (error) {
        if (!isAmbiguous(error)) throw error;
        const existing = await this.find(ref, options);
        if (existing) return existing;
        if (round >= this.ctx.retry.maxAttempts) throw error;
        await pauseBeforeRound(this.ctx, round, error, options.signal);
      }
    }
  }

  /** Deletes the mailbox and its mail. A lost answer followed by a 404 counts as done. */
  async delete(ref: MailboxRef, options?: CallOptions): Promise<void> {
    await this.ctx.caller.call(
      {
        method: 'DELETE',
        route: 'mailbox',
        params: mailboxParams(ref),
        schema: okEnvelope,
        goneMeansDone: alreadyDone,
      },
      options,
    );
  }
}
