# The users of the organisation Mail Service 1234567 belongs to (ids for user_access).
data "infomaniakmail_users" "all" {
  mail_hosting_id = 1234567
}
