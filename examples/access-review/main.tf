# A small access setup to review with `infomaniak-mail report`: one address with
# devices for clients, webmail access for people, and an exclusive policy on the
# shared "contact" address. Change the variables to see each kind of change:
#
#   terraform plan -out=tfplan -var quarter=2026-Q2 -var 'chloe_permissions=["manage_filters"]'
#   terraform show -json tfplan > plan.json
#   npx infomaniak-mail report plan.json
#
# Runs against the sandbox (npx infomaniak-mail sandbox) with its public admin token.

terraform {
  required_providers {
    infomaniakmail = { source = "mailaccess/infomaniakmail" }
  }
}

provider "infomaniakmail" {
  # endpoint and token come from INFOMANIAK_ENDPOINT and INFOMANIAK_TOKEN.
  requests_per_minute = var.requests_per_minute
}

variable "requests_per_minute" {
  type    = number
  default = 60
}

variable "mail_hosting_id" {
  type    = number
  default = 1234567 # the sandbox's Mail Service
}

variable "quarter" {
  description = "Rotation trigger of the CRM password: change it to rotate."
  type        = string
  default     = "2026-Q1"
}

variable "phone_protocols" {
  description = "imap, pop3 or pop3-imap (SMTP is always included); a change replaces the phone's access."
  type        = string
  default     = "imap"
}

variable "chloe_permissions" {
  description = "What Chloé may do besides reading and sending (e.g. [\"manage_filters\"])."
  type        = list(string)
  default     = []
}

# Read once per plan; the report uses it to name users ("Chloé Dubois" rather than 100003).
data "infomaniakmail_users" "organisation" {
  mail_hosting_id = var.mail_hosting_id
}

resource "infomaniakmail_address" "support" {
  mail_hosting_id = var.mail_hosting_id
  mailbox_name    = "support"
}

# SMTP comes with every device password; `protocols` says whether it also reads by IMAP or POP.
resource "infomaniakmail_device" "crm" {
  mail_hosting_id   = var.mail_hosting_id
  mailbox_name      = infomaniakmail_address.support.mailbox_name
  label             = "CRM sending"
  type              = "other"
  protocols         = "imap"
  rotation_triggers = { quarter = var.quarter }
}

resource "infomaniakmail_device" "printer" {
  mail_hosting_id   = var.mail_hosting_id
  mailbox_name      = infomaniakmail_address.support.mailbox_name
  label             = "Printer"
  type              = "other"
  protocols         = "pop3"
  rotate_after_days = 30
}

# Regenerated as soon as Infomaniak flags its password as leaked or sending spam.
resource "infomaniakmail_device" "scanner" {
  mail_hosting_id     = var.mail_hosting_id
  mailbox_name        = infomaniakmail_address.support.mailbox_name
  label               = "Scanner"
  type                = "other"
  rotate_when_flagged = true
}

resource "infomaniakmail_device" "phone" {
  mail_hosting_id = var.mail_hosting_id
  mailbox_name    = infomaniakmail_address.support.mailbox_name
  label           = "Phone (Alice)"
  type            = "phone"
  user_id         = 100001
  protocols       = var.phone_protocols

  # No route changes protocols: a change replaces the access, the new one first.
  lifecycle {
    create_before_destroy = true
  }
}

resource "infomaniakmail_user_access" "chloe" {
  mail_hosting_id = var.mail_hosting_id
  mailbox_name    = "contact"
  user_id         = 100003
  permissions     = var.chloe_permissions
}

# Someone outside the organisation: an invitation link, mailed in French.
resource "infomaniakmail_user_access" "guest" {
  mail_hosting_id = var.mail_hosting_id
  mailbox_name    = "contact"
  email           = "guest@example.org"
  first_name      = "Gaëlle"
  language        = "fr"
}

# What "contact" holds while terraform plans; the policy plans its revocations from it, so the
# saved plan names each one (devices_to_revoke, users_to_remove, invitations_to_withdraw) and
# apply revokes exactly those. mailbox_name is a value, never a reference to a resource: a data
# source that waits for a pending change is read during apply, and then the plan cannot say.
data "infomaniakmail_address_access" "contact" {
  mail_hosting_id = var.mail_hosting_id
  mailbox_name    = "contact"
}

resource "infomaniakmail_access_policy" "contact" {
  mail_hosting_id        = var.mail_hosting_id
  mailbox_name           = "contact"
  exclusive_devices      = true
  exclusive_users        = true
  keep_user_ids          = [100001, infomaniakmail_user_access.chloe.user_id]
  keep_invitation_emails = [infomaniakmail_user_access.guest.email]
  observed               = data.infomaniakmail_address_access.contact.snapshot
}

output "device_passwords" {
  description = "Generated passwords by device, for a secret store. Sensitive."
  sensitive   = true
  value = {
    crm     = infomaniakmail_device.crm.password
    printer = infomaniakmail_device.printer.password
    scanner = infomaniakmail_device.scanner.password
    phone   = infomaniakmail_device.phone.password
  }
}

output "guest_invitation_url" {
  sensitive = true
  value     = infomaniakmail_user_access.guest.invitation_url
}
