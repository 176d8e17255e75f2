/**
 * The L2 constructs, asserted on the synthesized Terraform JSON (cdktf's Testing helpers).
 */
import { App, Aspects, TerraformOutput, TerraformStack, TerraformVariable, Testing } from 'cdktf';
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
  NoChosenPasswords,
  RequireDeviceRotation,
  Rotation,
  ROTATION_CLOCK_CONTEXT,
  type Mailbox,
} from '../../src';

Testing.setupJest();

const HOSTING = 1234567;

interface Synth {
  resource: Record<string, Record<string, Record<string, unknown>>>;
  output?: Record<string, { value: string; sensitive?: boolean; description?: string }>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform: { required_providers: Record<string, { source: string }> };
}

function setup(context: Record<string, unknown> = {}): { app: App; stack: TerraformStack; mailbox: Mailbox } {
  const app = Testing.app({ context });
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
    const { version } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
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
    const app = Testing.app();
    const stack = new TerraformStack(app, 'test');
    const own = new l1provider.InfomaniakmailProvider(stack, 'mine', { requestsPerMinute: 600 });
    const service = new MailService(stack, 'mail', { mailHostingId: HOSTING });
    expect(service.provider).toBe(own);
    const fresh = new TerraformStack(app, 'fresh');
    new MailService(fresh, 'mail', { mailHostingId: HOSTING, endpoint: 'http://127.0.0.1:4587' });
    expect(synth(fresh).provider?.infomaniakmail).toEqual([{ endpoint: 'http://127.0.0.1:4587' }]);
  });

  test('deleteMailboxOnDestroy is off unless asked', () => {
    const { stack, mailbox } = setup();
    mailbox.service.mailbox('archive', { deleteMailboxOnDestroy: true });
    const s = synth(stack);
    expect(find(s, 'infomaniakmail_address', 'mailbox_name', 'demonstration').delete_mailbox_on_destroy).toBe(
      undefined,
    );
    expect(find(s, 'infomaniakmail_address', 'mailbox_name', 'archive').delete_mailbox_on_destroy).toBe(true);
  });

  test('bad input fails at synth with what to change', () => {
    const { stack, mailbox } = setup();
    expect(() => new MailService(stack, 'bad', { mailHostingId: 0 })).toThrow(
      /positive whole number.*\/mail\//,
    );
    expect(() => mailbox.service.mailbox('contact@example.ch')).toThrow(/local part.*mailbox\('contact'\)/);
    expect(() => mailbox.service.mailbox('demonstration', { deleteMailboxOnDestroy: true })).toThrow(
      /already declared/,
    );
  });
});

describe('devices', () => {
  test('a device with a user, rotated by age, and one without user rotated on change', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('outlook', {
      label: 'Outlook (Alice)',
      user: 100001,
      rotation: Rotation.every(Duration.days(90)),
    });
    mailbox.addDevice('crm', {
      label: 'CRM',
      protocols: ['smtp'],
      rotation: Rotation.onChange({ generation: '2' }),
    });
    const s = synth(stack);
    const outlook = find(s, 'infomaniakmail_device', 'label', 'Outlook (Alice)');
    const crm = find(s, 'infomaniakmail_device', 'label', 'CRM');
    expect(outlook).toMatchObject({
      label: 'Outlook (Alice)',
      user_id: 100001,
      protocols: ['imap', 'pop', 'smtp'],
      rotate_after_days: 90,
      mail_hosting_id: HOSTING,
      mailbox_name: 'demonstration',
    });
    expect(outlook.depends_on).toEqual([expect.stringMatching(/^infomaniakmail_address\./)]);
    expect(crm).toMatchObject({
      label: 'CRM',
      protocols: ['smtp'],
      rotation_triggers: { generation: '2' },
    });
    expect(crm.user_id).toBeUndefined();
    expect(crm.lifecycle).toBeUndefined();
  });

  test('both kinds of rotation at once', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('d', {
      label: 'D',
      rotation: Rotation.every(Duration.weeks(2)).andOnChange({ q: '1' }),
    });
    expect(only(synth(stack), 'infomaniakmail_device')).toMatchObject({
      rotate_after_days: 14,
      rotation_triggers: { q: '1' },
    });
  });

  test('overlap replaces the device, new one first, when its triggers change', () => {
    const { stack, mailbox } = setup();
    mailbox.addDevice('crm', {
      label: 'CRM',
      rotation: Rotation.onChange({ generation: '3' }),
      overlap: true,
    });
    const s = synth(stack);
    const device = only(s, 'infomaniakmail_device');
    const [triggerName, trigger] = Object.entries(s.resource.terraform_data)[0];
    expect(trigger).toEqual({ input: { generation: '3' } });
    expect(device.lifecycle).toEqual({
      create_before_destroy: true,
      replace_triggered_by: [`terraform_data.${triggerName}`],
    });
    // The in-place regeneration arguments are not used: rotation is by replacement.
    expect(device.rotation_triggers).toBeUndefined();
    expect(device.rotate_after_days).toBeUndefined();
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

  test('invalid devices are refused with what to change', () => {
    const { mailbox } = setup();
    expect(() => mailbox.addDevice('a', { label: '' })).toThrow(/label must be 1 to 200 characters/);
    expect(() => mailbox.addDevice('b', { label: 'B', user: -1 })).toThrow(/user id/);
    expect(() => mailbox.addDevice('c', { label: 'C', protocols: [] })).toThrow(
      /leave it out for all of them/,
    );
    expect(() => mailbox.addDevice('d', { label: 'D', protocols: ['imap', 'ftp' as 'imap'] })).toThrow(
      /not ftp/,
    );
    expect(() =>
      mailbox.addDevice('e', { label: 'E', chosenPassword: { value: 'short', version: 1 } }),
    ).toThrow(/at least 16 characters/);
    expect(() => Rotation.every(Duration.days(4000))).toThrow(/3650 days/);
    expect(() => Duration.days(1.5)).toThrow(/whole number/);
    expect(() => Duration.weeks(0.5)).toThrow(/whole number of weeks of at least 1, got 0.5/);
    expect(() => Rotation.onChange({})).toThrow(/at least one trigger/);
  });

  test('a chosen password is write-only and comes from a sensitive variable', () => {
    const { stack, mailbox } = setup();
    const secret = new TerraformVariable(stack, 'printer_password', { type: 'string', sensitive: true });
    const printer = mailbox.addDevice('printer', {
      label: 'Printer',
      chosenPassword: { value: secret.stringValue, version: 1 },
    });
    expect(only(synth(stack), 'infomaniakmail_device')).toMatchObject({
      password_wo: '${var.printer_password}',
      password_wo_version: 1,
    });
    expect(() => printer.exportPassword('printer_password_out')).toThrow(/write-only, never stored/);
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
    expect(only(s, 'infomaniakmail_user_access')).toMatchObject({
      email: 'new.colleague@example.ch',
      permissions: ['read'],
    });
    expect(() => mailbox.grant(100001).exportInvitationUrl('x')).toThrow(/no invitation link/);
  });
});

describe('grants and the exclusive policy', () => {
  test('grant by user id with permissions', () => {
    const { stack, mailbox } = setup();
    mailbox.grant(100002, { permissions: ['read', 'send'] });
    expect(only(synth(stack), 'infomaniakmail_user_access')).toMatchObject({
      user_id: 100002,
      permissions: ['read', 'send'],
      mailbox_name: 'demonstration',
    });
    expect(() => mailbox.grant(100002)).toThrow(/already granted/);
    expect(() => mailbox.grant('bruno')).toThrow(/neither a user id.*nor an email/);
    expect(() => mailbox.grant(100003, { permissions: [] })).toThrow(/leave it out for read only/);
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

  test('exclusive users with an invitation fails synth: the invited person would be removed', () => {
    const { stack, mailbox } = setup();
    mailbox.grant('new.colleague@example.ch');
    mailbox.exclusive();
    expect(() => Testing.synth(stack, true)).toThrow(/would remove new\.colleague@example\.ch/);
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

  test('MaxDevicesPerMailbox and NoChosenPasswords', () => {
    const { stack, mailbox } = setup();
    for (const n of [1, 2, 3]) mailbox.addDevice(`d${n}`, { label: `D${n}` });
    mailbox.addDevice('chosen', { label: 'Chosen', chosenPassword: { value: 'x'.repeat(20), version: 1 } });
    Aspects.of(stack).add(new MaxDevicesPerMailbox(3));
    Aspects.of(stack).add(new NoChosenPasswords());
    expect(errors(stack)).toEqual([
      expect.stringMatching(/declares 4 devices, more than the 3 allowed: remove 1/),
      expect.stringMatching(/Device "Chosen" .* has a chosen password: remove chosenPassword/),
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
    const app = Testing.app();
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
    const app = Testing.app();
    const stack = new TerraformStack(app, 'l1');
    const actual = new dataInfomaniakmailDevices.DataInfomaniakmailDevices(stack, 'actual', {
      mailHostingId: HOSTING,
      mailboxName: 'contact',
    });
    new TerraformOutput(stack, 'first_label', { value: actual.devices.get(0).label });
    new TerraformOutput(stack, 'first_protocols', { value: actual.devices.get(0).protocols });
    const s = JSON.parse(Testing.synth(stack)) as {
      data: Record<string, Record<string, unknown>>;
      output: Record<string, { value: string }>;
    };
    expect(Object.values(s.data.infomaniakmail_devices)).toEqual([
      { mail_hosting_id: HOSTING, mailbox_name: 'contact' },
    ]);
    expect(s.output.first_label.value).toBe('${data.infomaniakmail_devices.actual.devices[0].label}');
    expect(s.output.first_protocols.value).toBe(
      '${tolist(data.infomaniakmail_devices.actual.devices[0].protocols)}',
    );
  });
});
