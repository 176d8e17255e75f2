/**
 * `MailDevice`: one device password of a Mailbox (`infomaniakmail_device`). The password is
 * never a property: it leaves the construct tree only through `exportPassword`, which
 * always creates a sensitive output.
 */
import {
  Annotations,
  DataResource,
  Lazy,
  TerraformOutput,
  TerraformResource,
  TerraformStack,
  Token,
} from 'cdktf';
import { Construct } from 'constructs';
import { Device } from './generated/device';
import type { Mailbox } from './mailbox';
import type { Rotation } from './rotation';

/** What a device password opens. */
export type DeviceProtocol = 'imap' | 'pop' | 'smtp';

export const ALL_PROTOCOLS: readonly DeviceProtocol[] = ['imap', 'pop', 'smtp'];

/** The service refuses shorter chosen passwords. */
export const MIN_CHOSEN_PASSWORD_LENGTH = 16;

/** Context key: the clock (ISO 8601) for rotation windows of overlapping devices; default now. */
export const ROTATION_CLOCK_CONTEXT = 'infomaniakmail:now';

export interface ChosenPassword {
  /**
   * The password, at least 16 characters. Pass a token (a sensitive `TerraformVariable`):
   * a literal string would be written into the synthesized configuration. It is sent as a
   * write-only argument and never stored in state.
   */
  readonly value: string;
  /** Change this number to send `value` again (e.g. after changing it). */
  readonly version: number;
}

export interface MailDeviceOptions {
  /** Name shown in the Infomaniak Manager, e.g. `Outlook (Alice)`. Changes apply in place. */
  readonly label: string;

  /**
   * Id of the organisation user the device belongs to.
   *
   * @default - a device "without user" (a shared client such as a CRM or a printer)
   */
  readonly user?: number;

  /**
   * What the password opens. Changing it replaces the device.
   *
   * @default ['imap', 'pop', 'smtp']
   */
  readonly protocols?: readonly DeviceProtocol[];

  /**
   * When the password is rotated: `Rotation.every(Duration.days(90))`,
   * `Rotation.onChange({ quarter: '2026-Q1' })`, or both with `.andOnChange(...)`.
   *
   * @default - never rotated by Terraform
   */
  readonly rotation?: Rotation;

  /**
   * Zero-downtime rotation: rotating (and any other replacement) creates a new device first
   * and revokes the old one only after, so a consumer switching over never holds a dead
   * password. Without it, rotation regenerates the password in place and the old one stops
   * working at once. With overlap, `Rotation.every(...)` rotates once per period window
   * (windows counted from 1970-01-01 UTC, evaluated when the app is synthesized): run
   * synth + apply on a schedule.
   *
   * @default false
   */
  readonly overlap?: boolean;

  /**
   * A password of your choice instead of a generated one (write-only, never stored).
   *
   * @default - a generated password, exported with `exportPassword`
   */
  readonly chosenPassword?: ChosenPassword;
}

export interface MailDeviceProps extends MailDeviceOptions {
  /** The address the device logs in to. */
  readonly mailbox: Mailbox;
}

export interface ExportPasswordOptions {
  /** @default - `Password of device "<label>" of <mailbox>` */
  readonly description?: string;
}

const DAY_MS = 86_400_000;

export class MailDevice extends Construct {
  public readonly mailbox: Mailbox;
  public readonly label: string;
  /** The user the device belongs to; undefined for a device without user. */
  public readonly user?: number;
  public readonly protocols: readonly DeviceProtocol[];
  public readonly rotation?: Rotation;
  public readonly overlap: boolean;
  /** Whether the password is chosen (write-only) rather than generated. */
  public readonly hasChosenPassword: boolean;
  /** The device id given by the service (a token, known after apply). */
  public readonly deviceId: number;
  /** When the password was last set (a token). */
  public readonly passwordChangedAt: string;

  private readonly device: Device;

  public constructor(scope: Construct, id: string, props: MailDeviceProps) {
    super(scope, id);
    const where = `Device "${id}" on ${props.mailbox.describe()}`;
    validate(where, props);
    this.mailbox = props.mailbox;
    this.label = props.label;
    this.user = props.user;
    this.protocols = [...(props.protocols ?? ALL_PROTOCOLS)];
    this.rotation = props.rotation;
    this.overlap = props.overlap ?? false;
    this.hasChosenPassword = props.chosenPassword !== undefined;

    const rotation = props.rotation;
    // Without overlap the provider regenerates in place; with overlap a terraform_data carrying
    // the triggers makes terraform replace the device, create_before_destroy putting the new one first.
    const trigger = this.overlap && rotation ? this.replacementTrigger(rotation) : undefined;
    const service = props.mailbox.service;
    this.device = new Device(this, 'Resource', {
      mailHostingId: service.mailHostingId,
      mailboxName: props.mailbox.mailboxName,
      label: props.label,
      userId: props.user,
      protocols: [...this.protocols],
      rotateAfterDays: !this.overlap ? rotation?.maxAge?.toDays() : undefined,
      rotationTriggers: !this.overlap && rotation?.triggers ? { ...rotation.triggers } : undefined,
      passwordWo: props.chosenPassword?.value,
      passwordWoVersion: props.chosenPassword?.version,
      provider: service.provider,
      // The address is created (or adopted) before its devices.
      dependsOn: [props.mailbox.node.defaultChild as TerraformResource],
      lifecycle: this.overlap
        ? { createBeforeDestroy: true, ...(trigger ? { replaceTriggeredBy: [referenceTo(trigger)] } : {}) }
        : undefined,
    });
    if (props.chosenPassword && !Token.isUnresolved(props.chosenPassword.value))
      Annotations.of(this).addWarning(
        'The chosen password is a literal: it is written into the synthesized configuration (cdktf.out). ' +
          'Pass a sensitive TerraformVariable instead.',
      );
    this.deviceId = this.device.deviceId;
    this.passwordChangedAt = this.device.passwordChangedAt;
  }

  /**
   * Exports the password as a **sensitive** Terraform output of the stack, named `outputId`:
   * `terraform output -raw <outputId>` reads it; plans and `terraform output` mask it. There is
   * no way to export it non-sensitively.
   *
   * @param outputId the output's name: letters, digits, `_` and `-`, unique in the stack
   */
  public exportPassword(outputId: string, options: ExportPasswordOptions = {}): TerraformOutput {
    if (this.hasChosenPassword)
      throw new Error(
        `Device "${this.node.id}" on ${this.mailbox.describe()} has a chosen password: it is write-only, never ` +
          'stored, so there is nothing to export. Read it where you chose it.',
      );
    return sensitiveOutput(this, outputId, this.device.password, {
      description: options.description ?? `Password of device "${this.label}" of ${this.mailbox.describe()}`,
    });
  }

  private replacementTrigger(rotation: Rotation): DataResource {
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

/** A sensitive output at the top of the stack, so its name is exactly `outputId`. */
export function sensitiveOutput(
  owner: Construct,
  outputId: string,
  value: string,
  options: { readonly description: string },
): TerraformOutput {
  if (!/^[A-Za-z_][A-Za-z0-9_-]*$/.test(outputId))
    throw new Error(
      `Output "${outputId}": use letters, digits, "_" and "-", starting with a letter or "_" ` +
        `(it becomes the Terraform output name, read with terraform output -raw ${outputId}).`,
    );
  const stack = TerraformStack.of(owner);
  if (stack.node.tryFindChild(outputId))
    throw new Error(`Output "${outputId}": the name is already used in this stack; choose another one.`);
  return new TerraformOutput(stack, outputId, { value, sensitive: true, description: options.description });
}

function validate(where: string, props: MailDeviceProps): void {
  const { label, user, protocols, chosenPassword } = props;
  if (!Token.isUnresolved(label) && (label.trim() === '' || label.length > 200))
    throw new Error(`${where}: label must be 1 to 200 characters, e.g. "Outlook (Alice)".`);
  if (user !== undefined && !Token.isUnresolved(user) && !(Number.isInteger(user) && user > 0))
    throw new Error(`${where}: user must be a user id (a positive whole number), got ${user}.`);
  if (protocols !== undefined) {
    const unknown = protocols.filter((p) => !ALL_PROTOCOLS.includes(p));
    if (protocols.length === 0 || unknown.length > 0 || new Set(protocols).size !== protocols.length)
      throw new Error(
        `${where}: protocols must be distinct values among ${ALL_PROTOCOLS.join(', ')}` +
          `${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}; leave it out for all of them.`,
      );
  }
  if (chosenPassword) {
    const { value, version } = chosenPassword;
    if (!Token.isUnresolved(value) && value.length < MIN_CHOSEN_PASSWORD_LENGTH)
      throw new Error(
        `${where}: a chosen password needs at least ${MIN_CHOSEN_PASSWORD_LENGTH} characters; pass a longer ` +
          'one (from a sensitive TerraformVariable) or leave chosenPassword out to get a generated one.',
      );
    if (!Token.isUnresolved(version) && !Number.isInteger(version))
      throw new Error(`${where}: chosenPassword.version must be a whole number, got ${version}.`);
  }
}
