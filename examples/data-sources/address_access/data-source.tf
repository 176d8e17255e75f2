# Everything that can reach contact@ now: its device accesses, users and pending invitations.
data "infomaniakmail_address_access" "contact" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
}

# Its snapshot lets an exclusive policy plan, and then revoke, exactly what this read found.
resource "infomaniakmail_access_policy" "contact" {
  mail_hosting_id   = 1234567
  mailbox_name      = "contact"
  exclusive_devices = true
  keep_device_ids   = [7000002]
  observed          = data.infomaniakmail_address_access.contact.snapshot
}
