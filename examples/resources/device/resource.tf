# One password for the CRM that sends from contact@: regenerated in place every
# quarter (change the trigger) and whenever Infomaniak flags it.
resource "infomaniakmail_device" "crm" {
  mail_hosting_id     = 1234567
  mailbox_name        = "contact"
  label               = "CRM (sending)"
  type                = "other"
  protocols           = "imap"
  rotation_triggers   = { quarter = "2026-Q4" }
  rotate_when_flagged = true
}

output "crm_password" {
  value     = infomaniakmail_device.crm.password
  sensitive = true
}
