/**
 * Creating a device access without ever making two, and without ever losing a password.
 * The one place this recovery lives.
 *
 * The create takes the final label in its body and answers only `{password}`; it is
 * not idempotent and takes no idempotency key. So:
 *
 * 1. "Before": the ids of the address's accesses known before the POST is sent. They come
 *    from the lists the client shares per address (device-list-batch.ts): every id any
 *    list answered before the POST, read again when that knowledge is old. Creates found
 *    by the same label (or the same Device) take turns (device-create-turns.ts).
 * 2. POST. On success the new access is read back from a list requested after the POST
 *    answered, shared with the other creates of the address that answered meanwhile: the
 *    one, not in "before", with that label (or, when an existing Device was named, with
 *    that Device id). Labels need not be unique: comparing with "before" is what
 *    identifies it. Found in no list, it is looked for in one more. If the read-back fails
 *    or is unclear, CreatedButUnreadError carries the password to the caller (it is shown
 *    only this once).
 * 3. An ambiguous POST failure (timeout, reset, 5xx, unreadable 2xx): a list requested
 *    after the failure (shared the same way) decides.
 *    - exactly one new matching access: it was made, its password lost with the
 *      answer; regenerate it (harmless to repeat) and return that password;
 *    - none: the create did not happen; POST again, up to the retry policy's
 *      maxAttempts rounds, with backoff;
 *    - two or more: AmbiguousCreateError naming them (nobody can tell which is ours);
 *    - the listing fails: AmbiguousCreateError.
 * Refusals (409, 422, 403, 501 ...) are thrown as they are: nothing was made.
 *
 * The caller's signal cancels the create only until the POST is sent (after-stop.ts):
 * stopped before, it is an AbortedError that says nothing was changed; once sent, the
 * POST and the calls that learn its outcome run on, up to a bound after the stop.
 */
import { afterStop } from './after-stop';
import type { CallOptions } from './caller';
import { type ApiContext, type MailboxRef, isAmbiguous, pauseBeforeRound } from './context';
import { AmbiguousCreateError, CreatedButUnreadError } from './create-errors';
import type { CreateTurns } from './device-create-turns';
import type { DeviceListBatch, Listed } from './device-list-batch';
import { AbortedError, MailApiError } from './errors';
import type { CreatedDeviceAccess, DeviceAccess, NewDeviceAccess } from './model';
import { routes, type CreateDeviceBody } from './wire';

/** What device-create needs from the device operations (kept apart to avoid a cycle). */
export interface DeviceOps {
  post(ref: MailboxRef, body: CreateDeviceBody, options?: CallOptions): Promise<{ password: string }>;
  regenerate(ref: MailboxRef, accessId: number, options?: CallOptions): Promise<{ password: string }>;
}

/** What the creates of one client share: the lists of each address, and the turns of same-label creates. */
export interface CreateCoordination {
  readonly lists: DeviceListBatch;
  readonly turns: CreateTurns;
}

export function createBody(input: NewDeviceAccess): CreateDeviceBody {
  return {
    ...(input.label === undefined ? {} : { label: input.label }),
    protocols: input.protocols,
    ...(input.type === undefined ? {} : { type: input.type }),
    ...(input.userId === undefined ? {} : { user_id: input.userId }),
    ...(input.deviceId === undefined ? {} : { device_id: input.deviceId }),
  };
}

export async function createDeviceAccess(
  ctx: ApiContext,
  ops: DeviceOps,
  shared: CreateCoordination,
  ref: MailboxRef,
  input: NewDeviceAccess,
  options: CallOptions = {},
): Promise<CreatedDeviceAccess> {
  const late = afterStop(options.signal, ctx.finishAfterStopMs);
  const postRequest = {
    method: 'POST' as const,
    route: routes.devices,
    params: { hosting: ref.hosting, mailbox: ref.mailbox },
  };
  const key = input.deviceId === undefined ? `label:${input.label ?? ''}` : `device:${input.deviceId}`;
  let turn;
  try {
    turn = await shared.turns.take(ref, key, options.signal);
  } catch {
    late.dispose();
    throw new AbortedError(postRequest, false);
  }
  const create: Create = { ctx, ops, lists: shared.lists, ref, input, postRequest, after: turn.after };
  try {
    return await createOnce(create, options, { ...options, signal: late.signal });
  } finally {
    turn.release(create.settled);
    late.dispose();
  }
}

/** One create on its way; `settled` is the sequence number of its latest settled POST. */
interface Create {
  readonly ctx: ApiContext;
  readonly ops: DeviceOps;
  readonly lists: DeviceListBatch;
  readonly ref: MailboxRef;
  readonly input: NewDeviceAccess;
  readonly postRequest: ConstructorParameters<typeof CreatedButUnreadError>[0];
  /** The previous same-label create's settled POST: "before" must come from a list requested after it. */
  readonly after: number;
  settled?: number;
}

/** `sent`: the options of everything that follows a POST that went out (the stop no longer cancels). */
async function createOnce(
  create: Create,
  options: CallOptions,
  sent: CallOptions,
): Promise<CreatedDeviceAccess> {
  const { ctx, ops, lists, ref, input, postRequest } = create;
  const body = createBody(input);
  const label = describe(input);
  let before: ReadonlySet<number>;
  try {
    before = await lists.knownIds(ref, options, create.after);
  } catch (error) {
    if (error instanceof AbortedError) throw new AbortedError(postRequest, false);
    throw error;
  }
  const isNew = (a: DeviceAccess) =>
    !before.has(a.accessId) &&
    (input.deviceId === undefined ? a.label === input.label : a.deviceId === input.deviceId);

  for (let round = 1; ; round++) {
    let password: string;
    const post = lists.postStarting(ref);
    try {
      ({ password } = await ops.post(ref, body, { ...options, onceSent: sent.signal }));
    } catch (error) {
      create.settled = post.settled();
      // Cut on the wire by the bound after a stop: made or not, nobody can tell now.
      if (error instanceof AbortedError && error.mayHaveCommitted)
        throw new AmbiguousCreateError(error, `the device access "${label}"`, undefined);
      if (!isAmbiguous(error)) throw error;
      const found = await listNew(create, isNew, error, label, sent);
      if (found.length > 1) {
        throw new AmbiguousCreateError(
          error,
          `the device access "${label}" (two or more new accesses with that label appeared)`,
          undefined,
          found.map((a) => a.accessId),
        );
      }
      if (found.length === 1)
        return regenerateFound(ops, ref, found[0], error, { ...sent, onceSent: sent.signal });
      if (round >= ctx.retry.maxAttempts) throw error;
      // Nothing was made: a stop now means no new POST.
      await pauseBeforeRound(ctx, round, error, options.signal);
      continue;
    }
    create.settled = post.settled();
    return readBack(create, label, isNew, password, sent);
  }
}

/** After a successful POST: the new access with its password, or the password in an error. */
async function readBack(
  create: Create,
  label: string,
  isNew: (a: DeviceAccess) => boolean,
  password: string,
  options: CallOptions,
): Promise<CreatedDeviceAccess> {
  const { postRequest } = create;
  try {
    let listed = await listAfter(create, create.settled ?? 0, options);
    let found = listed.accesses.filter(isNew);
    // Not there at all: one more look, in a list requested after that one.
    if (found.length === 0) {
      listed = await listAfter(create, listed.seq, options);
      found = listed.accesses.filter(isNew);
    }
    if (found.length === 1) return { ...found[0], password };
    throw new CreatedButUnreadError(
      postRequest,
      { password, label, candidates: found.map((a) => a.accessId) },
      undefined,
    );
  } catch (error) {
    if (error instanceof CreatedButUnreadError) throw error;
    // Even when cancelled: the password exists only here.
    if (!(error instanceof MailApiError)) throw error;
    throw new CreatedButUnreadError(postRequest, { password, label }, error);
  }
}

/**
 * Lists asked for after a POST: one that failed after the caller's own retries is asked
 * for again, up to LIST_ROUNDS in all. What they decide is whether a password is kept and
 * a device known, and one shared list that fails fails every create waiting for it.
 */
const LIST_ROUNDS = 3;

async function listAfter(create: Create, seq: number, options: CallOptions): Promise<Listed> {
  for (let round = 1; ; round++) {
    try {
      return await create.lists.after(create.ref, seq, options);
    } catch (error) {
      const again = error instanceof MailApiError && error.retryable && !options.signal?.aborted;
      if (!again || round >= LIST_ROUNDS) throw error;
    }
  }
}

/** How messages name the access: its label, or its Device when only that was given. */
function describe(input: NewDeviceAccess): string {
  return input.label ?? `of Device ${input.deviceId ?? '(unknown)'}`;
}

async function listNew(
  create: Create,
  isNew: (a: DeviceAccess) => boolean,
  failed: MailApiError,
  label: string,
  options: CallOptions,
): Promise<DeviceAccess[]> {
  try {
    return (await listAfter(create, create.settled ?? 0, options)).accesses.filter(isNew);
  } catch (error) {
    // Aborted too: after a POST only the bound after a stop cancels, and the outcome is then unknown.
    if (!(error instanceof MailApiError)) throw error;
    throw new AmbiguousCreateError(failed, `the device access "${label}"`, error);
  }
}

async function regenerateFound(
  ops: DeviceOps,
  ref: MailboxRef,
  found: DeviceAccess,
  failed: MailApiError,
  options: CallOptions,
): Promise<CreatedDeviceAccess> {
  try {
    const { password } = await ops.regenerate(ref, found.accessId, options);
    return { ...found, password };
  } catch (error) {
    if (!(error instanceof MailApiError)) throw error;
    throw new AmbiguousCreateError(
      failed,
      `a password for device access ${found.accessId} (it was created, regenerating its password failed)`,
      error,
      [found.accessId],
    );
  }
}
