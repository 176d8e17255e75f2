data "infomaniakmail_devices" "contact" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
}
