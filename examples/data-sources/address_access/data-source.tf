# Everything that can reach contact@ now: its device accesses, users and pending invitations.
data "infomaniakmail_address_access" "contact" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
}
