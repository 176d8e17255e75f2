import {
  to = infomaniakmail_device.crm
  id = "1234567/contact/8000002"
}
