/**
 * `ExclusiveAccess`: the authoritative view of one address (`infomaniakmail_access_policy`),
 * keeping exactly the devices and grants declared on its Mailbox. The ids are gathered at
 * synth time, so devices and grants declared after `exclusive()` are kept too.
 */
import { Lazy, Token } from 'cdktf';
import { Construct } from 'constructs';
import { AccessPolicy } from './generated/access-policy';
import type { Mailbox } from './mailbox';

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
  readonly mailbox: Mailbox;
}

export class ExclusiveAccess extends Construct {
  public readonly mailbox: Mailbox;
  public readonly devices: boolean;
  public readonly users: boolean;
  /**
   * The access policy resource; its `unmanagedDevices` / `unmanagedUsers` list what exists
   * but is not declared (read from the API at every plan).
   */
  public readonly policy: AccessPolicy;

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
      provider: service.provider,
    });
    this.node.addValidation({ validate: () => this.check() });
  }

  private check(): string[] {
    if (!this.users) return [];
    // An invitation has no user id until it is accepted; then the policy would remove that person.
    return this.mailbox.declaredGrants
      .filter((g) => g.email !== undefined)
      .map(
        (g) =>
          `exclusive users on ${this.mailbox.describe()} would remove ${g.email} as soon as they accept the ` +
          'invitation (an invitation has no user id). Grant them by user id once they are a user, add their ' +
          'id to keepUserIds, or call exclusive({ users: false }).',
      );
  }
}
