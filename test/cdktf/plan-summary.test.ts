/**
 * The walk-throughs' fallback summary of a saved plan (used when `infomaniak-mail report` is
 * not available): access changes in one line each, revocations named, never a value.
 */
import { summarize } from '../../scripts/plan-summary';

test('summarizes devices, grants and what an exclusive policy revokes', () => {
  const text = summarize({
    resource_changes: [
      {
        address: 'infomaniakmail_device.crm',
        type: 'infomaniakmail_device',
        change: {
          actions: ['create'],
          after: { label: 'CRM', mailbox_name: 'contact', mail_hosting_id: 1, password: 'never-shown' },
        },
      },
      {
        address: 'infomaniakmail_device.shop',
        type: 'infomaniakmail_device',
        change: {
          actions: ['create', 'delete'],
          before: { label: 'Shop', user_id: 7, mailbox_name: 'contact', mail_hosting_id: 1 },
          after: { label: 'Shop', user_id: 7, mailbox_name: 'contact', mail_hosting_id: 1 },
        },
      },
      {
        address: 'infomaniakmail_user_access.bruno',
        type: 'infomaniakmail_user_access',
        change: {
          actions: ['create'],
          after: {
            user_id: 100002,
            permissions: ['manage_filters'],
            mailbox_name: 'contact',
            mail_hosting_id: 1,
          },
        },
      },
      {
        address: 'infomaniakmail_device.phone_sales',
        type: 'infomaniakmail_device',
        change: {
          actions: ['create'],
          after: { device_id: 7000002, mailbox_name: 'sales', mail_hosting_id: 1 },
        },
      },
      {
        address: 'infomaniakmail_access_policy.p',
        type: 'infomaniakmail_access_policy',
        change: {
          actions: ['update'],
          before: {
            unmanaged_devices: [{ device_id: 9, label: 'Old phone' }],
            unmanaged_users: [{ user_id: 100003, email: 'chloe@example.ch' }],
          },
          after: {
            exclusive_devices: true,
            exclusive_users: true,
            mailbox_name: 'contact',
            mail_hosting_id: 1,
          },
        },
      },
      { address: 'x', type: 'infomaniakmail_address', change: { actions: ['no-op'] } },
    ],
  });
  expect(text.split('\n')).toEqual([
    '+ create  infomaniakmail_device  "CRM" without user on contact (service 1)',
    '+/- replace (new first)  infomaniakmail_device  "Shop" for user 7 on contact (service 1)',
    '+ create  infomaniakmail_user_access  user 100002 [read and send, manage_filters] on contact (service 1)',
    '+ create  infomaniakmail_device  Device 7000002 without user on sales (service 1)',
    '~ update  infomaniakmail_access_policy  exclusive devices: true, users: true on contact (service 1)',
    '    revokes device 9 "Old phone"',
    '    removes user 100003 (chloe@example.ch)',
  ]);
  expect(text).not.toContain('never-shown');
  expect(summarize({ resource_changes: [] })).toBe('No changes.');
});
