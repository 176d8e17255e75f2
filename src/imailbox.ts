/**
 * `IMailbox`: what the devices, grants and exclusive policy of an address need of it. They
 * depend on this interface, not on the `Mailbox` class that creates them, so the construct
 * files import each other in one direction only.
 */
import type { IConstruct } from 'constructs';
import type { Address } from './generated/address';
import type { InfomaniakmailProvider } from './generated/provider';

/** The Mail Service an address belongs to, as the resources of the address need it. */
export interface IMailService extends IConstruct {
  /** The Mail Service id. */
  readonly mailHostingId: number;
  /** The provider configuration every resource of this service uses. */
  readonly provider: InfomaniakmailProvider;
  /** The keys that provider encrypts secrets to; undefined when it sets none. */
  readonly secretRecipients?: readonly string[];
}

/** A device access as its mailbox keeps it, for the checks of its other devices and its policy. */
export interface IMailboxDevice extends IConstruct {
  /** The Device's label (a token when read from the service). */
  readonly label: string;
  /** The Device's id (a token, known after apply). */
  readonly deviceId: number;
  /** The existing Device this access is for; undefined for a new Device. */
  readonly existingDevice?: IMailboxDevice | number;
}

/** A person's access as its mailbox keeps it, for its policy. */
export interface IMailboxGrant extends IConstruct {
  /** The user granted; undefined for an invitation. */
  readonly userId?: number;
  /** The person invited; undefined for a grant by user id. */
  readonly email?: string;
}

export interface IMailbox extends IConstruct {
  readonly service: IMailService;
  /** The local part of the address. */
  readonly mailboxName: string;
  /** The `infomaniakmail_address` resource, which the address's devices and grants depend on. */
  readonly address: Address;
  /** Every device access declared on this address, in the order they were declared. */
  readonly declaredDevices: readonly IMailboxDevice[];
  /** Every grant declared on this address, in the order they were declared. */
  readonly declaredGrants: readonly IMailboxGrant[];

  /** `mailbox "contact" of Mail Service 1234567`, for messages. */
  describe(): string;

  /**
   * Records a device access of this address, so its other devices and its policy see it.
   * A device calls it once it is built, whatever its scope.
   */
  registerDevice(device: IMailboxDevice): void;

  /** Records a grant of this address, as `registerDevice` does for devices. */
  registerGrant(grant: IMailboxGrant): void;
}
