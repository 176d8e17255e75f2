/**
 * Faults (DESIGN.md §7): with the sandbox answering 429 and 500 and dropping
 * connections after committing, an apply of 50 devices either succeeds or fails with
 * state matching the sandbox (no device state does not know, none in state without a
 * working password), and a second apply converges to an empty plan.
 */
import { MailClient } from '../../provider/infomaniak';
import { MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

const DEVICES = 50;
// Spread over 10 addresses to keep each address's lists short.
const MAILBOXES = Array.from({ length: 10 }, (_, i) => `faults-${i}`);
const PER_MAILBOX = DEVICES / MAILBOXES.length;

// Retries back off for real (hundreds of ms each): give the two applies room on a loaded CI machine.
jest.setTimeout(300_000);

let sandbox: MailSandbox;
let client: MailClient;
let ws: MailWorkspace;

beforeAll(async () => {
  sandbox = await startMailSandbox();
  client = new MailClient({ token: sandbox.tokens.admin, endpoint: sandbox.url, requestsPerMinute: 100000 });
  ws = await MailWorkspace.create(sandbox);
  for (const mailbox of MAILBOXES) await client.mailboxes.create({ hosting: sandbox.hostingId, mailbox });
});

afterAll(async () => {
  await client?.close();
  ws?.remove();
  await sandbox?.close();
});

/** Devices in state must be exactly the devices of the sandbox, each with a password that works. */
async function expectStateMatchesSandbox(): Promise<number> {
  const inState = (await ws.resources()).filter((r) => r.type === 'infomaniakmail_device');
  const byId = new Map(inState.map((r) => [r.values.access_id as number, r.values]));
  let actual = 0;
  for (const mailbox of MAILBOXES) {
    const devices = await client.devices.list({ hosting: sandbox.hostingId, mailbox });
    actual += devices.length;
    for (const device of devices) {
      const values = byId.get(device.accessId);
      expect({ unknownToState: device.accessId, label: device.label, known: values !== undefined }).toEqual({
        unknownToState: device.accessId,
        label: device.label,
        known: true,
      });
      expect(typeof values?.password).toBe('string');
      expect(await sandbox.hooks.verify(`${mailbox}@${sandbox.domain}`, values?.password as string)).toBe(
        true,
      );
    }
  }
  expect(inState.length).toBe(actual);
  return actual;
}

test(`an apply of ${DEVICES} devices under 429s, 500s and dropped answers leaves state matching reality`, async () => {
  ws.writeConfig(`
locals {
  devices = { for pair in setproduct(${JSON.stringify(MAILBOXES)}, range(${PER_MAILBOX})) : "\${pair[0]}/\${pair[1]}" => pair }
}

resource "infomaniakmail_device" "d" {
  for_each        = local.devices
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = each.value[0]
  label           = "device \${each.value[1]}"
  protocols       = "imap"
}
`);
  await ws.init();
  const create = 'POST /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices';
  const list = 'GET /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices';
  await sandbox.hooks.addFault({ route: '*', mode: 'status', status: 429, rate: 0.1, retry_after: 0 });
  await sandbox.hooks.addFault({ route: create, mode: 'status', status: 500, rate: 0.15 });
  await sandbox.hooks.addFault({ route: create, mode: 'drop_after_commit', rate: 0.15 });
  await sandbox.hooks.addFault({ route: list, mode: 'status', status: 500, rate: 0.1 });

  const first = await ws.apply({ allowFailure: true, args: ['-parallelism=10'] });
  const hits = (await sandbox.hooks.faults()).reduce((n, f) => n + f.hits, 0);
  expect(hits).toBeGreaterThan(0);
  await sandbox.hooks.clearFaults();
  const afterFirst = await expectStateMatchesSandbox();
  if (first.code === 0) expect(afterFirst).toBe(DEVICES);

  await ws.apply({ args: ['-parallelism=10'] });
  expect(await expectStateMatchesSandbox()).toBe(DEVICES);
  await ws.expectEmptyPlan();
  process.stdout.write(
    `faults: first apply exit ${first.code}, ${hits} faults fired, ${afterFirst} devices after it\n`,
  );
});

test('creates whose answers are all lost are recovered: no second device, every password works', async () => {
  ws.write(
    'extra.tf',
    `
resource "infomaniakmail_device" "late" {
  count           = 3
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = "faults-0"
  label           = "late \${count.index}"
}
`,
  );
  // Every create is committed but its answer lost: the client finds the new access and regenerates it.
  await sandbox.hooks.addFault({
    route: 'POST /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices',
    mode: 'drop_after_commit',
  });
  await sandbox.hooks.resetRequests();
  const applied = await ws.apply();
  await sandbox.hooks.clearFaults();
  expect(applied.code).toBe(0);
  expect(await expectStateMatchesSandbox()).toBe(DEVICES + 3);
  const { counts } = await sandbox.hooks.requests();
  expect(counts['POST /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices']).toBe(3);
  expect(counts['POST /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices/{access}']).toBe(3);
  await ws.expectEmptyPlan();
});
