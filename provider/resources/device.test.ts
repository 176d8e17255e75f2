import { DiagnosticError, Diagnostics, isUnknown, unknown } from '../framework';
import type { MailContext } from './context';
import { deviceResource, parseDeviceId } from './device';

describe('parseDeviceId', () => {
  it('reads HOSTING/MAILBOX/DEVICE_ID', () => {
    expect(parseDeviceId('1234567/contact/7000002')).toEqual({
      mail_hosting_id: 1234567,
      mailbox_name: 'contact',
      device_id: 7000002,
    });
  });

  it.each(['contact', '1234567/contact', '1234567/contact/abc', 'x/contact/1', '1/a/b/2', ''])(
    'refuses %j naming the expected form',
    (id) => {
      let caught: unknown;
      try {
        parseDeviceId(id);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(DiagnosticError);
      expect((caught as DiagnosticError).detail).toContain('MAIL_HOSTING_ID/MAILBOX_NAME/DEVICE_ID');
    },
  );
});

describe('planning an update', () => {
  const NOW = Date.parse('2026-06-30T00:00:00Z');
  const state = {
    id: '1/contact/7',
    mail_hosting_id: 1,
    mailbox_name: 'contact',
    label: 'CRM',
    user_id: null,
    protocols: ['smtp'],
    rotation_triggers: { q: '1' },
    rotate_after_days: 30,
    password_wo: null,
    password_wo_version: null,
    device_id: 7,
    password: 'generated-password',
    created_at: '2026-01-01T00:00:00Z',
    password_changed_at: '2026-05-01T00:00:00Z',
  };
  const ctx = {
    client: { serverNow: () => NOW, serverTimeKnown: true },
    cache: { devices: async () => [] },
  } as unknown as MailContext;

  async function plan(config: Partial<typeof state>, priv?: Record<string, unknown>) {
    const diagnostics = new Diagnostics();
    const result = await deviceResource.modifyPlan!({
      typeName: 'infomaniakmail_device',
      signal: new AbortController().signal,
      diagnostics,
      client: ctx,
      config: { ...state, ...config } as never,
      state,
      plan: { ...state, ...config, password: unknown, password_changed_at: unknown },
      private: priv,
    });
    return { plan: result ? result.plan : undefined, diagnostics };
  }

  it('keeps the password when nothing asks for a new one (e.g. a label change)', async () => {
    const r = await plan({ label: 'CRM 2', rotate_after_days: 90 });
    expect(r.plan).toMatchObject({
      password: 'generated-password',
      password_changed_at: state.password_changed_at,
    });
    expect(r.diagnostics.length).toBe(0);
  });

  it('regenerates when due, warning with the device and its age', async () => {
    const r = await plan({});
    expect(isUnknown(r.plan?.password)).toBe(true);
    expect(isUnknown(r.plan?.password_changed_at)).toBe(true);
    expect(r.diagnostics.warnings[0].summary).toBe(
      'Device "CRM" (id 7) on "contact" (Mail Service 1): password is 60 days old',
    );
  });

  it('warns how to recapture a password changed outside terraform', async () => {
    const r = await plan({ rotate_after_days: 90 }, { password_changed_outside_at: '2026-06-01T00:00:00Z' });
    expect(r.plan).toMatchObject({ password: 'generated-password' });
    expect(r.diagnostics.warnings[0].summary).toContain('password changed outside Terraform');
    expect(r.diagnostics.warnings[0].detail).toContain('-replace');
  });
});
