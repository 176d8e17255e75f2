import {
  to = infomaniakmail_address.contact
  id = "1234567/contact"
}
