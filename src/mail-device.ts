/**
 * `MailDevice`: one device access of a Mailbox (`infomaniakmail_device`): the password one
 * Device (Outlook, a phone, a CRM) uses for this address. The password is never a property:
 * it leaves the construct tree only through `exportPassword`, which always creates a
 * sensitive output.
 *
 * A Device may read several addresses: `mailboxB.addDevice('phone', { device: phoneOnA })`
 * gives it this one too (its own password, the same Device, label and type).
 */
import { DataResource, Lazy, Token, type TerraformOutput, type TerraformResource } from 'cdktf';
import { Construct } from 'constructs';
import {
  DEFAULT_DEVICE_PROTOCOLS,
  deviceProtocols,
  deviceTypes,
  type DeviceProtocol,
  type DeviceType,
} from './generated/api-rules';
import { Device } from './generated/device';
import type { IMailbox, IMailboxDevice } from './imailbox';
import { sensitiveOutput } from './outputs';
import type { Rotation } from './rotation';
import { choices, labelProblem } from './rules';

/** Context key: the clock (ISO 8601) for rotation windows of overlapping devices; default now. */
export const ROTATION_CLOCK_CONTEXT = 'infomaniakmail:now';

interface DeviceAccessOptions {
  /**
   * What the password opens besides SMTP (always included): `imap`, `pop3` or `pop3-imap`.
   * No API route changes it: a change replaces the access (see `overlap`).
   *
   * @default 'pop3-imap'
   */
  readonly protocols?: DeviceProtocol;

  /**
   * When the password is rotated: `Rotation.every(Duration.days(90))`,
   * `Rotation.onChange({ quarter: '2026-Q1' })`, `Rotation.whenFlagged()`, or several with
   * `.andOnChange(...)` / `.andWhenFlagged()`.
   *
   * @default - never rotated by Terraform
   */
  readonly rotation?: Rotation;

  /**
   * Public keys this device's password is encrypted to (age `age1…` or armored OpenPGP public
   * keys, one kind), instead of the service's `secretRecipients`; `[]` keeps this one in
   * plaintext (sensitive). A change regenerates the password.
   *
   * @default - the MailService's `secretRecipients`
   */
  readonly secretRecipients?: string[];
}

/** A new Device (and its access to this address). */
export interface NewDeviceOptions extends DeviceAccessOptions {
  /**
   * The Device's name shown in the Manager, e.g. `Outlook (Alice)`; unique within the address
   * (synth refuses a duplicate). Changes apply in place (they rename the Device on every
   * address it reads).
   */
  readonly label: string;

  /**
   * The kind of Device: `computer`, `phone`, `tablet` or `other`. A change replaces the access.
   *
   * @default - the API's choice, read back (never a planned change)
   */
  readonly type?: DeviceType;

  /**
   * Id of the organisation user the device belongs to. A change replaces the access.
   *
   * @default - a device "without user" (a shared client such as a CRM or a printer)
   */
  readonly user?: number;

  /**
   * Zero-downtime rotation: age and triggers of `rotation` replace the access, new first
   * (create-before-destroy), so a consumer switching over never holds a dead password.
   * Without it they regenerate the password in place and the old one stops working at once.
   * With overlap, `Rotation.every(...)` rotates once per period window (windows counted from
   * 1970-01-01 UTC, evaluated when the app is synthesized): run synth + apply on a schedule.
   * A change of `protocols`, `type` or `user` replaces the access new first in any case.
   *
   * @default false
   */
  readonly overlap?: boolean;

  readonly device?: undefined;
}

/** This address for a Device that already exists (e.g. Alice's phone reading a second address). */
export interface ExistingDeviceOptions extends DeviceAccessOptions {
  /**
   * The Device: a `MailDevice` of another mailbox (its Device gets this address too), or a
   * Device id (`device_id`, e.g. from the `infomaniakmail_devices` data source). Its label,
   * type and user are the Device's. A Device has one access per address, so a change of
   * `protocols` revokes the old access before making the new one.
   */
  readonly device: MailDevice | number;
  readonly label?: undefined;
  readonly type?: undefined;
  readonly user?: undefined;
  readonly overlap?: undefined;
}

export type MailDeviceOptions = NewDeviceOptions | ExistingDeviceOptions;

/** Either kind, for checks that must also catch what the types forbid (JavaScript callers). */
interface AnyDeviceOptions extends DeviceAccessOptions {
  readonly label?: string;
  readonly type?: DeviceType;
  readonly user?: number;
  readonly overlap?: boolean;
  readonly device?: MailDevice | number;
}

export type MailDeviceProps = MailDeviceOptions & {
  /** The address the device logs in to. */
  readonly mailbox: IMailbox;
};

export interface ExportPasswordOptions {
  /** @default - `Password of device "<label>" of <mailbox>` */
  readonly description?: string;
}

const DAY_MS = 86_400_000;

export class MailDevice extends Construct implements IMailboxDevice {
  public readonly mailbox: IMailbox;
  /**
   * The Device's label: as given, the label of the MailDevice given as `device`, or (for a
   * Device id) a token read from the service.
   */
  public readonly label: string;
  /** The user the device belongs to, as given; undefined for a device without user or an existing Device. */
  public readonly user?: number;
  public readonly type?: DeviceType;
  public readonly protocols: DeviceProtocol;
  public readonly rotation?: Rotation;
  public readonly overlap: boolean;
  /** The existing Device this access is for (what was given as `device`); undefined for a new Device. */
  public readonly existingDevice?: MailDevice | number;
  /**
   * The Device's id (a token, known after apply): what `keep_device_ids` of the exclusive
   * policy keeps, and what another mailbox's `addDevice({ device })` takes.
   */
  public readonly deviceId: number;
  /** The access's id on this address (a token): the last part of its import id. */
  public readonly accessId: number;
  /** Infomaniak's view of the password, `healthy`, `leaked` or `spam` (a token). */
  public readonly status: string;
  /** When Terraform last received the password (a token, RFC 3339). */
  public readonly passwordSetAt: string;
  /**
   * The password is encrypted to public keys (this device's `secretRecipients`, or the
   * service's): state holds only the ciphertext, and `exportPassword` exports it.
   */
  public readonly encrypted: boolean;

  private readonly device: Device;

  public constructor(scope: Construct, id: string, props: MailDeviceProps) {
    // Checked before super(): a refused device leaves nothing in the tree.
    const where = `Device "${id}" on ${props.mailbox.describe()}`;
    const existing = props.device;
    validate(where, props);
    if (existing !== undefined) checkSharedDevice(where, props.mailbox, existing);
    const ownLabel = props.label ?? (existing instanceof MailDevice ? existing.label : undefined);
    if (ownLabel !== undefined) checkUniqueLabel(where, props.mailbox, ownLabel);
    super(scope, id);

    this.existingDevice = existing;
    this.mailbox = props.mailbox;
    this.user = props.user;
    this.type = props.type;
    this.protocols = props.protocols ?? DEFAULT_DEVICE_PROTOCOLS;
    this.rotation = props.rotation;
    this.overlap = props.overlap ?? false;

    const rotation = props.rotation;
    // Without overlap the provider regenerates in place; with overlap a terraform_data carrying
    // the triggers makes terraform replace the access, create_before_destroy putting the new one first.
    const trigger = this.overlap && rotation ? this.replacementTrigger(rotation) : undefined;
    const service = props.mailbox.service;
    this.device = new Device(this, 'Resource', {
      mailHostingId: service.mailHostingId,
      mailboxName: props.mailbox.mailboxName,
      label: props.label,
      type: props.type,
      userId: props.user,
      deviceId: existing instanceof MailDevice ? existing.deviceId : existing,
      protocols: this.protocols,
      rotateAfterDays: !this.overlap ? rotation?.maxAge?.toDays() : undefined,
      rotationTriggers: !this.overlap && rotation?.triggers ? { ...rotation.triggers } : undefined,
      rotateWhenFlagged: rotation?.rotatesWhenFlagged ? true : undefined,
      secretRecipients: props.secretRecipients,
      provider: service.provider,
      // The address is created (or adopted) before its devices.
      dependsOn: [props.mailbox.address],
      // A new Device's access is replaced new first: no route changes protocols, type or user, and
      // the client keeps working on the old password until it switches. An existing Device has one
      // access per address, so its replacement must revoke first (the provider's plan says so).
      lifecycle:
        existing === undefined
          ? { createBeforeDestroy: true, ...(trigger ? { replaceTriggeredBy: [referenceTo(trigger)] } : {}) }
          : undefined,
    });
    this.label = ownLabel ?? this.device.label;
    this.deviceId = this.device.deviceId;
    this.accessId = this.device.accessId;
    this.status = this.device.status;
    this.passwordSetAt = this.device.passwordSetAt;
    this.encrypted = hasKeys(props.secretRecipients ?? service.secretRecipients);
    props.mailbox.registerDevice(this);
  }

  /**
   * Exports the password as a **sensitive** Terraform output of the stack, named `outputId`:
   * `terraform output -raw <outputId>` reads it; plans and `terraform output` mask it. There is
   * no way to export it non-sensitively. When the password is `encrypted`, the output holds the
   * ciphertext instead (state has no plaintext): `terraform output -json | infomaniak-mail
   * decrypt --identity KEY` opens it, as do `age -d` and `gpg -d`.
   *
   * @param outputId the output's name: letters, digits, `_` and `-`, unique in the stack
   */
  public exportPassword(outputId: string, options: ExportPasswordOptions = {}): TerraformOutput {
    const what = this.encrypted ? 'Encrypted password' : 'Password';
    return sensitiveOutput(
      this,
      outputId,
      this.encrypted ? this.device.encryptedPassword : this.device.password,
      {
        description: options.description ?? `${what} of device "${this.label}" of ${this.mailbox.describe()}`,
      },
    );
  }

  /** `device "Outlook (Alice)"`, for messages (`device "<id>"` when the label is a token). */
  public describe(): string {
    return Token.isUnresolved(this.label) ? `device "${this.node.id}"` : `device "${this.label}"`;
  }

  private replacementTrigger(rotation: Rotation): DataResource | undefined {
    const input: Record<string, string> = { ...rotation.triggers };
    if (rotation.maxAge) {
      const period = rotation.maxAge.toDays() * DAY_MS;
      const clock = this.node.tryGetContext(ROTATION_CLOCK_CONTEXT) as string | undefined;
      const now = clock === undefined ? Date.now() : Date.parse(clock);
      if (Number.isNaN(now))
        throw new Error(`Context "${ROTATION_CLOCK_CONTEXT}" must be an ISO 8601 date, got "${clock}".`);
      const windowStart = new Date(Math.floor(now / period) * period).toISOString().slice(0, 10);
      input.rotation_window = `${rotation.maxAge.toDays()}d from ${windowStart}`;
    }
    // Rotation.whenFlagged() alone replaces nothing: a flag regenerates in place.
    if (Object.keys(input).length === 0) return undefined;
    return new DataResource(this, 'RotationTrigger', { input });
  }
}

/**
 * `terraform_data.NAME`, as replace_triggered_by needs it. cdktf 0.21 renders a resource given
 * there as "${terraform_data.NAME}", which terraform rejects in JSON configuration; the name is
 * produced at synth, after any overrideLogicalId.
 */
function referenceTo(resource: TerraformResource): string {
  return Lazy.stringValue({
    produce: () => `${resource.terraformResourceType}.${resource.friendlyUniqueId}`,
  });
}

/** A list of keys that encrypts: non-empty, or a token (a list only known at plan time is taken to hold keys). */
function hasKeys(keys: readonly string[] | undefined): boolean {
  if (keys === undefined) return false;
  return Token.isUnresolved(keys) || keys.length > 0;
}

function validate(where: string, props: MailDeviceProps): void {
  const { label, user, protocols, type, device, overlap } = props as AnyDeviceOptions;
  if (device !== undefined) {
    const given = [
      ...(label !== undefined ? ['label'] : []),
      ...(type !== undefined ? ['type'] : []),
      ...(user !== undefined ? ['user'] : []),
      ...(overlap !== undefined ? ['overlap'] : []),
    ];
    if (given.length > 0)
      throw new Error(
        `${where}: ${given.join(', ')} belong to the Device given as "device" (or, for overlap, need a ` +
          `new Device): leave ${given.length === 1 ? 'it' : 'them'} out.`,
      );
    if (
      typeof device === 'number' &&
      !Token.isUnresolved(device) &&
      !(Number.isInteger(device) && device > 0)
    )
      throw new Error(
        `${where}: device must be a MailDevice or a Device id (a positive whole number), got ${device}.`,
      );
  } else {
    if (label === undefined || label === null)
      throw new Error(
        `${where}: a new Device needs a label, e.g. { label: "Outlook (Alice)" }; or give an existing ` +
          'Device with { device: otherMailboxDevice }.',
      );
    const problem = labelProblem(label);
    if (problem) throw new Error(`${where}: ${problem}`);
  }
  if (user !== undefined && !Token.isUnresolved(user) && !(Number.isInteger(user) && user > 0))
    throw new Error(`${where}: user must be a user id (a positive whole number), got ${user}.`);
  if (protocols !== undefined && !Token.isUnresolved(protocols) && !deviceProtocols.includes(protocols))
    throw new Error(
      `${where}: protocols must be one of ${choices(deviceProtocols)} (SMTP is always included), got ` +
        `${JSON.stringify(protocols)}; leave it out for "${DEFAULT_DEVICE_PROTOCOLS}".` +
        (Array.isArray(protocols) ? ' It is one string now, not a list.' : ''),
    );
  if (type !== undefined && !Token.isUnresolved(type) && !deviceTypes.includes(type))
    throw new Error(`${where}: type must be one of ${choices(deviceTypes)}, got ${JSON.stringify(type)}.`);
}

/** A Device has at most one access per address. */
function checkSharedDevice(where: string, mailbox: IMailbox, device: MailDevice | number): void {
  if (device instanceof MailDevice && device.mailbox === mailbox)
    throw new Error(
      `${where}: ${device.describe()} already reads ${mailbox.describe()} (a Device has one access per ` +
        'address); give a MailDevice of another mailbox.',
    );
  const same = mailbox.declaredDevices.find(
    (d) => d.existingDevice !== undefined && d.existingDevice === device,
  );
  if (same)
    throw new Error(
      `${where}: this Device is already given ${mailbox.describe()} by device "${same.node.id}" (a Device has ` +
        'one access per address); declare it once.',
    );
}

/** Two devices nobody can tell apart defeat per-device passwords (wire.ts `labelUniqueness`). */
function checkUniqueLabel(where: string, mailbox: IMailbox, label: string): void {
  if (Token.isUnresolved(label)) return;
  const other = mailbox.declaredDevices.find((d) => d.label === label);
  if (other)
    throw new Error(
      `${where}: label "${label}" is already used by device "${other.node.id}" of this address. Labels tell ` +
        'devices apart in the Manager and in plans: choose another one, e.g. with the owner or client in it.',
    );
}
