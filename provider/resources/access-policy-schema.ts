/**
 * The schema of `infomaniakmail_access_policy`: the single source of truth for its docs
 * and bindings.
 */
import { attr, each, intRange, useStateForUnknown, type ModelOf, type PlanOf } from '../framework';
import { deviceEntryAttributes, invitationEntryAttributes, userEntryAttributes } from './access-snapshot';
import { addressKeyAttributes, emailAddress } from './common';

const idsAttribute = (description: string) =>
  attr.set('number', {
    optional: true,
    description,
    validators: [each(intRange(1, Number.MAX_SAFE_INTEGER))],
  });

export const policyAttributes = {
  id: attr.string({
    computed: true,
    description: '`HOSTING/MAILBOX`, the form `terraform import` takes.',
    planModifiers: [useStateForUnknown()],
  }),
  ...addressKeyAttributes(),
  exclusive_devices: attr.bool({
    default: false,
    description:
      'When true, apply revokes every device access of the address whose Device is not in ' +
      '`keep_device_ids` — except the generic password, unless `revoke_generic_password` is true. ' +
      '`devices_to_revoke` names each one in the plan.',
  }),
  keep_device_ids: idsAttribute(
    'Device ids (`device_id`) this policy accepts: never revoked. Typically ' +
      '`[for d in infomaniakmail_device.all : d.device_id]`. Ids known only after apply (Devices created by ' +
      'the same apply) are taken as Devices that do not exist yet.',
  ),
  exclusive_users: attr.bool({
    default: false,
    description:
      'When true, apply removes the access of every user of the address that is not in `keep_user_ids`, ' +
      'and withdraws every pending invitation whose `sent_to` is not in `keep_invitation_emails` (an ' +
      'unaccepted link is live access). `users_to_remove` and `invitations_to_withdraw` name each one.',
  }),
  keep_user_ids: idsAttribute(
    'Ids of the users this policy accepts: their access is never removed. Typically the `user_id` of the ' +
      '`infomaniakmail_user_access` resources of the address.',
  ),
  keep_invitation_emails: attr.set('string', {
    optional: true,
    description:
      'Emails of the invitations this policy accepts (compared case-insensitively): typically the `email` of ' +
      'the `infomaniakmail_user_access` invitations of the address. Once accepted, an invitation becomes a ' +
      'user access with that email, which stays kept too.',
    validators: [each(emailAddress())],
  }),
  revoke_generic_password: attr.bool({
    default: false,
    description:
      'With `exclusive_devices`, also revoke the pre-2026 generic password of the address (anything still ' +
      'logging in with it stops working). Without it, the generic password stays and remains listed in ' +
      '`unmanaged_devices`, and every plan says so.',
  }),
  observed: attr.string({
    optional: true,
    writeOnly: true,
    description:
      'The `snapshot` of an `infomaniakmail_address_access` data source of this address. The lists are then ' +
      'planned from what that data source read, which the saved plan keeps: a new policy names its ' +
      'revocations in its first plan, and apply revokes exactly them. **Write-only** (Terraform 1.11 or ' +
      'later): it is never stored and never shows as a change. Without it, a new policy revokes nothing in ' +
      'the apply that creates it (the next plan lists what it will revoke).',
  }),
  devices_to_revoke: attr.listNested(deviceEntryAttributes, {
    computed: true,
    description:
      'The device accesses this apply revokes, by access id: known in the plan, so a reviewer or a policy ' +
      'tool (`terraform show -json`) reads them. Empty after the refresh that follows (nothing pending).',
  }),
  users_to_remove: attr.listNested(userEntryAttributes, {
    computed: true,
    description:
      'The users whose access this apply removes, by user id. Empty after the refresh that follows.',
  }),
  invitations_to_withdraw: attr.listNested(invitationEntryAttributes, {
    computed: true,
    description:
      'The pending invitations this apply withdraws, by key. Empty after the refresh that follows.',
  }),
  unmanaged_devices: attr.listNested(deviceEntryAttributes, {
    computed: true,
    description:
      'Device accesses of the address whose Device is not in `keep_device_ids` and that stay after apply ' +
      '(a reporting policy lists every stray here; an exclusive one only the generic password it keeps).',
  }),
  unmanaged_users: attr.listNested(userEntryAttributes, {
    computed: true,
    description: 'Users with access to the address who are not in `keep_user_ids` and keep it after apply.',
  }),
};

export type AccessPolicyModel = ModelOf<typeof policyAttributes>;
export type AccessPolicyPlan = PlanOf<typeof policyAttributes>;

export const POLICY_DESCRIPTION = `The authoritative view of one address: which device accesses, users and invitations exist beyond
those Terraform keeps, and, when the policy is exclusive, their revocation.

- **Reporting** (the default): nothing is revoked; \`unmanaged_devices\` and \`unmanaged_users\` list the
  strays and every plan warns about them.
- **Exclusive** (\`exclusive_devices\`, \`exclusive_users\`): the plan lists in \`devices_to_revoke\`,
  \`users_to_remove\` and \`invitations_to_withdraw\` every entry apply will revoke (and a warning names
  them); apply revokes exactly those and never a kept one. An entry already gone is fine; one that appears
  after the plan is left alone and shows in the next plan. The pre-2026 generic password is revoked only
  with \`revoke_generic_password = true\`.

The lists come from a snapshot of the address that the plan and apply share:

- with \`observed = data.infomaniakmail_address_access.NAME.snapshot\`, from what that data source read
  while planning, also for a new policy (the CDKTF constructs wire this);
- otherwise from what the refresh read, which a new policy does not have: it revokes nothing in the apply
  that creates it, and the next plan lists what it will revoke.

\`keep_device_ids\` may name Devices created in the same apply (ids not known at plan time): they are taken
as Devices that do not exist yet, and a kept Device is never revoked. Destroying the policy revokes nothing.

## Import

Import by \`MAIL_HOSTING_ID/MAILBOX_NAME\`:

\`\`\`shell
terraform import infomaniakmail_access_policy.contact 1234567/contact
\`\`\`

The settings start at their defaults (reporting only): the first apply after import records the configured ones,
and revokes what the plan names if the configuration is exclusive.`;
