/**
 * The L2 constructs, asserted on the synthesized Terraform JSON (cdktf's Testing helpers).
 */
import { App, Aspects, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import 'cdktf/lib/testing/adapters/jest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  dataInfomaniakmailDevices,
  device as l1device,
  provider as l1provider,
  Duration,
  MailService,
  MaxDevicesPerMailbox,
  RequireDeviceRotation,
  RequireFlaggedRotation,
  Rotation,
  ROTATION_CLOCK_CONTEXT,
  type Mailbox,
} from '.';
// The provider's own rule, for comparison only: src/ must not import it.
import { MAILBOX_NAME_MAX_LENGTH, MAILBOX_NAME_PATTERN } from '../provider/infomaniak/wire';
import { scratchApps } from '../test/support/cdktf-apps';

const testApp = scratchApps();

Testing.setupJest();

const HOSTING = 1234567;

interface Synth {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: string; sensitive?: boolean; description?: string }>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform: { required_providers: Record<string, { source: string }> };
}

function setup(context: Record<string, unknown> = {}): { app: App; stack: TerraformStack; mailbox: Mailbox } {
  const app = testApp({ context });
  const stack = new TerraformStack(app, 'test');
  const mailbox = new MailService(stack, 'mail', { mailHostingId: HOSTING }).mailbox('demonstration');
  return { app, stack, mailbox };
}

function synth(stack: TerraformStack): Synth {
  return JSON.parse(Testing.synth(stack, true)) as Synth;
}

function only(s: Synth, type: string): Record<string, unknown> {
  const all = Object.values(s.resource[type] ?? {});
  expect(all).toHaveLength(1);
  return all[0];
}

function find(s: Synth, type: string, key: string, value: unknown): Record<string, unknown> {
  const found = Object.values(s.resource[type] ?? {}).filter((r) => r[key] === value);
  expect(found).toHaveLength(1);
  return found[0];
}

function errors(stack: TerraformStack): string[] {
  Testing.synth(stack);
  return stack.node
    .findAll()
    .flatMap((c) => c.node.metadata)
    .filter((m) => m.type === '@cdktf/error')
    .map((m) => String(m.data));
}

describe('MailService and Mailbox', () => {
  test('declares the provider once, from the local mirror source, and the address to create or adopt', () => {
    const { stack, mailbox } = setup();
    new MailService(stack, 'other', { mailHostingId: 7654321 }).mailbox('contact');
    const s = synth(stack);
    // Pinned to the provider the bindings were generated from (same package; cdktf-cli needs a version).
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(s.terraform.required_providers.infomaniakmail).toEqual({
      source: 'mailaccess/infomaniakmail',
      version,
    });
    expect(s.provider?.infomaniakmail).toHaveLength(1);
    expect(Object.values(s.resource.infomaniakmail_address)).toEqual([
      { mail_hosting_id: HOSTING, mailbox_name: 'demonstration', provider: 'infomaniakmail' },
      { mail_hosting_id: 7654321, mailbox_name: 'contact', provider: 'infomaniakmail' },
    ]);
    expect(mailbox.service.mailbox('demonstration')).toBe(mailbox);
  });

  test('passes provider settings and reuses a provider declared in the stack', () => {
    const app = testApp();
    const stack = new TerraformStack(app, 'test');
    const own = new l1provider.InfomaniakmailProvider(stack, 'mine', { requestsPerMinute: 600 });
    const service = new MailService(stack, 'mail', { mailHostingId: HOSTING });
    expect(service.provider).toBe(own);
    const fresh = new TerraformStack(app, 'fresh');
    new MailService(fresh, 'mail', { mailHostingId: HOSTING, endpoint: 'http://127.0.0.1:4587' });
    expect(synth(fresh).provider?.infomaniakmail).toEqual([{ endpoint: 'http://127.0.0.1:4587' }]);
  });

  test('a note is sent with the address; there is no option to delete a mailbox', () => {
    const { stack, mailbox } = setup();
    mailbox.service.mailbox('archive', { note: 'Old invoices' });
    const s = synth(stack);
    expect(find(s, 'infomaniakmail_address', 'mailbox_name', 'demonstration').note).toBeUndefined();
    expect(find(s, 'infomaniakmail_address', 'mailbox_name', 'archive')).toEqual({
      mail_hosting_id: HOSTING,
      mailbox_name: 'archive',
      note: 'Old invoices',
      provider: 'infomaniakmail',
    });
    expect(() => mailbox.service.mailbox('long', { note: 'x'.repeat(81) })).toThrow(
      /note must be at most 80 characters \(got 81\)/,
    );
    expect(mailbox.asciiEmail).toMatch(/^\$\{TfToken/);
  });

  test("mailbox names: synth gives the verdict of the provider's plan for every name", () => {
    const provider = (name: string) =>
      [...name].length >= 1 &&
      [...name].length <= MAILBOX_NAME_MAX_LENGTH &&
      new RegExp(MAILBOX_NAME_PATTERN).test(name);
    const names = [
      'contact',
      'info.sales',
      'a',
      'team-01',
      'first__last',
      'x'.repeat(64),
      'x'.repeat(65),
      'Sales+EU',
      'sales+eu',
      'Contact',
      '.contact',
      'contact.',
      'a..b',
      'a.-b',
      '-a',
      'contact@example.ch',
      'é',
      '',
      'with space',
    ];
    const synthOk = (name: string) => {
      const { mailbox } = setup();
      try {
        mailbox.service.mailbox(name);
        return true;
      } catch {
        return false;
      }
    };
    const verdicts = names.map((n) => [n, synthOk(n)]);
    expect(verdicts).toEqual(names.map((n) => [n, provider(n)]));
    // Both sides refuse and accept something: the comparison is not vacuous.
    expect(verdicts.filter(([, ok]) => ok).length).toBeGreaterThan(3);
    expect(verdicts.filter(([, ok]) => !ok).length).toBeGreaterThan(3);
  });

  test('a refused mailbox name says what to change, and leaves nothing in the tree', () => {
    const { stack, mailbox } = setup();
    const service = mailbox.service;
    expect(() => service.mailbox('Sales+EU')).toThrow(
      /Mailbox "Sales\+EU": a mailbox name is the part.*"\+" separates/,
    );
    expect(() => service.mailbox('Contact')).toThrow(/Write it in lowercase: service\.mailbox\('contact'\)/);
    expect(() => service.mailbox('x'.repeat(65))).toThrow(/at most 64 characters/);
    expect(service.node.tryFindChild('Sales+EU')).toBeUndefined();
    expect(Object.keys(synth(stack).resource.infomaniakmail_address)).toHaveLength(1);
  });

  test('bad input fails at synth with what to change', () => {
    const { stack, mailbox } = setup();
    expect(() => new MailService(stack, 'bad', { mailHostingId: 0 })).toThrow(
      /positive whole number.*\/mail\//,
    );
    expect(() => mailbox.service.mailbox('contact@example.ch')).toThrow(
      /part before @ only: service\.mailbox\('contact'\)/,
    );
    expect(() => mailbox.service.mailbox('demonstration', { note: 'again' })).toThrow(/already declared/);
  });
});

describe('devices', () => {
  test('a device with a user and a type, rotated by age and when flagged, and one without user rotated on change', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('outlook', {
      label: 'Outlook (Alice)',
      user: 100001,
      type: 'computer',
      rotation: Rotation.every(Duration.days(90)).andWhenFlagged(),
    });
    mailbox.addDevice('crm', {
      label: 'CRM',
      protocols: 'imap',
      rotation: Rotation.onChange({ generation: '2' }),
    });
    const s = synth(stack);
    const outlook = find(s, 'infomaniakmail_device', 'label', 'Outlook (Alice)');
    const crm = find(s, 'infomaniakmail_device', 'label', 'CRM');
    expect(outlook).toMatchObject({
      label: 'Outlook (Alice)',
      user_id: 100001,
      type: 'computer',
      protocols: 'pop3-imap',
      rotate_after_days: 90,
      rotate_when_flagged: true,
      mail_hosting_id: HOSTING,
      mailbox_name: 'demonstration',
    });
    expect(outlook.device_id).toBeUndefined();
    expect(outlook.depends_on).toEqual([expect.stringMatching(/^infomaniakmail_address\./)]);
    expect(crm).toMatchObject({ label: 'CRM', protocols: 'imap', rotation_triggers: { generation: '2' } });
    expect(crm.user_id).toBeUndefined();
    expect(crm.type).toBeUndefined();
    expect(crm.rotate_when_flagged).toBeUndefined();
    // No route changes protocols, type or user: their change replaces the access, the new one first.
    expect(crm.lifecycle).toEqual({ create_before_destroy: true });
    expect(outlook.lifecycle).toEqual({ create_before_destroy: true });
  });

  test('both kinds of rotation at once, and whenFlagged alone', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('d', {
      label: 'D',
      rotation: Rotation.every(Duration.weeks(2)).andOnChange({ q: '1' }).andWhenFlagged(),
    });
    mailbox.addDevice('f', { label: 'F', rotation: Rotation.whenFlagged() });
    const s = synth(stack);
    expect(find(s, 'infomaniakmail_device', 'label', 'D')).toMatchObject({
      rotate_after_days: 14,
      rotation_triggers: { q: '1' },
      rotate_when_flagged: true,
    });
    const f = find(s, 'infomaniakmail_device', 'label', 'F');
    expect(f.rotate_when_flagged).toBe(true);
    expect(f.rotate_after_days).toBeUndefined();
    expect(f.rotation_triggers).toBeUndefined();
    expect(Rotation.every(Duration.days(3)).andWhenFlagged().andOnChange({ a: 'b' }).toString()).toBe(
      'every 3 days and on change of a and when flagged',
    );
  });

  test('overlap replaces the device, new one first, when its triggers change; a flag still regenerates in place', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('crm', {
      label: 'CRM',
      rotation: Rotation.onChange({ generation: '3' }).andWhenFlagged(),
      overlap: true,
    });
    mailbox.addDevice('flag-only', { label: 'Flag only', rotation: Rotation.whenFlagged(), overlap: true });
    const s = synth(stack);
    const device = find(s, 'infomaniakmail_device', 'label', 'CRM');
    const triggers = Object.entries(s.resource.terraform_data);
    expect(triggers).toHaveLength(1);
    const [triggerName, trigger] = triggers[0];
    expect(trigger).toEqual({ input: { generation: '3' } });
    expect(device.lifecycle).toEqual({
      create_before_destroy: true,
      replace_triggered_by: [`terraform_data.${triggerName}`],
    });
    // The in-place regeneration arguments are not used: rotation is by replacement.
    expect(device.rotation_triggers).toBeUndefined();
    expect(device.rotate_after_days).toBeUndefined();
    expect(device.rotate_when_flagged).toBe(true);
    expect(find(s, 'infomaniakmail_device', 'label', 'Flag only').lifecycle).toEqual({
      create_before_destroy: true,
    });
  });

  test('overlap with rotation by age moves to a new window once the period has passed', () => {
    const window = (now: string): unknown => {
      const { stack, mailbox } = setup({ [ROTATION_CLOCK_CONTEXT]: now });
      mailbox.addDevice('d', { label: 'D', rotation: Rotation.every(Duration.days(30)), overlap: true });
      return Object.values(synth(stack).resource.terraform_data)[0].input;
    };
    expect(window('2026-11-23T10:00:00Z')).toEqual(window('2026-11-24T10:00:00Z'));
    expect(window('2026-11-23T10:00:00Z')).not.toEqual(window('2027-01-23T10:00:00Z'));
  });

  test('an existing Device gets a second address: its id, no label, revoke-first replacement', () => {
    const { stack, mailbox } = setup();
    const phone = mailbox.addDevice('phone-alice', { label: 'Phone (Alice)', user: 100001, type: 'phone' });
    const sales = mailbox.service.mailbox('sales');
    const onSales = sales.addDevice('phone-alice', {
      device: phone,
      protocols: 'imap',
      rotation: Rotation.whenFlagged(),
    });
    const byId = sales.addDevice('tablet', { device: 7000002 });
    const s = synth(stack);
    const onSalesJson = Object.values(s.resource.infomaniakmail_device).filter(
      (d) => d.mailbox_name === 'sales' && typeof d.device_id === 'string',
    );
    expect(onSalesJson).toHaveLength(1);
    const [json] = onSalesJson;
    expect(json.device_id).toMatch(/^\$\{infomaniakmail_device\.[^.]+phone-alice[^.]*\.device_id\}$/);
    expect(json).toMatchObject({ mailbox_name: 'sales', protocols: 'imap', rotate_when_flagged: true });
    for (const key of ['label', 'type', 'user_id', 'lifecycle']) expect(json[key]).toBeUndefined();
    expect(find(s, 'infomaniakmail_device', 'device_id', 7000002)).toMatchObject({ mailbox_name: 'sales' });
    // The Device's label, for messages and for the uniqueness check of this address.
    expect(onSales.label).toBe('Phone (Alice)');
    expect(onSales.existingDevice).toBe(phone);
    expect(byId.existingDevice).toBe(7000002);
  });

  test('a Device has one access per address', () => {
    const { mailbox } = setup();
    const phone = mailbox.addDevice('phone', { label: 'Phone' });
    expect(() => mailbox.addDevice('again', { device: phone })).toThrow(
      /device "Phone" already reads mailbox "demonstration".*give a MailDevice of another mailbox/,
    );
    const sales = mailbox.service.mailbox('sales');
    sales.addDevice('phone', { device: phone });
    expect(() => sales.addDevice('phone-2', { device: phone })).toThrow(
      /already given mailbox "sales" .* by device "phone".*declare it once/,
    );
    sales.addDevice('known', { device: 7000002 });
    expect(() => sales.addDevice('known-2', { device: 7000002 })).toThrow(/declare it once/);
  });

  test('labels are unique within an address, also against a shared Device; other addresses may repeat them', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('outlook', { label: 'Outlook' });
    expect(() => mailbox.addDevice('outlook-2', { label: 'Outlook' })).toThrow(
      /Device "outlook-2" on mailbox "demonstration" .*: label "Outlook" is already used by device "outlook" of this address/,
    );
    const sales = mailbox.service.mailbox('sales');
    const other = sales.addDevice('outlook', { label: 'Outlook' });
    const third = mailbox.service.mailbox('third');
    third.addDevice('outlook-sales', { device: other });
    expect(() => third.addDevice('own', { label: 'Outlook' })).toThrow(
      /label "Outlook" is already used by device "outlook-sales"/,
    );
    // Labels differing only in case are different labels for the API.
    mailbox.addDevice('lower', { label: 'outlook' });
    // A refused device leaves nothing behind.
    expect(mailbox.node.tryFindChild('outlook-2')).toBeUndefined();
    expect(Object.keys(synth(stack).resource.infomaniakmail_device)).toHaveLength(4);
  });

  test('invalid devices are refused with what to change', () => {
    const { mailbox } = setup();
    expect(() => mailbox.addDevice('a', { label: '' })).toThrow(
      /label must be 1 to 255 characters \(got 0\)/,
    );
    expect(() => mailbox.addDevice('a2', { label: 'x'.repeat(256) })).toThrow(
      /1 to 255 characters \(got 256\)/,
    );
    mailbox.addDevice('a3', { label: 'é'.repeat(255) });
    expect(() => mailbox.addDevice('b', { label: 'B', user: -1 })).toThrow(/user id/);
    expect(() => mailbox.addDevice('c', { label: 'C', protocols: 'smtp' as 'imap' })).toThrow(
      /protocols must be one of "imap", "pop3" or "pop3-imap" \(SMTP is always included\), got "smtp"/,
    );
    expect(() => mailbox.addDevice('d', { label: 'D', protocols: ['imap'] as unknown as 'imap' })).toThrow(
      /It is one string now, not a list/,
    );
    expect(() => mailbox.addDevice('e', { label: 'E', type: 'watch' as 'phone' })).toThrow(
      /type must be one of "computer", "phone", "tablet" or "other"/,
    );
    expect(() => mailbox.addDevice('f', {} as { label: string })).toThrow(/a new Device needs a label/);
    expect(() =>
      mailbox.addDevice('g', { device: 7000002, label: 'G' } as unknown as { device: number }),
    ).toThrow(/label belong to the Device given as "device".*leave it out/);
    expect(() =>
      mailbox.addDevice('h', { device: 7000002, overlap: true } as unknown as { device: number }),
    ).toThrow(/overlap belong to the Device/);
    expect(() => mailbox.addDevice('i', { device: -3 })).toThrow(/a Device id \(a positive whole number\)/);
    expect(() => Rotation.every(Duration.days(4000))).toThrow(/3650 days/);
    expect(() => Duration.days(1.5)).toThrow(/whole number/);
    expect(() => Duration.weeks(0.5)).toThrow(/whole number of weeks of at least 1, got 0.5/);
    expect(() => Rotation.onChange({})).toThrow(/at least one trigger/);
  });

  test('there is no chosen password any more: the API takes none', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('printer', { label: 'Printer' });
    const device = only(synth(stack), 'infomaniakmail_device');
    expect(Object.keys(device).filter((k) => k.startsWith('password'))).toEqual([]);
  });
});

describe('secrets leave only through sensitive outputs', () => {
  test('exportPassword creates a sensitive output named as asked', () => {
    const { stack, mailbox } = setup();
    const crm = mailbox.addDevice('crm', { label: 'CRM' });
    crm.exportPassword('crm_password');
    const s = synth(stack);
    expect(s.output?.crm_password).toMatchObject({ sensitive: true });
    expect(s.output?.crm_password.value).toMatch(/^\$\{infomaniakmail_device\.[^.]+\.password\}$/);
    expect(() => crm.exportPassword('crm_password')).toThrow(/already used/);
    expect(() => crm.exportPassword('bad name')).toThrow(/letters, digits/);
  });

  test('the device construct has no password property', () => {
    const { mailbox } = setup();
    const crm = mailbox.addDevice('crm', { label: 'CRM' });
    expect('password' in crm).toBe(false);
    expect(Object.keys(crm)).not.toContain('password');
  });

  test('invitation links are exported sensitive too', () => {
    const { stack, mailbox } = setup();
    mailbox.grant('new.colleague@example.ch').exportInvitationUrl('invitation');
    const s = synth(stack);
    expect(s.output?.invitation).toMatchObject({ sensitive: true });
    const access = only(s, 'infomaniakmail_user_access');
    expect(access).toMatchObject({ email: 'new.colleague@example.ch' });
    expect(access.permissions).toBeUndefined();
    expect(s.output?.invitation.value).toMatch(/^\$\{infomaniakmail_user_access\.[^.]+\.invitation_url\}$/);
    expect(() => mailbox.grant(100001).exportInvitationUrl('x')).toThrow(/no invitation link/);
  });
});

describe('grants and the exclusive policy', () => {
  test("grant by user id with permissions, in the API's order", () => {
    const { stack, mailbox } = setup();
    mailbox.grant(100002, { permissions: ['manage_auto_reply', 'manage_filters'] });
    expect(only(synth(stack), 'infomaniakmail_user_access')).toMatchObject({
      user_id: 100002,
      permissions: ['manage_filters', 'manage_auto_reply'],
      mailbox_name: 'demonstration',
    });
    expect(() => mailbox.grant(100002)).toThrow(/already granted/);
    expect(() => mailbox.grant('bruno')).toThrow(/neither a user id.*nor an email/);
  });

  test('old or unknown permission names are refused with the ones to use', () => {
    const { mailbox } = setup();
    expect(() => mailbox.grant(100003, { permissions: ['read' as 'manage_filters'] })).toThrow(
      /"read" is not a permission \(reading and sending are always allowed.*choose among "manage_filters", .* or "access_logs"/,
    );
    expect(() => mailbox.grant(100004, { permissions: ['can_manage_filters' as 'manage_filters'] })).toThrow(
      /"can_manage_filters" is not a permission; choose among/,
    );
  });

  test("an invitation carries its language and the person's names; a grant by user id has none", () => {
    const { stack, mailbox } = setup();
    const invitation = mailbox.grant('gaelle@example.org', {
      language: 'fr',
      firstName: 'Gaëlle',
      lastName: 'Roux',
      permissions: ['manage_signatures'],
    });
    expect(only(synth(stack), 'infomaniakmail_user_access')).toMatchObject({
      email: 'gaelle@example.org',
      language: 'fr',
      first_name: 'Gaëlle',
      last_name: 'Roux',
      permissions: ['manage_signatures'],
    });
    expect(invitation.language).toBe('fr');
    expect(() => mailbox.grant(100001, { language: 'de' })).toThrow(/language is sent with an invitation/);
    expect(() => mailbox.grant('x@example.org', { language: 'pt' as 'de' })).toThrow(
      /language must be one of "de", "en", "es", "fr" or "it"/,
    );
  });

  test('exclusive keeps exactly the devices and grants of its mailbox, even those declared after it', () => {
    const { stack, mailbox } = setup();
    const before = mailbox.addDevice('before', { label: 'Before' });
    mailbox.exclusive();
    mailbox.addDevice('after', { label: 'After' });
    mailbox.grant(100001);
    mailbox.service.mailbox('contact').addDevice('elsewhere', { label: 'Elsewhere' });
    const s = synth(stack);
    const policy = only(s, 'infomaniakmail_access_policy');
    const names = Object.keys(s.resource.infomaniakmail_device);
    expect(policy).toMatchObject({
      exclusive_devices: true,
      exclusive_users: true,
      revoke_generic_password: false,
      keep_user_ids: [100001],
      mailbox_name: 'demonstration',
    });
    expect([...(policy.keep_device_ids as string[])].sort()).toEqual(
      names
        .filter((n) => !n.includes('elsewhere'))
        .map((n) => `\${infomaniakmail_device.${n}.device_id}`)
        .sort(),
    );
    expect(before.deviceId).toBeDefined();
    expect(() => mailbox.exclusive()).toThrow(/already called/);
  });

  test('exclusive options', () => {
    const { stack, mailbox } = setup();
    // A Device id (device_id), as the devices data source lists them.
    mailbox.exclusive({ users: false, revokeGenericPassword: true, keepDeviceIds: [7000002] });
    expect(only(synth(stack), 'infomaniakmail_access_policy')).toMatchObject({
      exclusive_users: false,
      revoke_generic_password: true,
      keep_device_ids: [7000002],
    });
    expect(() =>
      mailbox.service.mailbox('x').exclusive({ devices: false, revokeGenericPassword: true }),
    ).toThrow(/needs devices: true/);
  });

  test('exclusive plans from a data source of its address, read with literal names so the plan knows it', () => {
    const { stack, mailbox } = setup();
    const exclusive = mailbox.exclusive();
    // The planned lists are readable from code, as references to the policy.
    new TerraformOutput(stack, 'devices', { value: exclusive.devicesToRevoke });
    new TerraformOutput(stack, 'users', { value: exclusive.usersToRemove });
    new TerraformOutput(stack, 'invitations', { value: exclusive.invitationsToWithdraw });
    const s = synth(stack);
    const data = Object.entries(s.data?.infomaniakmail_address_access ?? {});
    expect(data).toHaveLength(1);
    const [name, source] = data[0];
    // Values, not `${infomaniakmail_address...}`: a reference would defer the read to apply.
    expect(source).toEqual({
      mail_hosting_id: HOSTING,
      mailbox_name: 'demonstration',
      provider: 'infomaniakmail',
    });
    expect(source).not.toHaveProperty('depends_on');
    const policy = only(s, 'infomaniakmail_access_policy');
    expect(policy.observed).toBe(`\${data.infomaniakmail_address_access.${name}.snapshot}`);
    const policyName = Object.keys(s.resource.infomaniakmail_access_policy)[0];
    expect(s.output).toMatchObject({
      devices: { value: `\${infomaniakmail_access_policy.${policyName}.devices_to_revoke}` },
      users: { value: `\${infomaniakmail_access_policy.${policyName}.users_to_remove}` },
      invitations: { value: `\${infomaniakmail_access_policy.${policyName}.invitations_to_withdraw}` },
    });
    expect(exclusive.observed.mailboxNameInput).toBe('demonstration');
  });

  test('each address has its own data source; a mailbox without exclusive() reads none', () => {
    const { stack, mailbox } = setup();
    mailbox.exclusive();
    mailbox.service.mailbox('ventes').exclusive({ users: false });
    mailbox.service.mailbox('contact').addDevice('crm', { label: 'CRM' });
    const s = synth(stack);
    const names = Object.values(s.data?.infomaniakmail_address_access ?? {}).map((d) => d.mailbox_name);
    expect(names.sort()).toEqual(['demonstration', 'ventes']);
  });

  test('grant(email) keeps its invitation (and the person once they accept), with no warning', () => {
    const { stack, mailbox } = setup();
    mailbox.grant('new.colleague@example.ch');
    mailbox.grant(100002);
    mailbox.exclusive();
    mailbox.grant('Late.Guest@example.org', { language: 'fr' }); // declared after exclusive(): kept too
    mailbox.service.mailbox('other').grant('elsewhere@example.org');
    const s = synth(stack);
    const policy = only(s, 'infomaniakmail_access_policy');
    expect(policy.keep_invitation_emails).toEqual(['new.colleague@example.ch', 'Late.Guest@example.org']);
    expect(policy.keep_user_ids).toEqual([100002]);
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === '@cdktf/warn');
    expect(warnings).toEqual([]);
    expect(errors(stack)).toEqual([]);
  });

  test('without exclusive users, invitations are still listed as kept, and nothing warns', () => {
    const { stack, mailbox } = setup();
    mailbox.grant('guest@example.org');
    mailbox.exclusive({ users: false });
    const s = synth(stack);
    expect(only(s, 'infomaniakmail_access_policy').keep_invitation_emails).toEqual(['guest@example.org']);
    const warnings = stack.node
      .findAll()
      .flatMap((c) => c.node.metadata)
      .filter((m) => m.type === '@cdktf/warn');
    expect(warnings).toEqual([]);
  });
});

describe('policy aspects', () => {
  test('RequireDeviceRotation names each device without rotation', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('ok', { label: 'Rotated', rotation: Rotation.every(Duration.days(90)) });
    mailbox.addDevice('bad', { label: 'Forever' });
    Aspects.of(stack).add(new RequireDeviceRotation());
    expect(errors(stack)).toEqual([
      expect.stringMatching(/Device "Forever" .* has no rotation: add rotation:/),
    ]);
  });

  test('MaxDevicesPerMailbox and RequireFlaggedRotation', () => {
    const { stack, mailbox } = setup();
    for (const n of [1, 2, 3])
      mailbox.addDevice(`d${n}`, { label: `D${n}`, rotation: Rotation.whenFlagged() });
    mailbox.addDevice('unflagged', { label: 'Unflagged', rotation: Rotation.every(Duration.days(30)) });
    Aspects.of(stack).add(new MaxDevicesPerMailbox(3));
    Aspects.of(stack).add(new RequireFlaggedRotation());
    expect(errors(stack)).toEqual([
      expect.stringMatching(/declares 4 devices, more than the 3 allowed: remove 1/),
      expect.stringMatching(
        /Device "Unflagged" .* is not rotated when Infomaniak flags .*andWhenFlagged\(\)/,
      ),
    ]);
  });

  test('an error fails app.synth; the warning level only reports', () => {
    const fails = setup();
    fails.mailbox.addDevice('bad', { label: 'Forever' });
    Aspects.of(fails.stack).add(new RequireDeviceRotation());
    expect(() => fails.app.synth()).toThrow(/has no rotation/);
    const warns = setup();
    warns.mailbox.addDevice('bad', { label: 'Forever' });
    Aspects.of(warns.stack).add(new RequireDeviceRotation({ level: 'warning' }));
    expect(() => warns.app.synth()).not.toThrow();
  });
});

describe('L1 bindings', () => {
  test('synthesize every configured attribute and return tokens for computed ones', () => {
    const app = testApp();
    const stack = new TerraformStack(app, 'l1');
    new l1provider.InfomaniakmailProvider(stack, 'p', { requestsPerMinute: 120 });
    const d = new l1device.Device(stack, 'd', {
      mailHostingId: HOSTING,
      mailboxName: 'demonstration',
      label: 'L1',
      rotationTriggers: { a: 'b' },
    });
    expect(d.deviceId).toEqual(expect.any(Number));
    expect(d.labelInput).toBe('L1');
    const json = Testing.synth(stack);
    expect(json).toHaveResourceWithProperties(l1device.Device, {
      label: 'L1',
      rotation_triggers: { a: 'b' },
    });
    expect(json).toHaveProviderWithProperties(l1provider.InfomaniakmailProvider, {
      requests_per_minute: 120,
    });
    expect(Testing.synthHcl(stack)).toContain('rotation_triggers');
  });

  test('data sources: computed nested lists are read element by element', () => {
    const app = testApp();
    const stack = new TerraformStack(app, 'l1');
    const actual = new dataInfomaniakmailDevices.DataInfomaniakmailDevices(stack, 'actual', {
      mailHostingId: HOSTING,
      mailboxName: 'contact',
    });
    new TerraformOutput(stack, 'first_label', { value: actual.devices.get(0).label });
    new TerraformOutput(stack, 'first_protocols', { value: actual.devices.get(0).protocols });
    new TerraformOutput(stack, 'first_status', { value: actual.devices.get(0).status });
    const s = JSON.parse(Testing.synth(stack)) as {
      data: Record<string, Record<string, unknown>>;
      output: Record<string, { value: string }>;
    };
    expect(Object.values(s.data.infomaniakmail_devices)).toEqual([
      { mail_hosting_id: HOSTING, mailbox_name: 'contact' },
    ]);
    expect(s.output.first_label.value).toBe('${data.infomaniakmail_devices.actual.devices[0].label}');
    expect(s.output.first_protocols.value).toBe('${data.infomaniakmail_devices.actual.devices[0].protocols}');
    expect(s.output.first_status.value).toBe('${data.infomaniakmail_devices.actual.devices[0].status}');
  });
});

describe('secretRecipients', () => {
  const KEY = 'age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p';

  test('go to the default provider, and devices then export their ciphertext', () => {
    const stack = new TerraformStack(testApp(), 'encrypted');
    const service = new MailService(stack, 'mail', { mailHostingId: 1234567, secretRecipients: [KEY] });
    const mailbox = service.mailbox('contact');
    const crm = mailbox.addDevice('crm', { label: 'CRM' });
    const plain = mailbox.addDevice('printer', { label: 'Printer', secretRecipients: [] });
    crm.exportPassword('crm_password');
    plain.exportPassword('printer_password');
    const s = synth(stack);
    expect(s.provider?.infomaniakmail?.[0]).toMatchObject({ secret_recipients: [KEY] });
    expect(crm.encrypted).toBe(true);
    expect(s.output?.crm_password.value).toMatch(/^\$\{infomaniakmail_device\.[^.]+\.encrypted_password\}$/);
    expect(s.output?.crm_password).toMatchObject({ sensitive: true });
    expect(plain.encrypted).toBe(false);
    expect(s.output?.printer_password.value).toMatch(/^\$\{infomaniakmail_device\.[^.]+\.password\}$/);
    expect(Object.values(s.resource.infomaniakmail_device).map((d) => d.secret_recipients)).toEqual([
      undefined,
      [],
    ]);
  });

  test('belong to the provider when one is given', () => {
    const stack = new TerraformStack(testApp(), 'explicit');
    const provider = new l1provider.InfomaniakmailProvider(stack, 'p', { secretRecipients: [KEY] });
    expect(
      () => new MailService(stack, 'mail', { mailHostingId: 1234567, provider, secretRecipients: [KEY] }),
    ).toThrow(/set them on that provider/);
    const device = new MailService(stack, 'ok', { mailHostingId: 1234567, provider })
      .mailbox('contact')
      .addDevice('crm', { label: 'CRM' });
    expect(device.encrypted).toBe(true);
  });
});
