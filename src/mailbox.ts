/**
 * `Mailbox`: one address of a Mail Service, created when absent and adopted when present
 * (`infomaniakmail_address`). Devices, grants and the exclusive policy hang off it.
 */
import { Construct } from 'constructs';
import { Address } from './generated/address';
import type { IMailbox, IMailboxDevice, IMailboxGrant } from './imailbox';
import { MailDevice, type MailDeviceOptions } from './mail-device';
import { ExclusiveAccess, type ExclusiveAccessOptions } from './exclusive-access';
import { MailboxGrant, type MailboxGrantOptions } from './mailbox-grant';
import type { MailService } from './mail-service';
import { mailboxNameProblem, noteProblem } from './rules';

export interface MailboxOptions {
  /**
   * A note shown in the Manager (at most 80 characters), sent when the mailbox is created.
   * The API cannot change a mailbox: on an adopted address, or after creation, it stays in
   * state only (the plan warns).
   *
   * @default - no note
   */
  readonly note?: string;
}

export interface MailboxProps extends MailboxOptions {
  /** The Mail Service the address belongs to. */
  readonly service: MailService;
  /** The local part of the address: `contact` for contact@example.ch. */
  readonly mailboxName: string;
}

export class Mailbox extends Construct implements IMailbox {
  public readonly service: MailService;
  /** The local part of the address. */
  public readonly mailboxName: string;
  /** The full address in Unicode, e.g. `contact@exemple-domaine.ch` (a token, known after apply). */
  public readonly email: string;
  /** The full address in ASCII (the ACE form of an internationalised domain; a token). */
  public readonly asciiEmail: string;

  /**
   * The `infomaniakmail_address` resource: its devices and grants depend on it, and it is the
   * escape hatch to the L1 binding.
   */
  public readonly address: Address;

  private readonly devices: MailDevice[] = [];
  private readonly grants: MailboxGrant[] = [];
  private policy?: ExclusiveAccess;

  public constructor(scope: Construct, id: string, props: MailboxProps) {
    const name = props.mailboxName;
    // The provider's plan applies the same rule (generated/api-rules.ts): synth and plan agree.
    // Checked before super(): a refused mailbox leaves nothing in the tree.
    const problem =
      mailboxNameProblem(name) ?? (props.note === undefined ? undefined : noteProblem(props.note));
    if (problem) throw new Error(`Mailbox "${name}": ${problem}`);
    super(scope, id);
    this.service = props.service;
    this.mailboxName = name;
    this.address = new Address(this, 'Resource', {
      mailHostingId: props.service.mailHostingId,
      mailboxName: name,
      note: props.note,
      provider: props.service.provider,
    });
    this.email = this.address.email;
    this.asciiEmail = this.address.asciiEmail;
  }

  /**
   * Whether the address still has its pre-2026 generic password (a token, known after
   * refresh). Revoke it with `exclusive({ revokeGenericPassword: true })`.
   */
  public get hasGenericPassword() {
    return this.address.hasGenericPassword;
  }

  /**
   * Declares a device password of this address: what one IMAP/POP/SMTP client (Outlook, a
   * phone, a CRM) logs in with. Its password leaves the tree only through
   * `device.exportPassword(...)`, as a sensitive output.
   *
   * - a new Device: `addDevice('outlook-alice', { label: 'Outlook (Alice)', user: 100001, type: 'computer' })`;
   * - a Device of another mailbox reading this one too:
   *   `addDevice('phone-alice', { device: alicePhoneOnSales })` (label, type and user are the Device's).
   *
   * Labels are unique within the address: synth refuses a duplicate.
   *
   * @param id unique among the devices of this mailbox, e.g. `outlook-alice`
   */
  public addDevice(id: string, options: MailDeviceOptions): MailDevice {
    return new MailDevice(this, id, { ...options, mailbox: this });
  }

  /**
   * Gives a person access to this address in the Infomaniak Mail apps, with their own login.
   *
   * @param userIdOrEmail a user id of the organisation (a number), or the email of someone who
   *   is not a user yet: they are mailed an invitation link (valid 30 days per the Manager guide)
   */
  public grant(userIdOrEmail: number | string, options: MailboxGrantOptions = {}): MailboxGrant {
    const id = typeof userIdOrEmail === 'number' ? `user-${userIdOrEmail}` : `invitation-${userIdOrEmail}`;
    if (this.node.tryFindChild(id))
      throw new Error(
        `Mailbox "${this.mailboxName}": ${String(userIdOrEmail)} is already granted; change the permissions of ` +
          'that grant instead of granting twice.',
      );
    return new MailboxGrant(this, id, { ...options, mailbox: this, grantee: userIdOrEmail });
  }

  /**
   * Makes this address's declared devices and grants the only ones: apply revokes every other
   * device and removes every other user, and the plan names each of them first. Without it,
   * strays are only reported.
   */
  public exclusive(options: ExclusiveAccessOptions = {}): ExclusiveAccess {
    if (this.policy)
      throw new Error(
        `Mailbox "${this.mailboxName}": exclusive() was already called; call it once with every option.`,
      );
    this.policy = new ExclusiveAccess(this, 'Exclusive', { ...options, mailbox: this });
    return this.policy;
  }

  /** Every device declared on this mailbox (whatever its scope), in the order they were declared. */
  public get declaredDevices(): readonly MailDevice[] {
    return [...this.devices];
  }

  /** Every grant declared on this mailbox, in the order they were declared. */
  public get declaredGrants(): readonly MailboxGrant[] {
    return [...this.grants];
  }

  /** Called by each MailDevice of this address when it is built. */
  public registerDevice(device: IMailboxDevice): void {
    if (!(device instanceof MailDevice) || device.mailbox !== this)
      throw new Error(`${this.describe()}: only a MailDevice of this mailbox can be registered on it.`);
    this.devices.push(device);
  }

  /** Called by each MailboxGrant of this address when it is built. */
  public registerGrant(grant: IMailboxGrant): void {
    if (!(grant instanceof MailboxGrant) || grant.mailbox !== this)
      throw new Error(`${this.describe()}: only a MailboxGrant of this mailbox can be registered on it.`);
    this.grants.push(grant);
  }

  /** The exclusive policy, if `exclusive()` was called. */
  public get exclusivePolicy(): ExclusiveAccess | undefined {
    return this.policy;
  }

  /** `mailbox "contact" of Mail Service 1234567`, for messages. */
  public describe(): string {
    return `mailbox "${this.mailboxName}" of Mail Service ${this.service.mailHostingId}`;
  }
}
