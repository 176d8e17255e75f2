/**
 * Opt-in policy checks, as CDK Aspects: add them to a stack (or the app) and synth reports
 * every construct that breaks them, with what to change.
 *
 *   Aspects.of(stack).add(new RequireDeviceRotation());
 *   Aspects.of(stack).add(new MaxDevicesPerMailbox(10));
 *   Aspects.of(stack).add(new RequireFlaggedRotation());
 *
 * By default a violation is an error annotation (synth fails); `{ level: 'warning' }` only
 * reports it.
 */
import { Annotations, type IAspect } from 'cdktf';
import type { IConstruct } from 'constructs';
import { MailDevice } from './mail-device';
import { Mailbox } from './mailbox';

export interface PolicyCheckOptions {
  /**
   * `error` fails synth; `warning` reports only.
   *
   * @default 'error'
   */
  readonly level?: 'error' | 'warning';
}

function report(node: IConstruct, level: 'error' | 'warning' | undefined, message: string): void {
  if (level === 'warning') Annotations.of(node).addWarning(message);
  else Annotations.of(node).addError(message);
}

/** Every device must have a rotation. */
export class RequireDeviceRotation implements IAspect {
  public constructor(private readonly options: PolicyCheckOptions = {}) {}

  public visit(node: IConstruct): void {
    if (node instanceof MailDevice && !node.rotation)
      report(
        node,
        this.options.level,
        `${capitalised(node.describe())} on ${node.mailbox.describe()} has no rotation: add ` +
          'rotation: Rotation.every(Duration.days(90)) (or Rotation.onChange({...})) to its addDevice() call.',
      );
  }
}

/** At most `max` devices declared per mailbox. */
export class MaxDevicesPerMailbox implements IAspect {
  public constructor(
    private readonly max: number,
    private readonly options: PolicyCheckOptions = {},
  ) {
    if (!Number.isInteger(max) || max < 0)
      throw new Error(`MaxDevicesPerMailbox: max must be a whole number of at least 0, got ${max}.`);
  }

  public visit(node: IConstruct): void {
    if (!(node instanceof Mailbox)) return;
    const count = node.declaredDevices.length;
    if (count > this.max)
      report(
        node,
        this.options.level,
        `${node.describe()} declares ${count} devices, more than the ${this.max} allowed: remove ` +
          `${count - this.max}, or share a device between clients that run under one identity.`,
      );
  }
}

/** Every device must be regenerated when Infomaniak flags its password as leaked or sending spam. */
export class RequireFlaggedRotation implements IAspect {
  public constructor(private readonly options: PolicyCheckOptions = {}) {}

  public visit(node: IConstruct): void {
    if (node instanceof MailDevice && !node.rotation?.rotatesWhenFlagged)
      report(
        node,
        this.options.level,
        `${capitalised(node.describe())} on ${node.mailbox.describe()} is not rotated when Infomaniak flags its ` +
          'password: add .andWhenFlagged() to its rotation (or rotation: Rotation.whenFlagged()).',
      );
  }
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
