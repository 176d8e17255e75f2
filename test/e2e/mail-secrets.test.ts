/**
 * Secrets (DESIGN.md §4): across creates and regenerations of device passwords and an
 * invitation, no password and no invitation link shows up in terraform's output under
 * TF_LOG=trace, in the provider's stderr, in `terraform show -json` outside sensitive
 * values, or in the sandbox's log.
 */
import { hcl, MailWorkspace, startMailSandbox, type MailSandbox, type ShowJson } from '../support/mail-e2e';

// TF_LOG=trace makes terraform and the provider write a great deal; allow for a loaded machine.
jest.setTimeout(300_000);

let sandbox: MailSandbox;
let ws: MailWorkspace;

beforeAll(async () => {
  sandbox = await startMailSandbox();
  ws = await MailWorkspace.create(sandbox);
});

afterAll(async () => {
  ws?.remove();
  await sandbox?.close();
});

function config(quarter: string): string {
  return `
resource "infomaniakmail_address" "s" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "secrets"
}

resource "infomaniakmail_device" "generated" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = infomaniakmail_address.s.mailbox_name
  label             = "generated"
  rotation_triggers = { quarter = ${hcl(quarter)} }
}

resource "infomaniakmail_device" "second" {
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = infomaniakmail_address.s.mailbox_name
  label             = "second"
  protocols         = "imap"
  rotation_triggers = { quarter = ${hcl(quarter)} }
}

resource "infomaniakmail_user_access" "guest" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_address.s.mailbox_name
  email           = "guest@example.ch"
}

output "generated_password" {
  value     = infomaniakmail_device.generated.password
  sensitive = true
}
`;
}

/** show -json with every value marked sensitive removed. */
function withoutSensitive(
  show: ShowJson & { values?: { outputs?: Record<string, { sensitive: boolean }> } },
): string {
  const copy = JSON.parse(JSON.stringify(show)) as typeof show;
  for (const r of copy.values?.root_module?.resources ?? [])
    for (const [key, flagged] of Object.entries(r.sensitive_values ?? {}))
      if (flagged === true) delete r.values[key];
  for (const [name, o] of Object.entries(copy.values?.outputs ?? {}))
    if (o.sensitive) delete copy.values?.outputs?.[name];
  return JSON.stringify(copy);
}

test('no password or invitation link leaks through logs, output, show -json or the sandbox log', async () => {
  const outputs: string[] = [];
  const shows: string[] = [];
  const passwords = new Set<string>();
  const collect = async () => {
    const show = await ws.show();
    shows.push(withoutSensitive(show));
    for (const [name, attribute] of [
      ['infomaniakmail_device.generated', 'password'],
      ['infomaniakmail_device.second', 'password'],
      ['infomaniakmail_user_access.guest', 'invitation_url'],
    ]) {
      const secret = (await ws.resource(name))[attribute];
      expect(typeof secret).toBe('string');
      passwords.add(secret as string);
    }
  };

  ws.writeConfig(config('q1'));
  await ws.init();
  for (const r of [await ws.apply({ tfLog: 'trace' }), await ws.plan({ tfLog: 'trace' })])
    outputs.push(r.stdout, r.stderr);
  await collect();

  ws.writeConfig(config('q2'));
  for (const r of [await ws.apply({ tfLog: 'trace' }), await ws.plan({ tfLog: 'trace' })])
    outputs.push(r.stdout, r.stderr);
  await collect();
  const output = await ws.run(['output', '-no-color']);
  outputs.push(output.stdout, output.stderr);

  // Two device passwords per round, and one invitation link that stays the same.
  expect(passwords.size).toBe(5);
  // The trace output is real: it does hold the provider's log lines.
  expect(outputs.join('\n')).toContain('infomaniakmail');
  const places = {
    'terraform output (TF_LOG=trace)': outputs.join('\n'),
    'provider stderr': ws.providerStderr(),
    'terraform show -json outside sensitive values': shows.join('\n'),
    'sandbox log': sandbox.logs.join('\n'),
  };
  expect(ws.providerStderr().length).toBeGreaterThan(0);
  const leaks: string[] = [];
  for (const [place, text] of Object.entries(places))
    for (const password of passwords)
      if (text.includes(password)) leaks.push(`${place}: a secret of length ${password.length}`);
  expect(leaks).toEqual([]);
  await ws.expectEmptyPlan();
});
