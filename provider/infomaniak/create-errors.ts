/**
 * The two ways a create can end without a plain answer: its outcome unknown
 * (AmbiguousCreateError), or made but not read back, with the password it answered
 * (CreatedButUnreadError). Kept apart from errors.ts, which they extend.
 */
import { endpointOf, MailApiError, type RequestDescription } from './errors';

/**
 * A create whose outcome could not be established: it may have happened, and finding
 * out failed too, or two new objects that could both be it appeared. `candidates` are
 * the ids (device access ids) that may be the one created; empty when unknown.
 */
export class AmbiguousCreateError extends MailApiError {
  readonly candidates: readonly number[];

  constructor(
    request: RequestDescription,
    what: string,
    last: MailApiError | undefined,
    candidates: readonly number[] = [],
  ) {
    const named = candidates.length > 0 ? ` Candidates: ${candidates.join(', ')}.` : '';
    super(
      'ambiguous',
      `Could not tell whether ${what} was created on ${endpointOf(request)}` +
        (last
          ? `: the create failed ambiguously and checking afterwards failed too (${last.message})`
          : '.') +
        named,
      request,
      { status: last?.status, retryable: false, mayHaveCommitted: true, attempts: last?.attempts },
    );
    this.candidates = [...candidates];
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), candidates: this.candidates };
  }
}

/**
 * The API created a device access and answered its password, but reading the new
 * access back failed (or was ambiguous). The password is only ever shown this once,
 * so it travels in this error: keep it (e.g. in state) instead of creating again.
 * `password` is a non-enumerable property: util.inspect, JSON.stringify and the message
 * never show it; read it explicitly.
 */
export class CreatedButUnreadError extends MailApiError {
  declare readonly password: string;
  readonly label: string;
  /** Ids of the new accesses with that label, when the read-back found more than one. */
  readonly candidates: readonly number[];

  constructor(
    request: RequestDescription,
    created: { password: string; label: string; candidates?: readonly number[] },
    cause: MailApiError | undefined,
  ) {
    const candidates = created.candidates ?? [];
    super(
      'created_but_unread',
      `The device access "${created.label}" was created on ${endpointOf(request)}, but reading it back ` +
        (cause
          ? `failed (${cause.message})`
          : candidates.length > 1
            ? `found ${candidates.length} new accesses with that label (${candidates.join(', ')})`
            : 'did not find it') +
        '. Its password was received and is carried by this error; do not create it again.',
      request,
      { status: cause?.status, retryable: false, mayHaveCommitted: true, attempts: cause?.attempts },
    );
    Object.defineProperty(this, 'password', { value: created.password, enumerable: false });
    this.label = created.label;
    this.candidates = [...candidates];
  }

  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), label: this.label, candidates: this.candidates };
  }
}
