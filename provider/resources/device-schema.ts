/**
 * The schema of `infomaniakmail_device` (the single source of truth for its docs and
 * bindings), its import id, and how an API device access fills its state.
 */
import {
  attr,
  intRange,
  oneOf,
  requiresReplace,
  stringLength,
  useStateForUnknown,
  validator,
  type ModelOf,
  type PlanOf,
} from '../framework';
import type { DeviceAccess, MailboxRef } from '../infomaniak';
import {
  DEFAULT_DEVICE_PROTOCOLS,
  DEVICE_LABEL_MAX_LENGTH,
  deviceProtocols,
  deviceTypes,
  labelControlCharacter,
} from '../infomaniak/api-rules';
import { addressKeyAttributes, describeAddress, rfc3339 } from './common';
import { secretRecipientsAttribute } from './secret-recipients';

const REPLACES = 'No API route changes it: a change replaces the access (new password, old one revoked).';

const oneLineLabel = validator<string>('no control characters', (label) => {
  const found = labelControlCharacter(label);
  if (found)
    return (
      `Must not contain control characters: found ${found.code} at character ${found.position} (a line ` +
      'break, a tab, NUL or another control code). A label is one line, shown in the Manager and in plans: ' +
      'remove it, or put a space instead.'
    );
});

export const deviceAttributes = {
  id: attr.string({
    computed: true,
    description: '`MAIL_HOSTING_ID/MAILBOX_NAME/ACCESS_ID`, the form `terraform import` takes.',
    planModifiers: [useStateForUnknown()],
  }),
  ...addressKeyAttributes(),
  label: attr.string({
    optional: true,
    computed: true,
    description:
      "The Device's name shown in the Manager, e.g. `Outlook (Alice)` or `CRM sending`. Required unless " +
      '`device_id` is set. It belongs to the **Device**, not to this access: a change renames the Device on ' +
      'every address it reads, in place. With `device_id` set, leave it unset (it is read from the Device) ' +
      "or give the Device's own label. Keep labels unique within an address (the plan warns otherwise).",
    validators: [stringLength({ min: 1, max: DEVICE_LABEL_MAX_LENGTH }), oneLineLabel],
    planModifiers: [useStateForUnknown()],
  }),
  protocols: attr.string({
    optional: true,
    default: DEFAULT_DEVICE_PROTOCOLS,
    description:
      `What the password opens besides SMTP (always included): ${deviceProtocols.map((p) => `\`${p}\``).join(', ')}, ` +
      `as the API names them. ${REPLACES}`,
    validators: [oneOf(...deviceProtocols)],
    planModifiers: [requiresReplace()],
  }),
  type: attr.string({
    optional: true,
    computed: true,
    description:
      `The kind of Device: ${deviceTypes.map((t) => `\`${t}\``).join(', ')}. Read from the Device when ` +
      `unset. ${REPLACES}`,
    validators: [oneOf(...deviceTypes)],
    planModifiers: [useStateForUnknown(), requiresReplace()],
  }),
  user_id: attr.int({
    optional: true,
    computed: true,
    description:
      'Id of the organisation user this access belongs to; unset for a device "without user" (a shared ' +
      `client such as a CRM or a printer), or read from the service after an import. ${REPLACES}`,
    validators: [intRange(1, Number.MAX_SAFE_INTEGER)],
    planModifiers: [useStateForUnknown(), requiresReplace()],
  }),
  device_id: attr.int({
    optional: true,
    computed: true,
    description:
      "The Device's id. Leave it unset and a new Device is made; set it to give this address to a Device " +
      "that already exists (e.g. Alice's phone reading a second address: " +
      '`device_id = infomaniakmail_device.alice_phone.device_id`). A Device has at most one access ' +
      'per address, so within an address it names this access too (`keep_device_ids` of ' +
      '`infomaniakmail_access_policy`). Changing it replaces the access; with it set, the old access is ' +
      'revoked before the new one is made.',
    validators: [intRange(1, Number.MAX_SAFE_INTEGER)],
    planModifiers: [useStateForUnknown(), requiresReplace()],
  }),
  rotation_triggers: attr.map('string', {
    optional: true,
    description:
      'Arbitrary values; when any of them changes, the password is **regenerated in place** (same access; ' +
      'the old password stops working at once). For example `{ quarter = "2026-Q1" }` to rotate every ' +
      'quarter from a scheduled pipeline.',
  }),
  rotate_after_days: attr.int({
    optional: true,
    description:
      'Regenerate the password in place once it is this many days old, counted from `password_set_at` ' +
      "(on the service's clock; after an import, from the import). The plan then warns, naming the device " +
      'and its age. Run `terraform apply` on a schedule for this to take effect. The API has no ' +
      'password-change date: a regeneration made in the Manager is invisible to it.',
    validators: [intRange(1, 3650)],
  }),
  rotate_when_flagged: attr.bool({
    optional: true,
    default: false,
    description:
      'Regenerate the password in place when Infomaniak flags it (`status` `leaked` or `spam`) and it was ' +
      'set before the flag was first seen. Once per flag: if the status stays flagged after the ' +
      'regeneration, the plan warns but does not regenerate again.',
  }),
  access_id: attr.int({
    computed: true,
    description: "The access's id (what regenerate and revoke act on).",
    planModifiers: [useStateForUnknown()],
  }),
  status: attr.string({
    computed: true,
    description: "Infomaniak's view of the password: `healthy`, `leaked` or `spam`.",
  }),
  last_connection: attr.string({
    computed: true,
    description: 'When the password was last used (RFC 3339, UTC); null if never.',
  }),
  created_at: attr.string({
    computed: true,
    description: 'When the access was created (RFC 3339, UTC).',
    planModifiers: [useStateForUnknown()],
  }),
  password: attr.string({
    computed: true,
    sensitive: true,
    description:
      'The generated password, known after the access is created or regenerated (the API shows it only ' +
      'then; it takes no chosen password, although the Manager does). **Sensitive.** Null after import ' +
      '(it cannot be read back), and null whenever `secret_recipients` apply: then only ' +
      '`encrypted_password` holds it. Hand it on only through sensitive outputs or a secret store.',
  }),
  secret_recipients: secretRecipientsAttribute(
    'Public keys the password is encrypted to the moment the API answers: age X25519 recipients ' +
      '(`age1…`) or armored OpenPGP public keys, all of one kind, several at once (a team key and a ' +
      "break-glass key). Unset: the provider block's `secret_recipients` apply. An empty list opts this " +
      'device out: the password is kept in plaintext in the sensitive `password`. A change of the keys ' +
      'that apply regenerates the password (the provider never keeps the plaintext to encrypt it again).',
  ),
  encrypted_password: attr.string({
    computed: true,
    description:
      'The password encrypted to `secret_recipients` (ASCII-armored age or OpenPGP message); null ' +
      'without recipients. Not sensitive: only the holders of the private keys can read it, with ' +
      '`infomaniak-mail decrypt`, `age -d` or `gpg -d`.',
  }),
  password_recipients_fingerprint: attr.string({
    computed: true,
    description:
      'Which keys can read `encrypted_password`: `age:<recipient>` or `openpgp:<fingerprint>` entries, ' +
      'sorted and comma-separated; null without recipients.',
  }),
  password_set_at: attr.string({
    computed: true,
    description:
      'When Terraform last received the password (RFC 3339, UTC); null after import. The API has no ' +
      'password-change date.',
  }),
};

export type DeviceModel = ModelOf<typeof deviceAttributes>;
export type DevicePlan = PlanOf<typeof deviceAttributes>;

export const deviceIdForm = {
  form: 'MAIL_HOSTING_ID/MAILBOX_NAME/ACCESS_ID',
  example: '1234567/contact/8000002',
  parts: ['int', 'string', 'int'],
} as const;

export function deviceName(label: string | null, accessId: number | null, ref: MailboxRef): string {
  return `Device "${label ?? '?'}" (access ${accessId ?? '?'}) on ${describeAddress(ref)}`;
}

/** What the API says about an access, over the state it refreshes. */
export function withAccess(state: DeviceModel, access: DeviceAccess): DeviceModel {
  return {
    ...state,
    id: `${state.mail_hosting_id}/${state.mailbox_name}/${access.accessId}`,
    label: access.label,
    protocols: access.protocols,
    type: access.type,
    user_id: access.userId,
    device_id: access.deviceId,
    access_id: access.accessId,
    status: access.status,
    last_connection: access.lastConnection === null ? null : rfc3339(access.lastConnection),
    created_at: rfc3339(access.createdAt),
  };
}
