/**
 * `ExclusiveAccess`: the authoritative view of one address (`infomaniakmail_access_policy`),
 * keeping exactly the devices, grants and invitations declared on its Mailbox. The ids are
 * gathered at synth time, so devices and grants declared after `exclusive()` are kept too.
 *
 * The policy plans its revocations from an `infomaniakmail_address_access` data source of
 * the same address (its `snapshot` goes to the write-only `observed`): terraform keeps data
 * source values in the saved plan, so the plan names every revocation, also when the policy
 * is new, and apply revokes exactly those.
 */
import { Lazy, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AccessPolicy } from './generated/access-policy';
import { DataInfomaniakmailAddressAccess } from './generated/data-infomaniakmail-address-access';
import type { IMailbox } from './imailbox';

export interface ExclusiveAccessOptions {
  /**
   * Revoke every device of the address that is not declared on this Mailbox.
   *
   * @default true
   */
  readonly devices?: boolean;

  /**
   * Remove every user of the address who is not granted on this Mailbox.
   *
   * @default true
   */
  readonly users?: boolean;

  /**
   * Also revoke the pre-2026 generic password (needs `devices`). Anything still logging in
   * with it stops working.
   *
   * @default false - it is kept, and every plan lists it
   */
  readonly revokeGenericPassword?: boolean;

  /**
   * Device ids (`device_id`, as the `infomaniakmail_devices` data source lists them) of devices
   * managed elsewhere (another stack, by hand) that must keep their access to this address.
   * A Device has one access per address, so its id names that access.
   *
   * @default []
   */
  readonly keepDeviceIds?: readonly number[];

  /**
   * Ids of users granted elsewhere who must keep their access.
   *
   * @default []
   */
  readonly keepUserIds?: readonly number[];
}

export interface ExclusiveAccessProps extends ExclusiveAccessOptions {
  readonly mailbox: IMailbox;
}

export class ExclusiveAccess extends Construct {
  public readonly mailbox: IMailbox;
  public readonly devices: boolean;
  public readonly users: boolean;
  /**
   * The access policy resource; its `unmanagedDevices` / `unmanagedUsers` list what exists
   * but is not declared and stays (read from the API at every plan).
   */
  public readonly policy: AccessPolicy;
  /** What the address holds when terraform plans: the snapshot the policy's revocations come from. */
  public readonly observed: DataInfomaniakmailAddressAccess;

  public constructor(scope: Construct, id: string, props: ExclusiveAccessProps) {
    super(scope, id);
    const mailbox = props.mailbox;
    this.mailbox = mailbox;
    this.devices = props.devices ?? true;
    this.users = props.users ?? true;
    if (props.revokeGenericPassword && !this.devices)
      throw new Error(
        `exclusive() on ${mailbox.describe()}: revokeGenericPassword needs devices: true (it revokes a device).`,
      );
    const keepDevices = [...(props.keepDeviceIds ?? [])];
    const keepUsers = [...(props.keepUserIds ?? [])];
    const service = mailbox.service;
    // Plain values, never a token of the Address resource: a data source that depends on a
    // resource being created is read during apply, and then the saved plan cannot list what
    // the policy revokes. An address that does not exist yet reads as empty.
    this.observed = new DataInfomaniakmailAddressAccess(this, 'Observed', {
      mailHostingId: service.mailHostingId,
      mailboxName: mailbox.mailboxName,
      provider: service.provider,
    });
    this.policy = new AccessPolicy(this, 'Resource', {
      mailHostingId: service.mailHostingId,
      mailboxName: mailbox.mailboxName,
      exclusiveDevices: this.devices,
      exclusiveUsers: this.users,
      revokeGenericPassword: props.revokeGenericPassword ?? false,
      // Lazy: resolved at synth, when every device and grant of the mailbox is declared. The policy
      // keeps Devices (device_id): a Device has one access per address.
      keepDeviceIds: Token.asNumberList(
        Lazy.anyValue({ produce: () => [...mailbox.declaredDevices.map((d) => d.deviceId), ...keepDevices] }),
      ),
      keepUserIds: Token.asNumberList(
        Lazy.anyValue({
          produce: () => [
            ...mailbox.declaredGrants.flatMap((g) => (g.userId === undefined ? [] : [g.userId])),
            ...keepUsers,
          ],
        }),
      ),
      // Also keeps the person once they accept: they become a user with that email.
      keepInvitationEmails: Token.asList(
        Lazy.anyValue({
          produce: () => mailbox.declaredGrants.flatMap((g) => (g.email === undefined ? [] : [g.email])),
        }),
      ),
      observed: this.observed.snapshot,
      provider: service.provider,
    });
  }

  /** The device accesses the planned apply revokes (known in the saved plan; empty after it). */
  public get devicesToRevoke() {
    return this.policy.devicesToRevoke;
  }

  /** The users whose access the planned apply removes. */
  public get usersToRemove() {
    return this.policy.usersToRemove;
  }

  /** The pending invitations the planned apply withdraws (never their link). */
  public get invitationsToWithdraw() {
    return this.policy.invitationsToWithdraw;
  }
}
