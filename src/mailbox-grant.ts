/**
 * `MailboxGrant`: a person's access to an address in the Infomaniak Mail apps
 * (`infomaniakmail_user_access`), by user id, or by email for someone not yet in the
 * organisation (an invitation with a setup link).
 */
import { TerraformOutput, TerraformResource, Token } from 'cdktf';
import { Construct } from 'constructs';
import { UserAccess } from './generated/user-access';
import { sensitiveOutput } from './mail-device';
import type { Mailbox } from './mailbox';

/** What a person may do with an address. */
export type MailPermission = 'read' | 'send' | 'manage';

export const ALL_PERMISSIONS: readonly MailPermission[] = ['read', 'send', 'manage'];

export interface MailboxGrantOptions {
  /**
   * What the person may do with the address. Changes apply in place (an invitation not yet
   * accepted is re-issued).
   *
   * @default ['read'] - least privilege; add 'send' for someone who answers mail
   */
  readonly permissions?: readonly MailPermission[];
}

export interface MailboxGrantProps extends MailboxGrantOptions {
  readonly mailbox: Mailbox;
  /** A user id of the organisation, or the email of someone to invite. */
  readonly grantee: number | string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class MailboxGrant extends Construct {
  public readonly mailbox: Mailbox;
  /** The user granted; undefined for an invitation. */
  public readonly userId?: number;
  /** The person invited; undefined for a grant by user id. */
  public readonly email?: string;
  public readonly permissions: readonly MailPermission[];
  /** `active`, `invited` or `expired` (a token, known after apply). */
  public readonly status: string;

  private readonly access: UserAccess;

  public constructor(scope: Construct, id: string, props: MailboxGrantProps) {
    super(scope, id);
    const { grantee } = props;
    const where = `Grant "${id}" on ${props.mailbox.describe()}`;
    if (typeof grantee === 'number') {
      if (!Token.isUnresolved(grantee) && !(Number.isInteger(grantee) && grantee > 0))
        throw new Error(`${where}: a user id is a positive whole number, got ${grantee}.`);
    } else if (!Token.isUnresolved(grantee) && !EMAIL.test(grantee))
      throw new Error(
        `${where}: "${grantee}" is neither a user id (pass a number, e.g. 100001) nor an email address.`,
      );
    const permissions = [...(props.permissions ?? ['read'])];
    const unknown = permissions.filter((p) => !ALL_PERMISSIONS.includes(p));
    if (permissions.length === 0 || unknown.length > 0)
      throw new Error(
        `${where}: permissions must be some of ${ALL_PERMISSIONS.join(', ')}` +
          `${unknown.length > 0 ? ` (not ${unknown.join(', ')})` : ''}; leave it out for read only.`,
      );
    this.mailbox = props.mailbox;
    this.userId = typeof grantee === 'number' ? grantee : undefined;
    this.email = typeof grantee === 'string' ? grantee : undefined;
    this.permissions = [...new Set(permissions)];
    const service = props.mailbox.service;
    this.access = new UserAccess(this, 'Resource', {
      mailHostingId: service.mailHostingId,
      mailboxName: props.mailbox.mailboxName,
      userId: this.userId,
      email: this.email,
      permissions: [...this.permissions],
      provider: service.provider,
      dependsOn: [props.mailbox.node.defaultChild as TerraformResource],
    });
    this.status = this.access.status;
  }

  /**
   * Exports the setup link of an invitation as a **sensitive** output named `outputId` (it is a
   * bearer credential). It is known only in the apply that creates the invitation.
   */
  public exportInvitationUrl(outputId: string): TerraformOutput {
    if (this.email === undefined)
      throw new Error(
        `Grant "${this.node.id}" on ${this.mailbox.describe()} is by user id: there is no invitation link.`,
      );
    return sensitiveOutput(this, outputId, this.access.invitationUrl, {
      description: `Setup link for ${this.email} on ${this.mailbox.describe()}`,
    });
  }
}
