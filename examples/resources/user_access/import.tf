import {
  to = infomaniakmail_user_access.alice
  id = "1234567/contact/100001"
}
