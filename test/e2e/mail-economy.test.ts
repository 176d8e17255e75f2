/**
 * API economy (DESIGN.md §7): a no-change plan of A addresses x D devices lists each
 * address's devices once, not once per device. Counted with the sandbox's request
 * counter, never timed.
 */
import { MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

const A = 5;
const D = 20;
const DEVICES_LIST = 'GET /1/mail_hostings/{hosting}/mailboxes/{mailbox}/accesses/devices';

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

test(`a no-change plan of ${A} addresses x ${D} devices makes about ${A} device-list requests`, async () => {
  ws.writeConfig(`
locals {
  mailboxes = [for i in range(${A}) : "economy-\${i}"]
  devices   = { for pair in setproduct(local.mailboxes, range(${D})) : "\${pair[0]}/\${pair[1]}" => pair }
}

resource "infomaniakmail_address" "a" {
  for_each        = toset(local.mailboxes)
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = each.key
}

resource "infomaniakmail_device" "d" {
  for_each        = local.devices
  mail_hosting_id = ${sandbox.hostingId}
  mailbox_name    = infomaniakmail_address.a[each.value[0]].mailbox_name
  label           = "device \${each.value[1]}"
  protocols       = "imap"
}
`);
  await ws.init();
  const applied = await ws.apply({ args: ['-parallelism=20'] });
  expect(applied.stdout).toContain(`Resources: ${A + A * D} added`);

  await sandbox.hooks.resetRequests();
  const plan = await ws.plan({ args: ['-parallelism=20'] });
  expect(plan.code).toBe(0);
  const { counts, total } = await sandbox.hooks.requests();
  const lists = counts[DEVICES_LIST] ?? 0;
  // One per address; a little slack for a list the cache had to repeat, never one per device.
  expect(lists).toBeGreaterThanOrEqual(A);
  expect(lists).toBeLessThanOrEqual(A + 2);
  // The addresses themselves: one read each. Nothing else is asked.
  expect(total).toBeLessThanOrEqual(2 * A + 2);
  process.stdout.write(
    `economy: ${lists} device-list requests, ${total} requests in all (${JSON.stringify(counts)})\n`,
  );
});
