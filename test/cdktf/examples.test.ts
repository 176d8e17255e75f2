/**
 * Every example synthesizes, with the resources it promises (quickstart and gitops-rotation
 * are also applied end to end in test/e2e/cdktf; large-org only by the benchmark).
 */
import { Testing } from 'cdktf';
import { QuickstartStack } from '../../examples/quickstart/main';
import { GitopsRotationStack, quarterOf } from '../../examples/gitops-rotation/main';
import { LargeOrgStack } from '../../examples/large-org/main';
import { scratchApps } from '../support/cdktf-apps';

const testApp = scratchApps();

type Resources = Record<string, Record<string, Record<string, unknown>>>;
interface Synth {
  resource: Resources;
  data: Resources;
  output: Record<string, { sensitive?: boolean }>;
}

function synth(build: (app: ReturnType<typeof Testing.app>) => import('cdktf').TerraformStack): Synth {
  return JSON.parse(Testing.synth(build(testApp()), true)) as Synth;
}

const count = (s: Synth, type: string): number => Object.keys(s.resource[type] ?? {}).length;

test('quickstart: devices with a user and without, a shared Device on a second address, a grant, a policy', () => {
  const s = synth((app) => new QuickstartStack(app, 'quickstart'));
  expect(count(s, 'infomaniakmail_address')).toBe(2);
  const devices = Object.values(s.resource.infomaniakmail_device);
  const demonstration = devices.filter((d) => d.mailbox_name === 'demonstration');
  expect(demonstration.map((d) => d.user_id ?? null).sort()).toEqual([100001, 100001, null]);
  expect(demonstration.every((d) => ['imap', 'pop3', 'pop3-imap'].includes(d.protocols as string))).toBe(
    true,
  );
  expect(demonstration.every((d) => d.rotate_when_flagged === true)).toBe(true);
  // Alice's phone reads the sales address too: the same Device (its id), no label of its own.
  const [onSales] = devices.filter((d) => d.mailbox_name === 'ventes');
  expect(onSales.device_id).toMatch(/^\$\{infomaniakmail_device\.[^.]*phone-alice[^.]*\.device_id\}$/);
  expect(onSales.label).toBeUndefined();
  expect(count(s, 'infomaniakmail_user_access')).toBe(1);
  expect(Object.values(s.resource.infomaniakmail_user_access)[0].permissions).toEqual([
    'manage_signatures',
    'manage_auto_reply',
  ]);
  const [policy] = Object.values(s.resource.infomaniakmail_access_policy);
  expect(policy).toMatchObject({ exclusive_devices: true, exclusive_users: true, keep_user_ids: [100002] });
  expect(policy.keep_device_ids).toHaveLength(3);
  // The revocations are planned from what the address holds, read with its name as a value.
  const [[sourceName, source]] = Object.entries(s.data.infomaniakmail_address_access);
  expect(source).toMatchObject({ mailbox_name: 'demonstration', mail_hosting_id: 1234567 });
  expect(policy.observed).toBe(`\${data.infomaniakmail_address_access.${sourceName}.snapshot}`);
  for (const name of [
    'crm_password',
    'outlook_alice_password',
    'phone_alice_password',
    'phone_alice_sales_password',
  ])
    expect(s.output[name].sensitive).toBe(true);
});

test('gitops-rotation: by age, by trigger, and with overlap', () => {
  const s = synth((app) => new GitopsRotationStack(app, 'gitops', { quarter: '2026-Q4' }));
  const byLabel = Object.fromEntries(
    Object.values(s.resource.infomaniakmail_device).map((d) => [d.label as string, d]),
  );
  expect(byLabel['IMAP archiver']).toMatchObject({ rotate_after_days: 30 });
  expect(byLabel['CRM (sends invoices)']).toMatchObject({ rotation_triggers: { quarter: '2026-Q4' } });
  expect(byLabel['Web shop SMTP'].lifecycle).toMatchObject({
    create_before_destroy: true,
    replace_triggered_by: [expect.stringMatching(/^terraform_data\./)],
  });
  expect(byLabel['CRM (sends invoices)'].lifecycle).toEqual({ create_before_destroy: true });
  expect(Object.values(byLabel).every((d) => d.rotate_when_flagged === true && d.protocols === 'imap')).toBe(
    true,
  );
  expect(Object.values(s.resource.terraform_data)).toEqual([{ input: { quarter: '2026-Q4' } }]);
  const [policy] = Object.values(s.resource.infomaniakmail_access_policy);
  expect(policy).toMatchObject({ exclusive_devices: true, exclusive_users: false });
  expect(policy.keep_device_ids).toHaveLength(3);
  expect(Object.values(s.output).every((o) => o.sensitive !== false)).toBe(true);
  expect(quarterOf(new Date('2026-11-23T00:00:00Z'))).toBe('2026-Q4');
  expect(quarterOf(new Date('2027-01-01T00:00:00Z'))).toBe('2027-Q1');
});

test('large-org: 50 addresses x 20 devices, each address exclusive over its own devices', () => {
  const s = synth((app) => new LargeOrgStack(app, 'large-org'));
  expect(count(s, 'infomaniakmail_address')).toBe(50);
  expect(count(s, 'infomaniakmail_device')).toBe(1000);
  const policies = Object.values(s.resource.infomaniakmail_access_policy);
  expect(policies).toHaveLength(50);
  expect(policies.every((p) => (p.keep_device_ids as unknown[]).length === 20)).toBe(true);
  const sources = Object.values(s.data.infomaniakmail_address_access);
  expect(new Set(sources.map((d) => d.mailbox_name)).size).toBe(50);
  expect(sources.every((d) => typeof d.mailbox_name === 'string' && !d.mailbox_name.includes('${'))).toBe(
    true,
  );
  const devices = Object.values(s.resource.infomaniakmail_device);
  const labels = new Set(devices.map((d) => d.label));
  expect(labels.size).toBe(1000);
  expect(new Set(devices.map((d) => d.protocols))).toEqual(new Set(['imap', 'pop3', 'pop3-imap']));
  expect(new Set(devices.map((d) => d.type))).toEqual(new Set(['computer', 'phone', 'tablet', 'other']));
});
