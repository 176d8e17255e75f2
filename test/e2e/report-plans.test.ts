/**
 * `infomaniak-mail report` on real plans: terraform plans examples/access-review
 * against the sandbox (once to create, once after a quarter passed with strays added
 * by hand), and the report reads `terraform show -json` of both. Devices with
 * passwords are in the state; none of their passwords may appear in any format.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT, MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';
import type { AccessReport } from '../../provider/report';
import { cli, stringsIn } from '../support/report-cli';

const EXAMPLE = join(REPO_ROOT, 'examples', 'access-review', 'main.tf');
const FAST = ['-var', 'requests_per_minute=100000'];
const CHANGES = [
  ...FAST,
  '-var',
  'quarter=2026-Q2',
  '-var',
  'chloe_permissions=["manage_filters"]',
  '-var',
  'phone_protocols=pop3-imap',
];

let sandbox: MailSandbox;
let ws: MailWorkspace;
let createPlan: string;
let changePlan: string;
let stateFile: string;
/** Every secret terraform or the sandbox handed out in this scenario. */
const secrets: string[] = [];

async function api(path: string, body: object): Promise<Record<string, unknown>> {
  const response = await fetch(`${sandbox.url}/1/mail_hostings/${sandbox.hostingId}/mailboxes/${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${sandbox.tokens.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const payload = (await response.json()) as { data: Record<string, unknown> };
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(payload)}`);
  return payload.data;
}

async function savePlan(name: string, args: string[]): Promise<string> {
  await ws.run(['plan', '-input=false', '-no-color', `-out=${name}.tfplan`, ...args]);
  const json = (await ws.run(['show', '-json', `${name}.tfplan`])).stdout;
  const file = join(ws.root, `${name}.json`);
  writeFileSync(file, json);
  return file;
}

beforeAll(async () => {
  sandbox = await startMailSandbox();
  ws = await MailWorkspace.create(sandbox);
  ws.write('main.tf', readFileSync(EXAMPLE, 'utf8'));
  await ws.init();
  createPlan = await savePlan('create', FAST);
  await ws.run(['apply', '-input=false', '-no-color', 'create.tfplan']);

  // Someone adds a device and a user by hand; Infomaniak flags the scanner's password; a quarter
  // passes (passwords age, the invitation expires).
  const stray = await api('contact/accesses/devices', {
    label: 'Hand-made tablet',
    protocols: 'imap',
    type: 'tablet',
  });
  secrets.push(String(stray.password));
  await api('contact/accesses/webmail', { user_id: 100002, permissions: {} });
  const scanner = JSON.parse((await ws.run(['show', '-json'])).stdout) as {
    values: { root_module: { resources: { address: string; values: { access_id: number } }[] } };
  };
  const scannerAccess = scanner.values.root_module.resources.find(
    (r) => r.address === 'infomaniakmail_device.scanner',
  );
  await sandbox.hooks.setDeviceStatus(scannerAccess?.values.access_id as number, 'leaked');
  await sandbox.hooks.advanceClock(31 * 86_400);
  changePlan = await savePlan('change', CHANGES);

  const outputs = JSON.parse((await ws.run(['output', '-json'])).stdout) as unknown;
  const state = (await ws.run(['show', '-json'])).stdout;
  stateFile = join(ws.root, 'state.json');
  writeFileSync(stateFile, state);
  for (const resource of (
    JSON.parse(state) as { values: { root_module: { resources: { values: object }[] } } }
  ).values.root_module.resources) {
    const values = resource.values as Record<string, unknown>;
    for (const key of ['password', 'invitation_url'])
      if (typeof values[key] === 'string') secrets.push(values[key]);
  }
  secrets.push(...stringsIn(outputs).filter((s) => s.length >= 16));
}, 300_000);

afterAll(async () => {
  ws?.remove();
  await sandbox?.close();
});

function json(args: string[]): AccessReport {
  const r = cli(['report', '--format', 'json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as AccessReport;
}

describe('report on real plans', () => {
  it('has real secrets to hide: the plan JSON itself holds the passwords', () => {
    // At least: four generated device passwords, the invitation link, the stray's password.
    expect(new Set(secrets).size).toBeGreaterThanOrEqual(6);
    const plan = readFileSync(changePlan, 'utf8');
    expect(secrets.filter((s) => plan.includes(s)).length).toBeGreaterThanOrEqual(3);
  });

  it("reports the first apply: devices and access created, the new exclusive policy's revocations named", () => {
    const r = json([createPlan]);
    expect(r.schema_version).toBe(3);
    expect(r.devices.created.map((d) => d.device.label)).toEqual([
      'CRM sending',
      'Phone (Alice)',
      'Printer',
      'Scanner',
    ]);
    expect(r.access.granted).toMatchObject([
      { user: { user_id: 100003, display_name: 'Chloé Dubois' }, permissions: [] },
    ]);
    expect(r.invitations.created).toMatchObject([
      { email: 'guest@example.org', language: 'fr', renews: false },
    ]);
    expect(Object.fromEntries(r.devices.created.map((d) => [d.device.label, [d.protocols, d.type]]))).toEqual(
      {
        'CRM sending': ['imap', 'other'],
        'Phone (Alice)': ['imap', 'phone'],
        Printer: ['pop3', 'other'],
        Scanner: ['pop3-imap', 'other'],
      },
    );
    expect(r.addresses.created).toMatchObject([{ address: { mailbox_name: 'support' } }]);
    // The policy is wired to infomaniakmail_address_access: its saved plan lists what the sandbox's
    // "contact" holds beyond the code, by name, and nothing fails closed.
    expect(r.notes).toEqual([]);
    expect(r.devices.revoked).toMatchObject([
      {
        device: {
          label: 'Outlook (Bruno)',
          owner: { user_id: 100002, display_name: 'Bruno Keller', email: 'bruno.keller@exemple-domaine.ch' },
        },
        via: 'policy',
        resource: 'infomaniakmail_access_policy.contact',
      },
    ]);
    expect(r.access.removed).toMatchObject([
      { user: { user_id: 100002, display_name: 'Bruno Keller' }, via: 'policy' },
    ]);
    expect(r.summary).toMatchObject({ devices_revoked: 1, access_removed: 1, revocations: 2, drifted: 0 });
  });

  it('reports the change: regenerations with their reasons, replacement, strays revoked, access changes', () => {
    const r = json([changePlan]);
    const reasons = Object.fromEntries(r.devices.regenerated.map((d) => [d.device.label, d.reasons]));
    expect(reasons['CRM sending']).toEqual([{ reason: 'rotation_triggers', keys: ['quarter'] }]);
    expect(reasons['Printer']).toMatchObject([{ reason: 'password_age', rotate_after_days: 30 }]);
    expect(reasons['Scanner']).toEqual([{ reason: 'flagged', status: 'leaked' }]);
    expect(r.devices.replaced).toMatchObject([
      { device: { label: 'Phone (Alice)' }, because: ['protocols'], order: 'new_first' },
    ]);
    expect(r.devices.revoked).toMatchObject([
      {
        device: { label: 'Hand-made tablet' },
        via: 'policy',
        resource: 'infomaniakmail_access_policy.contact',
      },
    ]);
    expect(r.access.removed).toMatchObject([
      { user: { user_id: 100002, email: 'bruno.keller@exemple-domaine.ch' }, via: 'policy' },
    ]);
    expect(r.access.permissions_changed).toMatchObject([
      { user: { user_id: 100003 }, added: ['manage_filters'], removed: [] },
    ]);
    expect(r.invitations.created).toMatchObject([{ email: 'guest@example.org', renews: true }]);
    expect(r.summary).toMatchObject({
      devices_regenerated: 3,
      devices_replaced: 1,
      devices_revoked: 1,
      revocations: 3,
    });
    expect(r.devices.revoked[0].address.email).toBe('contact@exemple-domaine.ch');
  });

  it('names strays by label and id, and summarises in one line, in terminal and Markdown', () => {
    const terminal = cli(['report', changePlan]);
    expect(terminal.code).toBe(0);
    expect(terminal.stdout).toMatch(/"Hand-made tablet" \(id 7\d+\)/);
    expect(terminal.stdout).toContain('rotation trigger changed (quarter)');
    expect(terminal.stdout.split('\n')[1]).toBe(
      'Access: 1 removed, 1 changed · Invitations: 1 created · Devices: 3 regenerated, 1 replaced, 1 revoked' +
        ' · Changed outside Terraform: 2',
    );
    // What changed by hand since the last apply, and what this plan does about it.
    expect(terminal.stdout).toContain(
      'changed outside Terraform (status "healthy" → "leaked"); this plan sets it back to what the code says',
    );
    expect(terminal.stdout).toContain(
      'changed outside Terraform (status "invited" → "expired"); this plan replaces it',
    );
    expect(terminal.stdout).not.toContain('\u001b[');
    const markdown = cli(['report', '--format', 'markdown', '--mermaid', changePlan]);
    expect(markdown.code).toBe(0);
    expect(markdown.stdout).toContain('| Address | Device | Why | Resource |');
    expect(markdown.stdout).toContain('```mermaid\nflowchart LR');
  });

  it('never shows a secret, in any format, for one plan or several, from files or stdin', () => {
    const runs = [
      cli(['report', createPlan, changePlan]),
      cli(['report', '--format', 'markdown', '--mermaid', createPlan, changePlan]),
      cli(['report', '--format', 'json', createPlan, changePlan]),
      cli(['report', '--format', 'json', '--fail-on', 'any-change', '-'], {
        input: readFileSync(changePlan, 'utf8'),
      }),
      cli(['report', '--max-revocations', '0', changePlan], { env: { FORCE_COLOR: '1' } }),
    ];
    for (const run of runs)
      for (const secret of secrets) {
        expect(run.stdout).not.toContain(secret);
        expect(run.stderr).not.toContain(secret);
      }
  });

  it('reads several plans as several stacks, and stdin', () => {
    const both = json([createPlan, changePlan]);
    expect(both.stacks.map((s) => s.name)).toEqual([createPlan, changePlan]);
    expect(both.summary.devices_created).toBe(4);
    expect(both.summary.devices_regenerated).toBe(3);
    const piped = cli(['report', '--format', 'json', '-'], { input: readFileSync(changePlan, 'utf8') });
    expect(piped.code).toBe(0);
    const fromStdin = JSON.parse(piped.stdout) as AccessReport;
    expect(fromStdin.stacks[0].name).toBe('stdin');
    expect(fromStdin.summary).toEqual(json([changePlan]).summary);
  });

  it('gates: exit 3 when a gate fails, 0 when all pass', () => {
    const code = (...args: string[]) => cli(['report', ...args]).code;
    expect(code('--fail-on', 'revoke', changePlan)).toBe(3);
    expect(code('--fail-on', 'regenerate', changePlan)).toBe(3);
    expect(code('--fail-on', 'grant-removal', changePlan)).toBe(3);
    expect(code('--fail-on', 'any-change', changePlan)).toBe(3);
    expect(code('--max-revocations', '2', changePlan)).toBe(3);
    expect(code('--max-revocations', '3', changePlan)).toBe(0);
    expect(code('--fail-on', 'regenerate,grant-removal', createPlan)).toBe(3); // the new policy removes Bruno
    expect(code('--max-revocations', '2', createPlan)).toBe(0);
    expect(code('--max-revocations', '1', createPlan)).toBe(3);
    expect(code('--fail-on', 'regenerate', createPlan)).toBe(0);
    const failed = cli(['report', '--format', 'markdown', '--max-revocations', '0', changePlan]);
    expect(failed.stderr).toBe(
      'infomaniak-mail report: gate failed:\n  --max-revocations: 3 revocation(s), more than 0\n',
    );
    expect(failed.stdout).toContain('**Gates:** ❌ failed');
  });

  it('exit 1 with a one-line explanation for input that is not a saved plan', () => {
    const state = cli(['report', stateFile]);
    expect(state.code).toBe(1);
    expect(state.stderr).toBe(
      `infomaniak-mail report: ${stateFile}: this is "terraform show -json" of a state, not of a saved plan; ` +
        'expected the JSON of a saved plan (terraform plan -out=tfplan && terraform show -json tfplan > plan.json)\n',
    );
    const binary = cli(['report', join(ws.workDir, 'change.tfplan')]);
    expect(binary.code).toBe(1);
    expect(binary.stderr).toMatch(
      /change\.tfplan: not JSON; expected the JSON of a saved plan \(terraform plan/,
    );
    const missing = cli(['report', join(ws.root, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read');
    const newer = cli(['report', '-'], {
      input: readFileSync(changePlan, 'utf8').replace(/"format_version":"1\.\d+"/, '"format_version":"2.0"'),
    });
    expect(newer.code).toBe(1);
    expect(newer.stderr).toContain('stdin: plan format version 2.0 is not supported');
  });

  it('exit 2 for usage errors', () => {
    expect(cli(['report', '--format', 'xml', changePlan]).code).toBe(2);
    expect(cli(['report', '--fail-on', 'everything', changePlan]).code).toBe(2);
    expect(cli(['report', '--max-revocations', 'many', changePlan]).code).toBe(2);
    expect(cli(['report', '--mermaid', changePlan]).code).toBe(2);
    expect(cli(['report', '--help']).stdout).toContain('Exit codes:');
  });
});
