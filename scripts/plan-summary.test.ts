/**
 * The walk-throughs' fallback summary of a saved plan (used when `infomaniak-mail report` is
 * not available): access changes in one line each, revocations named, never a value.
 */
import { summarize } from './plan-summary';

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
          // What the refresh read stays in before; the planned revocations are in after.
          before: {
            unmanaged_devices: [{ device_id: 8, label: 'Not revoked' }],
            devices_to_revoke: [],
            users_to_remove: [],
            invitations_to_withdraw: [],
          },
          after: {
            exclusive_devices: true,
            exclusive_users: true,
            mailbox_name: 'contact',
            mail_hosting_id: 1,
            devices_to_revoke: [
              { device_id: 9, label: 'Old phone', user_id: null, last_connection: null },
              { device_id: 10, label: 'Tablet', user_id: 100001, last_connection: '2025-01-02T03:04:05Z' },
            ],
            users_to_remove: [{ user_id: 100003, display_name: 'Chloé Dubois', email: 'chloe@example.ch' }],
            invitations_to_withdraw: [{ key: 'k1', sent_to: 'guest@example.org', short_url: 'never-shown' }],
          },
        },
      },
      {
        address: 'infomaniakmail_access_policy.later',
        type: 'infomaniakmail_access_policy',
        change: {
          actions: ['create'],
          // Unknown values are absent from after (terraform lists them in after_unknown).
          after: {
            exclusive_devices: true,
            exclusive_users: false,
            mailbox_name: 'sales',
            mail_hosting_id: 1,
          },
        },
      },
      {
        address: 'infomaniakmail_access_policy.gone',
        type: 'infomaniakmail_access_policy',
        change: {
          actions: ['delete'],
          before: {
            devices_to_revoke: [{ device_id: 11, label: 'Never' }],
            mailbox_name: 'old',
            mail_hosting_id: 1,
          },
          after: null,
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
    '    revokes device 9 "Old phone", last used never',
    '    revokes device 10 "Tablet" of user 100001, last used 2025-01-02T03:04:05Z',
    '    removes user 100003 Chloé Dubois (chloe@example.ch)',
    '    withdraws invitation k1 sent to guest@example.org',
    '+ create  infomaniakmail_access_policy  exclusive devices: true, users: false on sales (service 1)',
    '    devices_to_revoke: known after apply',
    '    users_to_remove: known after apply',
    '    invitations_to_withdraw: known after apply',
    '- destroy  infomaniakmail_access_policy  exclusive devices: undefined, users: undefined on old (service 1)',
  ]);
  expect(text).not.toContain('never-shown');
  expect(summarize({ resource_changes: [] })).toBe('No changes.');
});
