/**
 * A device label is one line: `terraform validate` refuses a control character in it,
 * on the attribute, before anything is sent to the API.
 */
import { MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

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

function device(label: string): string {
  return `
resource "infomaniakmail_device" "crm" {
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "contact"
  label           = "${label}"
}
`;
}

test.each([
  ['a line break', 'CRM\\nsending', 'U+000A at character 4'],
  ['NUL', 'CRM\\u0000', 'U+0000 at character 4'],
  ['DEL', 'C\\u007fRM', 'U+007F at character 2'],
  ['a C1 control', 'CRM\\u0085', 'U+0085 at character 4'],
])('terraform validate refuses a label with %s, naming the attribute', async (_, label, found) => {
  ws.writeConfig(device(label));
  await ws.init();
  await sandbox.hooks.resetRequests();
  const result = await ws.run(['validate', '-no-color'], { allowFailure: true });
  expect(result.code).toBe(1);
  const said = result.stderr.replace(/\s+/g, ' ');
  expect(said).toContain('Error: Invalid value for "label"');
  expect(said).toContain(`with infomaniakmail_device.crm, on main.tf line`);
  expect(said).toContain(`found ${found}`);
  expect(said).toContain('remove it, or put a space instead');
  expect((await sandbox.hooks.requests()).total).toBe(0);
});

test('a plain label passes', async () => {
  ws.writeConfig(device('CRM (sending) — Zoë'));
  await ws.init();
  expect((await ws.run(['validate', '-no-color'])).code).toBe(0);
});
