# Only the devices and users declared here may use contact@: anything else is
# revoked by the next apply, and the saved plan names each one.
data "infomaniakmail_address_access" "contact" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
}

resource "infomaniakmail_access_policy" "contact" {
  mail_hosting_id   = 1234567
  mailbox_name      = "contact"
  exclusive_devices = true
  exclusive_users   = true
  keep_device_ids   = [7000002]
  keep_user_ids     = [100001]
  # Pending invitations count as access too: keep the ones declared elsewhere by email.
  keep_invitation_emails = ["accountant@example.ch"]
  observed               = data.infomaniakmail_address_access.contact.snapshot
}
