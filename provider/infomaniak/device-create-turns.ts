/**
 * Creates of one address that would be found by the same label (or the same Device)
 * take turns. Two such creates at once produce two new accesses that no list can tell
 * apart (the API answers a create with the password only), so both would end unread.
 * In turn, the second one's "before" comes from a list requested after the first POST
 * settled: the first access is in it, and the second is found. Creates with different
 * labels never wait for each other. Labels are meant to be unique per address (the
 * provider warns, the constructs refuse), so waiting is the exception.
 */
import type { MailboxRef } from './context';
import { abortable } from './abortable';

export interface Turn {
  /** Sequence number of the previous create's last settled POST (0: none): the "before" must be newer. */
  readonly after: number;
  /** Ends this turn; `seq` is this create's last settled POST, if it sent one. */
  release(seq?: number): void;
}

export class CreateTurns {
  readonly #tails = new Map<string, Promise<number>>();

  /**
   * Waits for the earlier creates with the same key on the address. Rejects with the
   * signal's reason when it aborts first; the chain is kept either way.
   */
  async take(ref: MailboxRef, key: string, signal?: AbortSignal): Promise<Turn> {
    const id = `${ref.hosting}/${ref.mailbox.toLowerCase()}#${key}`;
    const previous = this.#tails.get(id) ?? Promise.resolve(0);
    let release!: (seq?: number) => void;
    const mine = new Promise<number | undefined>((resolve) => (release = resolve));
    // The next one waits for both: this create, and the one before it (this one may leave early).
    const tail = Promise.all([previous, mine]).then(([before, own]) => Math.max(before, own ?? 0));
    this.#tails.set(id, tail);
    void tail.then(() => {
      if (this.#tails.get(id) === tail) this.#tails.delete(id);
    });
    try {
      const after = await abortable(previous, signal);
      return { after, release };
    } catch (error) {
      release();
      throw error;
    }
  }
}
