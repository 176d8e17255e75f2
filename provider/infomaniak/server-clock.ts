/**
 * The service's clock, as its answers tell it (the HTTP `Date` header). Timestamps
 * such as a device's `password_changed_at` are stamped by the service, so ages are
 * best measured against its clock rather than against the local one, which may be off
 * (CI runners, laptops coming back from sleep).
 */
export class ServerClock {
  /** Service time minus local time, in ms, from the latest answer that carried a date. */
  #offsetMs: number | undefined;

  /** Records the `Date` header of an answer received at `localNowMs`; unreadable dates are ignored. */
  observe(dateHeader: string | string[] | undefined, localNowMs: number): void {
    const raw = Array.isArray(dateHeader) ? dateHeader[0] : dateHeader;
    if (!raw) return;
    const parsed = Date.parse(raw);
    if (Number.isNaN(parsed)) return;
    // The header has whole seconds: offsets under a second are noise, not skew.
    const offset = parsed - localNowMs;
    this.#offsetMs = Math.abs(offset) < 1000 ? 0 : offset;
  }

  /** The service's current time in ms; the local time until an answer carried a date. */
  now(localNowMs: number): number {
    return localNowMs + (this.#offsetMs ?? 0);
  }

  /** Whether any answer has told the service's time yet. */
  get known(): boolean {
    return this.#offsetMs !== undefined;
  }
}
