/**
 * The schema of `infomaniakmail_user_access`: the single source of truth for its docs
 * and bindings.
 */
import {
  attr,
  each,
  intRange,
  oneOf,
  requiresReplace,
  useStateForUnknown,
  type ModelOf,
  type PlanOf,
} from '../framework';
import {
  DEFAULT_INVITATION_LANGUAGE,
  invitationLanguages,
  mailboxPermissions,
} from '../infomaniak/api-rules';
import { addressKeyAttributes, emailAddress } from './common';
import { secretRecipientsAttribute } from './secret-recipients';

export const userAccessAttributes = {
  id: attr.string({
    computed: true,
    description:
      '`HOSTING/MAILBOX/USER_ID` for a user access (the form `terraform import` takes), ' +
      '`HOSTING/MAILBOX/invitation/KEY` for an invitation.',
    planModifiers: [useStateForUnknown()],
  }),
  ...addressKeyAttributes(),
  user_id: attr.int({
    optional: true,
    description:
      'Id of a user of the organisation that owns the Mail Service (see the `infomaniakmail_users` ' +
      'data source). They read the address in the Infomaniak Mail apps with their own login. ' +
      'Set exactly one of `user_id` and `email`. Changing it replaces the resource.',
    validators: [intRange(1, Number.MAX_SAFE_INTEGER)],
    planModifiers: [requiresReplace()],
  }),
  email: attr.string({
    optional: true,
    description:
      'Email of someone who is **not yet** a user of the organisation: apply creates an invitation link ' +
      'to the address and mails it there. Set exactly one of `user_id` and `email`. Changing it replaces ' +
      'the resource (a new link).',
    validators: [emailAddress()],
    planModifiers: [requiresReplace()],
  }),
  permissions: attr.set('string', {
    optional: true,
    default: [],
    description:
      'What the person may do besides reading and sending (empty, the default, allows only that): any of ' +
      `${mailboxPermissions.map((p) => `\`${p}\``).join(', ')} (the API's capability names without ` +
      '`can_`). A user access changes in place; the API cannot change an invitation, so changing the ' +
      'permissions of a pending invitation replaces it (a new link).',
    validators: [each(oneOf<string>(...mailboxPermissions))],
  }),
  language: attr.string({
    optional: true,
    default: DEFAULT_INVITATION_LANGUAGE,
    description:
      `Language of the invitation mail: ${invitationLanguages.map((l) => `\`${l}\``).join(', ')}. Default ` +
      `\`${DEFAULT_INVITATION_LANGUAGE}\`. Used when the link is mailed; ignored for \`user_id\`.`,
    validators: [oneOf(...invitationLanguages)],
  }),
  first_name: attr.string({
    optional: true,
    description:
      'First name of the invited person, sent with the invitation. Changing it replaces a pending invitation.',
    planModifiers: [requiresReplace()],
  }),
  last_name: attr.string({
    optional: true,
    description:
      'Last name of the invited person, sent with the invitation. Changing it replaces a pending invitation.',
    planModifiers: [requiresReplace()],
  }),
  status: attr.string({
    computed: true,
    description:
      '`active` when the person has access (a user access, or an invitation that was accepted), `invited` ' +
      'while the link is valid and unused, `expired` once it has expired: the next plan then replaces the ' +
      'resource, which issues and sends a new link.',
  }),
  invitation_key: attr.string({
    computed: true,
    description: 'The key identifying the invitation; null for `user_id`.',
    planModifiers: [useStateForUnknown()],
  }),
  invitation_url: attr.string({
    computed: true,
    sensitive: true,
    description:
      'The invitation link (`short_url`; a bearer credential: whoever holds it can take up the access). ' +
      'Null for `user_id`, once the invitation was accepted, and whenever `secret_recipients` apply (then ' +
      'only `encrypted_invitation_url` holds it). **Sensitive**: expose it only through a sensitive output.',
  }),
  secret_recipients: secretRecipientsAttribute(
    'Public keys the invitation link is encrypted to (age X25519 recipients `age1…` or armored OpenPGP ' +
      "public keys, all of one kind). Unset: the provider block's `secret_recipients` apply; an empty list " +
      'opts this access out (the link in the sensitive `invitation_url`). The API returns the link on ' +
      'every read, so a change of keys encrypts it again in place; nothing is re-sent.',
  ),
  encrypted_invitation_url: attr.string({
    computed: true,
    description:
      'The invitation link encrypted to `secret_recipients` (ASCII-armored age or OpenPGP message); null ' +
      'without recipients or without a pending invitation. Encrypted again only when the link or the keys ' +
      'change, so a refresh does not rewrite it.',
  }),
  invitation_recipients_fingerprint: attr.string({
    computed: true,
    description:
      'Which keys can read `encrypted_invitation_url`: `age:<recipient>` or `openpgp:<fingerprint>` ' +
      'entries, sorted and comma-separated; null without recipients.',
  }),
  invitation_expires_at: attr.string({
    computed: true,
    description:
      "When the invitation link expires (RFC 3339, UTC, from the API's `expired_at`); null for `user_id`.",
    planModifiers: [useStateForUnknown()],
  }),
};

export type UserAccessModel = ModelOf<typeof userAccessAttributes>;
export type UserAccessPlan = PlanOf<typeof userAccessAttributes>;

export const USER_ACCESS_DESCRIPTION = `Gives one person access to one address: a user of the organisation (\`user_id\`), or
someone outside it (\`email\`), who is sent an invitation link.

- **User access** (\`user_id\`): the user reads the address in the Infomaniak Mail apps with their own
  login. \`status\` is \`active\`. Changing \`permissions\` updates it in place. If the user already has
  access when the resource is created, it is adopted and its permissions are set to the configured ones.
- **Invitation** (\`email\`): apply creates a link (the API says until when: \`invitation_expires_at\`;
  the Manager guide says 30 days) and mails it in \`language\`; \`status\` is \`invited\` and
  \`invitation_url\` (sensitive) holds the link — or, with \`secret_recipients\`, only
  \`encrypted_invitation_url\` holds it, encrypted to those keys (see
  [Encrypted passwords](../guides/encrypted-passwords.md)). Once it has expired, \`status\` reads \`expired\` and the
  plan replaces the resource, which issues and sends a new link. When the person accepts, the invitation
  leaves the address and a user access with that email appears: \`status\` becomes \`active\` and the
  resource follows that user (permission changes then update in place, destroy removes their access).

Destroy removes this person's access only, or withdraws the pending invitation. The withdrawal uses an
older API route; if the account no longer serves it (501), the resource is removed with a warning that the
link stays valid until it expires.

Drift: an access removed outside Terraform disappears on refresh and the plan grants it again; permissions
changed outside Terraform show as an in-place update.

## Import

Import a user access by \`MAIL_HOSTING_ID/MAILBOX_NAME/USER_ID\`:

\`\`\`shell
terraform import infomaniakmail_user_access.alice 1234567/contact/100001
\`\`\`

Invitations are not imported: declare them with \`email\` (an existing one is withdrawn by an exclusive
access policy, or left to expire).`;
