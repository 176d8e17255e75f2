/**
 * `infomaniak-mail report` on the saved plans of an exclusive access policy, with the real
 * terraform and the sandbox: a new policy wired to infomaniakmail_address_access names its
 * two stray devices, one stray user and one stray invitation in the plan, and the report
 * lists all four in every format, names the people and calls out the leaked password;
 * `--max-revocations 1` stops it. After the apply the policy's own lists going back to []
 * are neither a change nor drift; a device revoked and a user removed by hand show as
 * drift with what the next plan does; a `removed` block that forgets a device says whether
 * it stays or the policy revokes it anyway. No secret shows in any output.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MailClient } from '../../provider/infomaniak';
import type { AccessReport } from '../../provider/report';
import { SANDBOX_USERS } from '../../provider/sandbox';
import { MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';
import { cli } from '../support/report-cli';

const { bruno, chloe } = SANDBOX_USERS;
const MAILBOX = 'revue';

let sandbox: MailSandbox;
let client: MailClient;
let ws: MailWorkspace;
const secrets: string[] = [];
const ref = () => ({ hosting: sandbox.hostingId, mailbox: MAILBOX });

function config(extra = '', keepCrm = true): string {
  const crm = keepCrm
    ? `
resource "infomaniakmail_device" "crm" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "${MAILBOX}"
  label           = "CRM"
  protocols       = "imap"
}`
    : '';
  return `
data "infomaniakmail_address_access" "a" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "${MAILBOX}"
}
${crm}
resource "infomaniakmail_user_access" "chloe" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "${MAILBOX}"
  user_id         = ${chloe.user_id}
}

resource "infomaniakmail_access_policy" "p" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = "${MAILBOX}"
  exclusive_devices = true
  keep_device_ids   = [${keepCrm ? 'infomaniakmail_device.crm.device_id' : ''}]
  exclusive_users   = true
  keep_user_ids     = [infomaniakmail_user_access.chloe.user_id]
  observed          = data.infomaniakmail_address_access.a.snapshot
}
${extra}`;
}

async function savePlan(name: string): Promise<string> {
  await ws.run(['plan', '-input=false', '-no-color', `-out=${name}.tfplan`]);
  const file = join(ws.root, `${name}.json`);
  writeFileSync(file, (await ws.run(['show', '-json', `${name}.tfplan`])).stdout);
  return file;
}

function report(file: string): AccessReport {
  const r = cli(['report', '--format', 'json', file]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AccessReport;
}

function expectNoSecret(...texts: string[]): void {
  expect(secrets.length).toBeGreaterThanOrEqual(3);
  for (const text of texts) for (const secret of secrets) expect(text).not.toContain(secret);
}

let newPlan: string;

beforeAll(async () => {
  sandbox = await startMailSandbox();
  client = new MailClient({ token: sandbox.tokens.admin, endpoint: sandbox.url });
  await client.mailboxes.create(ref());
  const phone = await client.devices.create(ref(), {
    label: 'Old phone',
    protocols: 'imap',
    userId: bruno.user_id,
  });
  const laptop = await client.devices.create(ref(), { label: 'Old laptop', protocols: 'pop3' });
  secrets.push(phone.password, laptop.password);
  await sandbox.hooks.setDeviceStatus(laptop.accessId, 'leaked');
  await client.webmail.grant(ref(), bruno.user_id, []);
  const invitation = await client.webmail.createInvitation(ref(), { permissions: [] });
  await client.webmail.sendInvitation(ref(), invitation.key, { email: 'stray@example.ch' });
  secrets.push(invitation.url);

  ws = await MailWorkspace.create(sandbox);
  ws.writeConfig(config());
  await ws.init();
  newPlan = await savePlan('new');
}, 300_000);

afterAll(async () => {
  ws?.remove();
  await client?.close();
  await sandbox?.close();
});

describe('a new exclusive policy over an address with strays', () => {
  it('lists its four revocations with names, in JSON, terminal and Markdown', () => {
    const r = report(newPlan);
    expect(r.notes).toEqual([]);
    expect(r.devices.revoked.map((d) => [d.device.label, d.via, d.resource])).toEqual([
      ['Old laptop', 'policy', 'infomaniakmail_access_policy.p'],
      ['Old phone', 'policy', 'infomaniakmail_access_policy.p'],
    ]);
    expect(r.devices.revoked[0].device.call_outs).toEqual([{ kind: 'flagged', status: 'leaked' }]);
    expect(r.devices.revoked[1].device.owner).toEqual({
      user_id: bruno.user_id,
      email: bruno.email,
      display_name: 'Bruno Keller',
    });
    expect(r.access.removed).toMatchObject([
      { user: { user_id: bruno.user_id, email: bruno.email, display_name: 'Bruno Keller' }, via: 'policy' },
    ]);
    expect(r.invitations.dropped).toMatchObject([{ email: 'stray@example.ch', via: 'policy' }]);
    expect(r.summary).toMatchObject({
      revocations: 4,
      devices_revoked: 2,
      access_removed: 1,
      invitations_dropped: 1,
    });

    const terminal = cli(['report', newPlan]);
    expect(terminal.code).toBe(0);
    expect(terminal.stdout.split('\n')[1]).toBe(
      'Access: 1 granted, 1 removed · Invitations: 1 withdrawn · Devices: 1 created, 2 revoked',
    );
    expect(terminal.stdout).toMatch(
      /"Old phone" \(id \d+\) of Bruno Keller <bruno\.keller@[^>]+> \(user 100002\)/,
    );
    expect(terminal.stdout).toContain('⚠ flagged "leaked" by Infomaniak');
    expect(terminal.stdout).toContain('stray@example.ch  not kept by the exclusive access policy');
    const markdown = cli(['report', '--format', 'markdown', '--mermaid', newPlan]);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout.split('\n')[0]).toBe(
      '**Access: 1 granted, 1 removed · Invitations: 1 withdrawn · Devices: 1 created, 2 revoked**',
    );
    expect(markdown.stdout).toContain('#### 🔴 Devices revoked (2)');
    expect(markdown.stdout).toContain('#### 🔴 Invitations withdrawn (1)');
    expect(markdown.stdout).toContain('Bruno Keller');
    expectNoSecret(terminal.stdout, markdown.stdout, JSON.stringify(r));
  });

  it('counts them in the gates: --max-revocations 1 exits 3', () => {
    const one = cli(['report', '--max-revocations', '1', newPlan]);
    expect(one.code).toBe(3);
    expect(one.stderr).toContain('--max-revocations: 4 revocation(s), more than 1');
    expect(cli(['report', '--max-revocations', '4', newPlan]).code).toBe(0);
    expect(cli(['report', '--fail-on', 'revoke', newPlan]).code).toBe(3);
    expect(cli(['report', '--fail-on', 'grant-removal', newPlan]).code).toBe(3);
    expect(cli(['report', '--fail-on', 'regenerate', newPlan]).code).toBe(0);
  });
});

describe('after the apply', () => {
  beforeAll(async () => {
    const applied = await ws.run(['apply', '-input=false', '-no-color', 'new.tfplan']);
    expect(applied.code).toBe(0);
  }, 300_000);

  it('the next plan: nothing to report, and the policy lists going back to [] are not drift', async () => {
    const next = await savePlan('after');
    // The refresh moved the policy's lists from what was revoked back to []: terraform calls it drift.
    const raw = JSON.parse(readFileSync(next, 'utf8')) as { resource_drift?: { address: string }[] };
    expect((raw.resource_drift ?? []).map((d) => d.address)).toContain('infomaniakmail_access_policy.p');
    const r = report(next);
    expect(r.summary).toMatchObject({ changes: 0, revocations: 0, drifted: 0, forgotten: 0 });
    expect(r.drift).toEqual([]);
    expect(r.notes).toEqual([]);
    const terminal = cli(['report', '--fail-on', 'any-change', '--max-revocations', '0', next]);
    expect(terminal.code).toBe(0);
    expect(terminal.stdout.split('\n')[1]).toBe('No access changes.');
  }, 120_000);

  it('a device revoked and a user removed by hand: drift, and what the plan does about it', async () => {
    const crm = await ws.resource('infomaniakmail_device.crm');
    secrets.push(String(crm.password));
    await client.devices.revoke(ref(), crm.access_id as number);
    await client.webmail.remove(ref(), chloe.user_id);
    const drifted = await savePlan('drifted');
    const r = report(drifted);
    expect(r.drift.map((d) => [d.resource, d.outside, d.this_plan])).toEqual([
      ['infomaniakmail_user_access.chloe', 'removed', 'create'],
      ['infomaniakmail_device.crm', 'removed', 'create'],
    ]);
    expect(r.drift[0].user).toMatchObject({ user_id: chloe.user_id });
    expect(r.devices.created.map((d) => d.device.label)).toEqual(['CRM']);
    expect(r.access.granted.map((g) => g.user.user_id)).toEqual([chloe.user_id]);
    const terminal = cli(['report', drifted]);
    expect(terminal.stdout).toContain('! Changed outside Terraform since the last apply (2)');
    expect(terminal.stdout).toContain(
      'revoked outside Terraform; this plan creates it again: a new access with a new password',
    );
    expect(terminal.stdout).toContain('access removed outside Terraform; this plan grants the access again');
    expectNoSecret(terminal.stdout, JSON.stringify(r));
    expect((await ws.run(['apply', '-input=false', '-no-color', 'drifted.tfplan'])).code).toBe(0);
  }, 180_000);

  it('a removed block that forgets the device: the policy that no longer keeps it revokes it anyway', async () => {
    const crm = await ws.resource('infomaniakmail_device.crm');
    secrets.push(String(crm.password));
    ws.writeConfig(
      config(
        `
removed {
  from = infomaniakmail_device.crm
  lifecycle {
    destroy = false
  }
}`,
        false,
      ),
    );
    const forget = await savePlan('forget');
    const r = report(forget);
    expect(r.forgotten).toMatchObject([
      {
        resource: 'infomaniakmail_device.crm',
        device: { label: 'CRM', access_id: crm.access_id },
        revoked_by: 'infomaniakmail_access_policy.p',
      },
    ]);
    expect(r.devices.revoked.map((d) => d.device.access_id)).toEqual([crm.access_id]);
    const markdown = cli(['report', '--format', 'markdown', forget]);
    expect(markdown.stdout).toContain('No longer managed by Terraform (removed block, stays in place) (1)');
    expect(markdown.stdout).toContain('no longer managed, but revoked by infomaniakmail\\_access\\_policy.p');
    expectNoSecret(markdown.stdout, JSON.stringify(r));
  }, 120_000);
});
