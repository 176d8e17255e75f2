import {
  to = infomaniakmail_access_policy.contact
  id = "1234567/contact"
}
