# A user of the organisation reads contact@ in the webmail with their own login...
resource "infomaniakmail_user_access" "alice" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
  user_id         = 100001
  permissions     = ["manage_filters"]
}

# ...and someone outside it is invited by email (a link, mailed to them).
resource "infomaniakmail_user_access" "accountant" {
  mail_hosting_id = 1234567
  mailbox_name    = "contact"
  email           = "accountant@example.ch"
  language        = "fr"
}
