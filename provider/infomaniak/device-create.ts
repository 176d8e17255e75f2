/**
 * Creating a device password without ever making two, and without ever losing one.
 *
 * Device create is not idempotent and the API takes no idempotency key, so a create
 * whose answer is lost (timeout, connection reset, 5xx, an unreadable 2xx) may or may
 * not have happened. Sending it again blindly could leave a second device whose
 * password nobody has. Instead:
 *
 * 1. The device is created with a unique marker appended to its label:
 *    `label + " ~" + 8 random hex digits`. The marker is not a secret; it only makes
 *    this one create findable.
 * 2. On an ambiguous failure the client lists the mailbox's devices and looks for the
 *    marker.
 *    - Found: the device exists but its password was lost with the answer, so the
 *      client regenerates it (with the chosen password, when one was given) and so
 *      gets a password that works. Extra marked devices (a create that committed late,
 *      after we had already looked) are revoked, keeping the oldest.
 *    - Not found: the create did not happen; creating again is safe. This repeats up
 *      to the retry policy's maxAttempts, with backoff.
 *    - Listing fails too: AmbiguousCreateError, which names the marker.
 * 3. Finally the label is set to the requested one (PATCH, idempotent and retried).
 *    If that keeps failing, the device is still returned, with its password and its
 *    label as it really is (marked): the caller sees the label differ and can fix it
 *    later (Terraform plans an in-place label update), and a warning is logged. The
 *    same holds when the caller cancels during this step: the password is returned
 *    rather than lost.
 *
 * Hence: a retry never makes a second device, and a committed device is never
 * returned without its password. Cost: one extra request (the label PATCH) per
 * create; the listing happens only after a failure.
 */
import { randomBytes } from 'node:crypto';
import type { CallOptions } from './caller';
import { type ApiContext, type MailboxRef, isAmbiguous, pauseBeforeRound } from './context';
import { AmbiguousCreateError, MailApiError } from './errors';
import type { CreateDeviceBody, Device, DeviceWithPassword } from './wire';

/** What device-create needs from the device operations (kept apart to avoid a cycle). */
export interface DeviceOps {
  list(ref: MailboxRef, options?: CallOptions): Promise<Device[]>;
  post(ref: MailboxRef, body: CreateDeviceBody, options?: CallOptions): Promise<DeviceWithPassword>;
  regenerate(
    ref: MailboxRef,
    device: number,
    password: string | undefined,
    options?: CallOptions,
  ): Promise<DeviceWithPassword>;
  updateLabel(device: number, label: string, options?: CallOptions): Promise<Device>;
  revoke(ref: MailboxRef, device: number, options?: CallOptions): Promise<void>;
}

/** ` ~` and 8 lower-case hex digits. */
export function newMarker(): string {
  return ` ~${randomBytes(4).toString('hex')}`;
}

export async function createDevice(
  ctx: ApiContext,
  ops: DeviceOps,
  ref: MailboxRef,
  input: CreateDeviceBody,
  options: CallOptions = {},
  marker: string = newMarker(),
): Promise<DeviceWithPassword> {
  const body: CreateDeviceBody = { ...input, label: input.label + marker };
  for (let round = 1; ; round++) {
    let created: DeviceWithPassword;
    try {
      created = await ops.post(ref, body, options);
    } catch (error) {
      if (!isAmbiguous(error)) throw error;
      const recovered = await recover(ctx, ops, ref, input, marker, error, options);
      if (recovered) {
        created = recovered;
      } else {
        if (round >= ctx.retry.maxAttempts) throw error;
        await pauseBeforeRound(ctx, round, error, options.signal);
        continue;
      }
    }
    return finishLabel(ctx, ops, created, input.label, options);
  }
}

/** After an ambiguous create: the device with its new password, or undefined if it does not exist. */
async function recover(
  ctx: ApiContext,
  ops: DeviceOps,
  ref: MailboxRef,
  input: CreateDeviceBody,
  marker: string,
  failed: MailApiError,
  options: CallOptions,
): Promise<DeviceWithPassword | undefined> {
  const marked = await findMarked(ops, ref, marker, failed, options);
  if (marked.length === 0) return undefined;
  const [keep, ...extras] = marked;
  for (const extra of extras) {
    ctx.logger?.warn?.(`revoking device ${extra.id}: a duplicate left by a create whose answer was lost`);
    await ops.revoke(ref, extra.id, options);
  }
  try {
    return await ops.regenerate(ref, keep.id, input.password, options);
  } catch (error) {
    if (!(error instanceof MailApiError) || error.kind === 'aborted') throw error;
    throw new AmbiguousCreateError(failed, `device ${keep.id}'s password`, marker, error);
  }
}

/** Devices carrying the marker, oldest first; listing failures become AmbiguousCreateError. */
async function findMarked(
  ops: DeviceOps,
  ref: MailboxRef,
  marker: string,
  failed: MailApiError,
  options: CallOptions,
): Promise<Device[]> {
  let devices: Device[];
  try {
    devices = await ops.list(ref, options);
  } catch (error) {
    if (!(error instanceof MailApiError) || error.kind === 'aborted') throw error;
    throw new AmbiguousCreateError(failed, 'the device', marker, error);
  }
  return devices
    .filter((d) => d.label.endsWith(marker))
    .sort((a, b) => a.created_at - b.created_at || a.id - b.id);
}

async function finishLabel(
  ctx: ApiContext,
  ops: DeviceOps,
  device: DeviceWithPassword,
  label: string,
  options: CallOptions,
): Promise<DeviceWithPassword> {
  try {
    const renamed = await ops.updateLabel(device.id, label, options);
    return { ...device, ...renamed, password: device.password };
  } catch (error) {
    // Even when cancelled: the device exists and this is the only time its password is known.
    if (!(error instanceof MailApiError)) throw error;
    ctx.logger?.warn?.(
      `device ${device.id} was created but keeps its temporary label for now (${error.kind}); update its label later`,
    );
    return device;
  }
}
