/**
 * Records → wire entities. Every entity is parsed with the client's own zod
 * schema before it leaves, so the sandbox cannot drift from what the client
 * accepts; a mismatch is a sandbox bug and surfaces as a 500 in tests.
 *
 * The password hash and the invitation token digest never pass through here.
 */
import {
  deviceSchema,
  deviceWithPasswordSchema,
  invitationSchema,
  invitationWithUrlSchema,
  mailboxSchema,
  organisationUserSchema,
  webmailUserSchema,
  type Device,
  type DeviceWithPassword,
  type Invitation,
  type InvitationWithUrl,
  type Mailbox,
  type OrganisationUser,
  type WebmailUser,
} from '../infomaniak/wire';
import type {
  DeviceRecord,
  GrantRecord,
  HostingRecord,
  InvitationRecord,
  MailboxRecord,
  UserRecord,
} from './state';

export function mailboxView(hosting: HostingRecord, mailbox: MailboxRecord): Mailbox {
  return mailboxSchema.parse({
    mailbox_name: mailbox.mailbox_name,
    email: `${mailbox.mailbox_name}@${hosting.domain}`,
    created_at: mailbox.created_at,
  });
}

function deviceFields(device: DeviceRecord): Device {
  return {
    id: device.id,
    label: device.label,
    user_id: device.user_id,
    protocols: [...device.protocols],
    created_at: device.created_at,
    password_changed_at: device.password_changed_at,
    is_generic: device.is_generic,
  };
}

export function deviceView(device: DeviceRecord): Device {
  return deviceSchema.parse(deviceFields(device));
}

/** Only create and regenerate call this: the one moment a password is shown. */
export function deviceWithPasswordView(device: DeviceRecord, password: string): DeviceWithPassword {
  return deviceWithPasswordSchema.parse({ ...deviceFields(device), password });
}

export function webmailUserView(grant: GrantRecord, user: UserRecord | undefined): WebmailUser {
  return webmailUserSchema.parse({
    user_id: grant.user_id,
    // A grant can outlive the user's membership in a hand-edited seed; still list it.
    email: user?.email ?? '',
    display_name: user?.display_name ?? '',
    permissions: [...grant.permissions],
    created_at: grant.created_at,
  });
}

export function invitationStatus(invitation: InvitationRecord, nowSeconds: number): Invitation['status'] {
  return nowSeconds >= invitation.expires_at ? 'expired' : invitation.status;
}

export function invitationView(invitation: InvitationRecord, nowSeconds: number): Invitation {
  return invitationSchema.parse(invitationFields(invitation, nowSeconds));
}

/** Only invitation create calls this: the one moment the link is shown. */
export function invitationWithUrlView(
  invitation: InvitationRecord,
  nowSeconds: number,
  url: string,
): InvitationWithUrl {
  return invitationWithUrlSchema.parse({ ...invitationFields(invitation, nowSeconds), url });
}

function invitationFields(invitation: InvitationRecord, nowSeconds: number): Invitation {
  return {
    id: invitation.id,
    email: invitation.email,
    permissions: [...invitation.permissions],
    status: invitationStatus(invitation, nowSeconds),
    created_at: invitation.created_at,
    expires_at: invitation.expires_at,
  };
}

export function organisationUserView(user: UserRecord): OrganisationUser {
  return organisationUserSchema.parse({
    user_id: user.user_id,
    email: user.email,
    display_name: user.display_name,
  });
}
