data "infomaniakmail_address" "contact" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
}

output "contact_email" {
  value = data.infomaniakmail_address.contact.email
}
