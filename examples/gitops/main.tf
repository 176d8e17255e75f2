# Mail access managed by a GitOps pipeline (workflow.yml, or pipeline.sh anywhere):
# the address that sends notifications, one device password per sending service,
# rotated every 30 days by the scheduled run (and at once when Infomaniak flags it
# as leaked or sending spam), and nothing else allowed on it.
#
# The generated passwords leave Terraform only through the sensitive output
# "device_passwords", which the pipeline pipes into a secret store.
#
# Encrypted variant: set var.secret_recipients to the consumers' public keys (age or
# OpenPGP). State and plans then hold only ciphertext, "device_passwords" carries it,
# the pipeline publishes it as an artifact (SEALED_ARTIFACT) and each consumer opens
# it with its own key (MODE=consume). Without recipients, use a remote backend with
# encryption and locking: the state holds the passwords (see README.md).

terraform {
  required_providers {
    infomaniakmail = { source = "mailaccess/infomaniakmail" }
  }
}

provider "infomaniakmail" {
  # INFOMANIAK_ENDPOINT and INFOMANIAK_TOKEN come from the pipeline's environment.
  requests_per_minute = var.requests_per_minute
  secret_recipients   = var.secret_recipients
}

variable "secret_recipients" {
  description = "Public keys (age1... or armored OpenPGP) the passwords are encrypted to; [] keeps them in plaintext."
  type        = list(string)
  default     = []
}

variable "requests_per_minute" {
  type    = number
  default = 60
}

variable "mail_hosting_id" {
  type    = number
  default = 1234567 # the sandbox's Mail Service; set TF_VAR_mail_hosting_id for yours
}

variable "rotation" {
  description = "Change it (e.g. after an incident) to regenerate every password now."
  type        = string
  default     = "initial"
}

resource "infomaniakmail_address" "notifications" {
  mail_hosting_id = var.mail_hosting_id
  mailbox_name    = "notifications"
}

# SMTP comes with every device password; IMAP lets the CRM file what it sent.
resource "infomaniakmail_device" "crm" {
  mail_hosting_id     = var.mail_hosting_id
  mailbox_name        = infomaniakmail_address.notifications.mailbox_name
  label               = "CRM (sending)"
  type                = "other"
  protocols           = "imap"
  rotate_after_days   = 30
  rotate_when_flagged = true
  rotation_triggers   = { rotation = var.rotation }
}

# Only the devices above may use the address: anything added by hand is revoked
# by the next apply (and the report of that plan names it first).
# What the address holds while terraform plans: the policy's revocations come from it, so the
# saved plan names them. The name is a value, not infomaniakmail_address.notifications.mailbox_name:
# a data source that depends on a pending change is read only during apply.
data "infomaniakmail_address_access" "notifications" {
  mail_hosting_id = var.mail_hosting_id
  mailbox_name    = "notifications"
}

resource "infomaniakmail_access_policy" "notifications" {
  mail_hosting_id   = var.mail_hosting_id
  mailbox_name      = infomaniakmail_address.notifications.mailbox_name
  exclusive_devices = true
  keep_device_ids   = [infomaniakmail_device.crm.device_id]
  observed          = data.infomaniakmail_address_access.notifications.snapshot
}

output "device_passwords" {
  description = "Current password of each device, by consumer (encrypted with secret_recipients). Sensitive."
  sensitive   = true
  value = {
    crm = infomaniakmail_device.crm.encrypted_password != null ? infomaniakmail_device.crm.encrypted_password : infomaniakmail_device.crm.password
  }
}
