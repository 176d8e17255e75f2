/**
 * A Mailbox keeps what it owns: its address resource, typed, and the devices and grants
 * declared on it, which register themselves whatever their scope.
 */
import { TerraformStack, Testing } from 'cdktf';
import { Construct } from 'constructs';
import { address as l1address, MailboxGrant, MailDevice, MailService, type IMailbox } from '.';
import { scratchApps } from '../test/support/cdktf-apps';

const testApp = scratchApps();

type Resources = Record<string, Record<string, Record<string, unknown>>>;

function setup() {
  const stack = new TerraformStack(testApp(), 'test');
  const service = new MailService(stack, 'mail', { mailHostingId: 1234567, installProvider: false });
  return { stack, service, mailbox: service.mailbox('demonstration') };
}

function resources(stack: TerraformStack): Resources {
  return (JSON.parse(Testing.synth(stack)) as { resource: Resources }).resource;
}

test('the address resource is typed, and what devices and grants depend on', () => {
  const { stack, mailbox } = setup();
  expect(mailbox.address).toBeInstanceOf(l1address.Address);
  expect(mailbox.node.defaultChild).toBe(mailbox.address);
  mailbox.addDevice('crm', { label: 'CRM' });
  mailbox.grant(100001);
  const s = resources(stack);
  const addressRef = `infomaniakmail_address.${Object.keys(s.infomaniakmail_address)[0]}`;
  for (const type of ['infomaniakmail_device', 'infomaniakmail_user_access'])
    expect(Object.values(s[type]).map((r) => r.depends_on)).toEqual([[addressRef]]);
});

test('devices and grants are kept in the order declared, each on its own mailbox', () => {
  const { service, mailbox } = setup();
  const first = mailbox.addDevice('first', { label: 'First' });
  const second = mailbox.addDevice('second', { label: 'Second' });
  const grant = mailbox.grant('new.person@example.ch');
  const other = service.mailbox('sales');
  other.addDevice('first', { label: 'First' });
  expect(mailbox.declaredDevices).toEqual([first, second]);
  expect(mailbox.declaredGrants).toEqual([grant]);
  expect(other.declaredDevices).toHaveLength(1);
  expect(other.declaredGrants).toEqual([]);
  // A copy each time: the mailbox's own list does not change from outside.
  expect(mailbox.declaredDevices).not.toBe(mailbox.declaredDevices);
});

test('a device or grant built in another scope registers on its mailbox: checks and policy see it', () => {
  const { stack, mailbox } = setup();
  const team = new Construct(stack, 'team');
  const printer = new MailDevice(team, 'printer', { mailbox, label: 'Printer' });
  const grant = new MailboxGrant(team, 'bob', { mailbox, grantee: 100002 });
  expect(mailbox.declaredDevices).toEqual([printer]);
  expect(mailbox.declaredGrants).toEqual([grant]);
  expect(() => mailbox.addDevice('printer-2', { label: 'Printer' })).toThrow(
    /label "Printer" is already used by device "printer"/,
  );
  mailbox.exclusive();
  const s = resources(stack);
  const [policy] = Object.values(s.infomaniakmail_access_policy);
  const [deviceName] = Object.keys(s.infomaniakmail_device);
  expect(policy.keep_device_ids).toEqual([`\${infomaniakmail_device.${deviceName}.device_id}`]);
  expect(policy.keep_user_ids).toEqual([100002]);
});

test('a mailbox refuses to keep what is not its own', () => {
  const { service, mailbox } = setup();
  const elsewhere = service.mailbox('sales').addDevice('crm', { label: 'CRM' });
  expect(() => mailbox.registerDevice(elsewhere)).toThrow(
    /mailbox "demonstration" .*: only a MailDevice of this mailbox/,
  );
  const grant = service.mailbox('sales').grant(100001);
  expect(() => mailbox.registerGrant(grant)).toThrow(/only a MailboxGrant of this mailbox/);
  expect(mailbox.declaredDevices).toEqual([]);
  expect(mailbox.declaredGrants).toEqual([]);
});

test('devices, grants and the policy depend on IMailbox, not on the Mailbox class', () => {
  const { mailbox } = setup();
  const seen: IMailbox = mailbox;
  const device = mailbox.addDevice('crm', { label: 'CRM' });
  expect(device.mailbox).toBe(seen);
  expect(mailbox.exclusive().mailbox).toBe(seen);
});
