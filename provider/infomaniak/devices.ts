/**
 * Device accesses of an address: list, create, regenerate, relabel (the Device),
 * revoke (one, all, a user's). Passwords appear only in what create and regenerate return.
 */
import { afterStop } from './after-stop';
import type { CallOptions } from './caller';
import {
  type ApiContext,
  type ListOptions,
  type MailboxRef,
  alreadyDone,
  listAll,
  mailboxParams,
  okEnvelope,
  parseInput,
} from './context';
import { listedDeviceAccessSchema, toDeviceAccess } from './convert';
import { createDeviceAccess, createBody, type CreateCoordination, type DeviceOps } from './device-create';
import { CreateTurns } from './device-create-turns';
import { DeviceListBatch } from './device-list-batch';
import type { CreatedDeviceAccess, DeviceAccess, NewDeviceAccess } from './model';
import {
  DEVICE_LIST_WITH,
  createDeviceBody,
  devicePasswordSchema,
  successEnvelope,
  updateDeviceLabelBody,
  type CreateDeviceBody,
} from './wire';

const passwordEnvelope = successEnvelope(devicePasswordSchema);

export class DevicesApi {
  private readonly ops: DeviceOps;
  private readonly shared: CreateCoordination;

  constructor(private readonly ctx: ApiContext) {
    this.ops = {
      post: (ref, body, options) => this.post(ref, body, options),
      regenerate: (ref, accessId, options) => this.regenerate(ref, accessId, options),
    };
    this.shared = {
      lists: new DeviceListBatch((ref, options) => this.list(ref, options), ctx.clock),
      turns: new CreateTurns(),
    };
  }

  /**
   * Every device access of the address as it is now, shared with the creates of this
   * client (device-list-batch.ts): no request when no device change of the address
   * settled since the latest list was requested. For caches of a run.
   */
  listCurrent(ref: MailboxRef, options?: CallOptions): Promise<readonly DeviceAccess[]> {
    return this.shared.lists.current(ref, options);
  }

  /** This client created the mailbox: ASSUMED `newMailboxDevices`, it has no device access yet. */
  mailboxCreated(ref: MailboxRef): void {
    this.shared.lists.mailboxCreated(ref);
  }

  /** Every device access of the address (all pages), the generic password included (type `legacy`). */
  async list(ref: MailboxRef, options: ListOptions = {}): Promise<DeviceAccess[]> {
    const query: Record<string, string> = { with: DEVICE_LIST_WITH };
    const items = await listAll(
      this.ctx,
      'devices',
      mailboxParams(ref),
      listedDeviceAccessSchema,
      options,
      query,
    );
    return items.map(toDeviceAccess);
  }

  /**
   * Creates a device access and returns it with its password (shown this once). Never
   * makes two, never loses a password: see device-create.ts. After a successful POST
   * whose read-back fails, a CreatedButUnreadError carries the password.
   */
  create(ref: MailboxRef, input: NewDeviceAccess, options?: CallOptions): Promise<CreatedDeviceAccess> {
    parseInput(createDeviceBody, createBody(input), 'device access');
    if (input.deviceId === undefined && !input.label) {
      // The new access is found by its label (device-create.ts): a new Device needs one.
      throw new TypeError('Invalid device access: label: required (and not empty) for a new Device');
    }
    return createDeviceAccess(this.ctx, this.ops, this.shared, ref, input, options);
  }

  /**
   * A new password for the access (the old one stops working, the access stays).
   * Retried like an idempotent call: repeating it after a lost answer is harmless, the
   * last answer holds the valid password. The signal cancels it only until it is sent
   * (after-stop.ts): a sent one is not abandoned with the only copy of the new password.
   */
  async regenerate(
    ref: MailboxRef,
    accessId: number,
    options: CallOptions = {},
  ): Promise<{ password: string }> {
    const late = options.onceSent ? undefined : afterStop(options.signal, this.ctx.finishAfterStopMs);
    try {
      const envelope = await this.#changing(ref, () =>
        this.ctx.caller.call(
          {
            method: 'POST',
            route: 'deviceAccess',
            params: { ...mailboxParams(ref), access: accessId },
            schema: passwordEnvelope,
            retry: 'idempotent',
          },
          { ...options, onceSent: options.onceSent ?? late?.signal },
        ),
      );
      return { password: envelope.data.password };
    } finally {
      late?.dispose();
    }
  }

  /**
   * Renames the Device (on every address it reads). A label another Device already has
   * is refused: RejectedError with code `device_already_exists`.
   */
  async relabel(deviceId: number, label: string, options?: CallOptions): Promise<void> {
    const body = parseInput(updateDeviceLabelBody, { label }, 'device label');
    // The Device may read any address: every address's lists are marked.
    await this.#changing(undefined, () =>
      this.ctx.caller.call(
        { method: 'PATCH', route: 'deviceLabel', params: { device: deviceId }, body, schema: okEnvelope },
        options,
      ),
    );
  }

  /** Revokes one access; the others keep working. A 404 after a lost answer counts as done. */
  async revoke(ref: MailboxRef, accessId: number, options?: CallOptions): Promise<void> {
    await this.#changing(ref, () =>
      this.ctx.caller.call(
        {
          method: 'DELETE',
          route: 'deviceAccess',
          params: { ...mailboxParams(ref), access: accessId },
          schema: okEnvelope,
          goneMeansDone: alreadyDone,
        },
        options,
      ),
    );
  }

  /** Revokes every access of the address. */
  async revokeAll(ref: MailboxRef, options?: CallOptions): Promise<void> {
    await this.#changing(ref, () =>
      this.ctx.caller.call(
        { method: 'DELETE', route: 'devices', params: mailboxParams(ref), schema: okEnvelope },
        options,
      ),
    );
  }

  /** One user's device accesses on this address (all pages). */
  async listForUser(ref: MailboxRef, userId: number, options?: ListOptions): Promise<DeviceAccess[]> {
    const items = await listAll(
      this.ctx,
      'userDevices',
      { ...mailboxParams(ref), user: userId },
      listedDeviceAccessSchema,
      options,
      { with: DEVICE_LIST_WITH },
    );
    return items.map(toDeviceAccess);
  }

  /** Revokes every device access of one user on this address. */
  async revokeForUser(ref: MailboxRef, userId: number, options?: CallOptions): Promise<void> {
    await this.#changing(ref, () =>
      this.ctx.caller.call(
        {
          method: 'DELETE',
          route: 'userDevices',
          params: { ...mailboxParams(ref), user: userId },
          schema: okEnvelope,
        },
        options,
      ),
    );
  }

  /**
   * A call that changes device accesses: whatever its outcome (a failure may have changed
   * them too), the shared lists of `ref`, or of every address when undefined, no longer
   * count as current, so the next read lists again.
   */
  async #changing<T>(ref: MailboxRef | undefined, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } finally {
      this.shared.lists.changed(ref);
    }
  }

  /** The bare POST; create() wraps it with recovery. */
  private async post(
    ref: MailboxRef,
    body: CreateDeviceBody,
    options?: CallOptions,
  ): Promise<{ password: string }> {
    const envelope = await this.ctx.caller.call(
      { method: 'POST', route: 'devices', params: mailboxParams(ref), body, schema: passwordEnvelope },
      options,
    );
    return { password: envelope.data.password };
  }
}
