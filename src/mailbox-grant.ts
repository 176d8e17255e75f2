/**
 * `MailboxGrant`: a person's access to an address in the Infomaniak Mail apps
 * (`infomaniakmail_user_access`), by user id, or by email for someone not yet in the
 * organisation (an invitation, mailed with its link).
 */
import { Token, type TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { UserAccess } from './generated/user-access';
import {
  invitationLanguages,
  mailboxPermissions,
  type InvitationLanguage,
  type MailboxPermission,
} from './generated/api-rules';
import type { IMailbox, IMailboxGrant } from './imailbox';
import { sensitiveOutput } from './outputs';
import { choices } from './rules';

/** Names of the first model: reading and sending are now always allowed, "manage" is split. */
const FORMER_PERMISSIONS: ReadonlySet<string> = new Set(['read', 'send', 'manage']);

export interface MailboxGrantOptions {
  /**
   * What the person may do besides reading and sending, which every grant allows: any of
   * `manage_filters`, `manage_security`, `manage_aliases`, `manage_redirections`,
   * `manage_signatures`, `manage_auto_reply`, `change_password`, `configure_mail_folders`,
   * `restore_emails`, `manage_rules`, `access_logs`. Changes apply in place for a user; a
   * pending invitation is replaced (a new link).
   *
   * @default [] - read and send only
   */
  readonly permissions?: readonly MailboxPermission[];

  /**
   * Invitations only: the language of the invitation mail.
   *
   * @default 'en'
   */
  readonly language?: InvitationLanguage;

  /** Invitations only: the invited person's first name, sent with the invitation. */
  readonly firstName?: string;

  /** Invitations only: the invited person's last name, sent with the invitation. */
  readonly lastName?: string;
}

export interface MailboxGrantProps extends MailboxGrantOptions {
  readonly mailbox: IMailbox;
  /** A user id of the organisation, or the email of someone to invite. */
  readonly grantee: number | string;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export class MailboxGrant extends Construct implements IMailboxGrant {
  public readonly mailbox: IMailbox;
  /** The user granted; undefined for an invitation. */
  public readonly userId?: number;
  /** The person invited; undefined for a grant by user id. */
  public readonly email?: string;
  /** What the person may do besides reading and sending, in the API's order. */
  public readonly permissions: readonly MailboxPermission[];
  /** The language of the invitation mail; undefined for a grant by user id. */
  public readonly language?: InvitationLanguage;
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
    const permissions = [...(props.permissions ?? [])];
    const unknown = permissions.filter((p) => !mailboxPermissions.includes(p));
    if (unknown.length > 0)
      throw new Error(
        `${where}: ${unknown.map((p) => `"${p}"`).join(', ')} ${unknown.length === 1 ? 'is not a permission' : 'are not permissions'}` +
          (unknown.some((p) => FORMER_PERMISSIONS.has(p))
            ? ' (reading and sending are always allowed; leave "read" and "send" out, and replace "manage" by the capabilities needed)'
            : '') +
          `; choose among ${choices(mailboxPermissions)}, or leave permissions out for read and send only.`,
      );
    const invitationOnly = [
      ...(props.language !== undefined ? ['language'] : []),
      ...(props.firstName !== undefined ? ['firstName'] : []),
      ...(props.lastName !== undefined ? ['lastName'] : []),
    ];
    if (typeof grantee === 'number' && invitationOnly.length > 0)
      throw new Error(
        `${where}: ${invitationOnly.join(', ')} ${invitationOnly.length === 1 ? 'is' : 'are'} sent with an ` +
          'invitation; a grant by user id has none: leave them out (the user already has a name and a language).',
      );
    if (
      props.language !== undefined &&
      !Token.isUnresolved(props.language) &&
      !invitationLanguages.includes(props.language)
    )
      throw new Error(
        `${where}: language must be one of ${choices(invitationLanguages)}, got ${JSON.stringify(props.language)}.`,
      );
    this.mailbox = props.mailbox;
    this.userId = typeof grantee === 'number' ? grantee : undefined;
    this.email = typeof grantee === 'string' ? grantee : undefined;
    // The API's order, so a reordering in code is no change.
    this.permissions = mailboxPermissions.filter((p) => permissions.includes(p));
    this.language = typeof grantee === 'string' ? props.language : undefined;
    const service = props.mailbox.service;
    this.access = new UserAccess(this, 'Resource', {
      mailHostingId: service.mailHostingId,
      mailboxName: props.mailbox.mailboxName,
      userId: this.userId,
      email: this.email,
      permissions: this.permissions.length > 0 ? [...this.permissions] : undefined,
      language: props.language,
      firstName: props.firstName,
      lastName: props.lastName,
      provider: service.provider,
      dependsOn: [props.mailbox.address],
    });
    this.status = this.access.status;
    props.mailbox.registerGrant(this);
  }

  /**
   * Exports the invitation link as a **sensitive** output named `outputId` (a bearer credential:
   * whoever holds it can take up the access). Null once the invitation was accepted.
   */
  public exportInvitationUrl(outputId: string): TerraformOutput {
    if (this.email === undefined)
      throw new Error(
        `Grant "${this.node.id}" on ${this.mailbox.describe()} is by user id: there is no invitation link.`,
      );
    return sensitiveOutput(this, outputId, this.access.invitationUrl, {
      description: `Invitation link for ${this.email} on ${this.mailbox.describe()}`,
    });
  }
}
