/**
 * Device passwords of an address: list, create, regenerate, relabel, revoke (one, all,
 * a user's). Passwords appear only in what create and regenerate return.
 */
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
import { createDevice, type DeviceOps } from './device-create';
import {
  createDeviceBody,
  deviceSchema,
  deviceWithPasswordSchema,
  regenerateDeviceBody,
  successEnvelope,
  updateDeviceLabelBody,
  type CreateDeviceBody,
  type Device,
  type DeviceWithPassword,
} from './wire';

const deviceEnvelope = successEnvelope(deviceSchema);
const deviceWithPasswordEnvelope = successEnvelope(deviceWithPasswordSchema);

export interface RegenerateOptions extends CallOptions {
  /** A chosen password (at least 16 characters); the service generates one otherwise. */
  readonly password?: string;
}

export class DevicesApi {
  private readonly ops: DeviceOps;

  constructor(private readonly ctx: ApiContext) {
    this.ops = {
      list: (ref, options) => this.list(ref, options),
      post: (ref, body, options) => this.post(ref, body, options),
      regenerate: (ref, device, password, options) => this.regenerate(ref, device, { ...options, password }),
      updateLabel: (device, label, options) => this.updateLabel(device, label, options),
      revoke: (ref, device, options) => this.revoke(ref, device, options),
    };
  }

  /** Every device of the address (all pages), the generic password included; never a password. */
  list(ref: MailboxRef, options?: ListOptions): Promise<Device[]> {
    return listAll(this.ctx, 'devices', mailboxParams(ref), deviceSchema, options);
  }

  /**
   * Creates a device and returns it with its password (shown this once). Never makes
   * two devices, even when answers are lost: see device-create.ts.
   */
  create(ref: MailboxRef, input: CreateDeviceBody, options?: CallOptions): Promise<DeviceWithPassword> {
    const body = parseInput(createDeviceBody, input, 'device');
    return createDevice(this.ctx, this.ops, ref, body, options);
  }

  /**
   * Gives the device a new password (the chosen one, or a generated one) and returns it;
   * the old one stops working, the device id stays. Retried like an idempotent call:
   * repeating it after a lost answer is harmless, the last answer holds the valid password.
   */
  async regenerate(
    ref: MailboxRef,
    device: number,
    options: RegenerateOptions = {},
  ): Promise<DeviceWithPassword> {
    const body = parseInput(
      regenerateDeviceBody,
      options.password === undefined ? {} : { password: options.password },
      'regenerate options',
    );
    const envelope = await this.ctx.caller.call(
      {
        method: 'POST',
        route: 'device',
        params: { ...mailboxParams(ref), device },
        body,
        schema: deviceWithPasswordEnvelope,
        retry: 'idempotent',
      },
      { signal: options.signal, timeoutMs: options.timeoutMs },
    );
    return envelope.data;
  }

  /** Changes a device's descriptive label (device ids are global: no address needed). */
  async updateLabel(device: number, label: string, options?: CallOptions): Promise<Device> {
    const body = parseInput(updateDeviceLabelBody, { label }, 'device label');
    const envelope = await this.ctx.caller.call(
      { method: 'PATCH', route: 'deviceLabel', params: { device }, body, schema: deviceEnvelope },
      options,
    );
    return envelope.data;
  }

  /** Revokes one device; the others keep working. */
  async revoke(ref: MailboxRef, device: number, options?: CallOptions): Promise<void> {
    await this.ctx.caller.call(
      {
        method: 'DELETE',
        route: 'device',
        params: { ...mailboxParams(ref), device },
        schema: okEnvelope,
        goneMeansDone: alreadyDone,
      },
      options,
    );
  }

  /** Revokes every device of the address, the generic password included. */
  async revokeAll(ref: MailboxRef, options?: CallOptions): Promise<void> {
    await this.ctx.caller.call(
      { method: 'DELETE', route: 'devices', params: mailboxParams(ref), schema: okEnvelope },
      options,
    );
  }

  /** The devices of one user on this address (all pages). */
  listForUser(ref: MailboxRef, user: number, options?: ListOptions): Promise<Device[]> {
    return listAll(this.ctx, 'userDevices', { ...mailboxParams(ref), user }, deviceSchema, options);
  }

  /** Revokes every device of one user on this address. */
  async revokeForUser(ref: MailboxRef, user: number, options?: CallOptions): Promise<void> {
    await this.ctx.caller.call(
      { method: 'DELETE', route: 'userDevices', params: { ...mailboxParams(ref), user }, schema: okEnvelope },
      options,
    );
  }

  /** The bare POST; create() wraps it with reconciliation. */
  private async post(
    ref: MailboxRef,
    body: CreateDeviceBody,
    options?: CallOptions,
  ): Promise<DeviceWithPassword> {
    const envelope = await this.ctx.caller.call(
      {
        method: 'POST',
        route: 'devices',
        params: mailboxParams(ref),
        body,
        schema: deviceWithPasswordEnvelope,
      },
      options,
    );
    return envelope.data;
  }
}
