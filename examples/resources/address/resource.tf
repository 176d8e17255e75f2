# The address contact@<domain of Mail Service 1234567>: adopted when it exists,
# created (without a password) when it does not. Destroy keeps the mailbox.
resource "infomaniakmail_address" "contact" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
}
