/**
 * `Mailbox`: one address of a Mail Service, created when absent and adopted when present
 * (`infomaniakmail_address`). Devices, grants and the exclusive policy hang off it.
 */
import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { Address } from './generated/address';
import { MailDevice, type MailDeviceOptions } from './mail-device';
import { ExclusiveAccess, type ExclusiveAccessOptions } from './exclusive-access';
import { MailboxGrant, type MailboxGrantOptions } from './mailbox-grant';
import type { MailService } from './mail-service';

export interface MailboxOptions {
  /**
   * Whether destroying the stack deletes the mailbox **and all its mail**.
   *
   * @default false - destroy only stops managing the address; the mailbox and its mail stay
   */
  readonly deleteMailboxOnDestroy?: boolean;
}

export interface MailboxProps extends MailboxOptions {
  /** The Mail Service the address belongs to. */
  readonly service: MailService;
  /** The local part of the address: `contact` for contact@example.ch. */
  readonly mailboxName: string;
}

/** What the service accepts as the local part of an address. */
const MAILBOX_NAME = /^[a-z0-9](?:[a-z0-9._+-]{0,62}[a-z0-9])?$/i;

export class Mailbox extends Construct {
  public readonly service: MailService;
  /** The local part of the address. */
  public readonly mailboxName: string;
  /** The full address, e.g. `contact@example.ch` (a token, known after apply). */
  public readonly email: string;

  private readonly address: Address;
  private policy?: ExclusiveAccess;

  public constructor(scope: Construct, id: string, props: MailboxProps) {
    super(scope, id);
    const name = props.mailboxName;
    if (!Token.isUnresolved(name) && !MAILBOX_NAME.test(name))
      throw new Error(
        `Mailbox "${name}": give the local part of the address only (letters, digits, ".", "_", "+", "-"; ` +
          `at most 64 characters), e.g. service.mailbox('contact') for contact@example.ch.`,
      );
    this.service = props.service;
    this.mailboxName = name;
    this.address = new Address(this, 'Resource', {
      mailHostingId: props.service.mailHostingId,
      mailboxName: name,
      deleteMailboxOnDestroy: props.deleteMailboxOnDestroy,
      provider: props.service.provider,
    });
    this.email = this.address.email;
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
   * @param id unique among the devices of this mailbox, e.g. `outlook-alice`
   */
  public addDevice(id: string, options: MailDeviceOptions): MailDevice {
    return new MailDevice(this, id, { ...options, mailbox: this });
  }

  /**
   * Gives a person access to this address in the Infomaniak Mail apps, with their own login.
   *
   * @param userIdOrEmail a user id of the organisation (a number), or the email of someone who
   *   is not a user yet: they receive a setup link valid 30 days
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

  /** Every device declared on this mailbox in the stack (whatever its scope). */
  public get declaredDevices(): readonly MailDevice[] {
    return TerraformStack.of(this)
      .node.findAll()
      .filter((c): c is MailDevice => c instanceof MailDevice && c.mailbox === this);
  }

  /** Every grant declared on this mailbox in the stack. */
  public get declaredGrants(): readonly MailboxGrant[] {
    return TerraformStack.of(this)
      .node.findAll()
      .filter((c): c is MailboxGrant => c instanceof MailboxGrant && c.mailbox === this);
  }

  /** The exclusive policy, if `exclusive()` was called. */
  public get exclusivePolicy(): ExclusiveAccess | undefined {
    return this.policy;
  }

  /** `contact (service 1234567)`, for messages. */
  public describe(): string {
    return `mailbox "${this.mailboxName}" of Mail Service ${this.service.mailHostingId}`;
  }
}
