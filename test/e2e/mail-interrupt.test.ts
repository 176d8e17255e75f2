/**
 * Interrupts (DESIGN.md §7): terraform is sent SIGINT in the middle of an apply of many
 * devices whose creates (then regenerates) the sandbox holds on the wire. terraform asks
 * the provider to stop; what is already sent is finished and recorded with its password,
 * what is not sent is not. The next plan only creates (or regenerates) what never started:
 * nothing replaced, no password lost, no device state does not know.
 */
import { spawn } from 'node:child_process';
import { MailClient, routes } from '../../provider/infomaniak';
import { MailWorkspace, startMailSandbox, type MailSandbox } from '../support/mail-e2e';
import type { RunResult } from '../support/terraform';

const DEVICES = 30;
const MAILBOX = 'interrupted';
const CREATE = `POST ${routes.devices}`;
const LIST = `GET ${routes.devices}`;
const REGENERATE = `POST ${routes.deviceAccess}`;

jest.setTimeout(300_000);

let sandbox: MailSandbox;
let client: MailClient;
let ws: MailWorkspace;

beforeAll(async () => {
  sandbox = await startMailSandbox();
  client = new MailClient({ token: sandbox.tokens.admin, endpoint: sandbox.url, requestsPerMinute: 100000 });
  ws = await MailWorkspace.create(sandbox);
  await client.mailboxes.create({ hosting: sandbox.hostingId, mailbox: MAILBOX });
});

afterAll(async () => {
  await client?.close();
  ws?.remove();
  await sandbox?.close();
});

function config(quarter: string): string {
  return `
resource "infomaniakmail_device" "d" {
  count             = ${DEVICES}
  mail_hosting_id   = ${sandbox.hostingId}
  mailbox_name      = "${MAILBOX}"
  label             = "device \${count.index}"
  protocols         = "imap"
  rotation_triggers = { quarter = "${quarter}" }
}
`;
}

/** `terraform apply`, sent SIGINT (as a CI cancel or Ctrl-C does) once `ready` says so. */
async function interruptedApply(ready: () => Promise<boolean>): Promise<RunResult> {
  const child = spawn('terraform', ['apply', '-input=false', '-no-color', '-auto-approve'], {
    cwd: ws.workDir,
    env: ws.env(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  child.stderr.on('data', (b: Buffer) => err.push(b));
  const closed = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  let exited = false;
  void closed.then(() => (exited = true));
  let interrupted = false;
  while (!exited && !interrupted) {
    if (await ready()) interrupted = child.kill('SIGINT');
    else await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const result = {
    code: await closed,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
  };
  if (!interrupted)
    throw new Error(`terraform ended before it could be interrupted:\n${result.stdout}\n${result.stderr}`);
  return result;
}

async function sandboxDevices() {
  return client.devices.list({ hosting: sandbox.hostingId, mailbox: MAILBOX });
}

async function stateDevices() {
  return (await ws.resources()).filter((r) => r.type === 'infomaniakmail_device');
}

/** Devices in state are exactly the sandbox's, each with a password the sandbox accepts. */
async function expectStateMatchesSandbox(): Promise<number> {
  const inState = await stateDevices();
  const actual = await sandboxDevices();
  expect(inState.map((r) => r.values.access_id).sort()).toEqual(actual.map((d) => d.accessId).sort());
  for (const r of inState) {
    expect({ device: r.values.label, password: typeof r.values.password }).toEqual({
      device: r.values.label,
      password: 'string',
    });
    expect({
      device: r.values.label,
      valid: await sandbox.hooks.verify(`${MAILBOX}@${sandbox.domain}`, r.values.password as string),
    }).toEqual({ device: r.values.label, valid: true });
  }
  return inState.length;
}

/** The actions of the next plan, by resource address. */
async function nextPlan(): Promise<Map<string, string[]>> {
  await ws.run(['plan', '-input=false', '-no-color', '-out=next.tfplan']);
  const plan = JSON.parse((await ws.run(['show', '-json', 'next.tfplan'])).stdout) as {
    resource_changes?: { address: string; change: { actions: string[] } }[];
  };
  return new Map((plan.resource_changes ?? []).map((c) => [c.address, c.change.actions]));
}

/**
 * What the interrupted run printed must hold for what the next one does: no advice about
 * labels or re-runs that no longer applies, and each "not created" device really absent.
 */
async function expectTruthfulMessages(run: RunResult): Promise<void> {
  const text = `${run.stdout}\n${run.stderr}`;
  expect(text).not.toMatch(/apply again|set the label|run terraform apply/i);
  expect(text).not.toMatch(/Could not tell whether|may have been (created|regenerated)/);
  expect(text).not.toMatch(/was cancelled by the caller\.|Provider produced inconsistent result/);
  const labels = new Set((await sandboxDevices()).map((d) => d.label));
  for (const [, label] of text.matchAll(/Device "([^"]+)" was not created on/g))
    expect({ label, exists: labels.has(label) }).toEqual({ label, exists: false });
}

test(`SIGINT while ${DEVICES} creates are under way: no device lost, duplicated or replaced`, async () => {
  ws.writeConfig(config('2026-Q1'));
  await ws.init();
  // Every create waits on the wire, some longer: the stop finds creates sent and creates still listing.
  await sandbox.hooks.addFault({ route: CREATE, mode: 'latency', latency_ms: 800 });
  await sandbox.hooks.addFault({ route: CREATE, mode: 'latency', latency_ms: 1500, rate: 0.5 });
  await sandbox.hooks.addFault({ route: LIST, mode: 'latency', latency_ms: 300 });
  await sandbox.hooks.resetRequests();
  const run = await interruptedApply(
    async () => ((await sandbox.hooks.requests()).counts[CREATE] ?? 0) >= 12,
  );
  await sandbox.hooks.clearFaults();
  expect(run.code).not.toBe(0);

  const made = await expectStateMatchesSandbox();
  expect(made).toBeGreaterThan(0);
  expect(made).toBeLessThan(DEVICES);
  await expectTruthfulMessages(run);

  const actions = await nextPlan();
  const creates = [...actions.values()].filter((a) => a.join() === 'create').length;
  expect([...actions.values()].filter((a) => a.join() !== 'create' && a.join() !== 'no-op')).toEqual([]);
  expect(creates).toBe(DEVICES - made);

  await ws.apply();
  expect(await expectStateMatchesSandbox()).toBe(DEVICES);
  await ws.expectEmptyPlan();
  process.stdout.write(`interrupt: ${made} of ${DEVICES} devices created before the stop\n`);
});

test(`SIGINT while ${DEVICES} regenerates are under way: every password in state still works`, async () => {
  ws.writeConfig(config('2026-Q2'));
  await sandbox.hooks.addFault({ route: REGENERATE, mode: 'latency', latency_ms: 800 });
  await sandbox.hooks.addFault({ route: REGENERATE, mode: 'latency', latency_ms: 1500, rate: 0.5 });
  await sandbox.hooks.resetRequests();
  const run = await interruptedApply(
    async () => ((await sandbox.hooks.requests()).counts[REGENERATE] ?? 0) >= 12,
  );
  await sandbox.hooks.clearFaults();
  expect(await expectStateMatchesSandbox()).toBe(DEVICES);
  await expectTruthfulMessages(run);

  const regenerated = (await sandbox.hooks.requests()).counts[REGENERATE] ?? 0;
  expect(run.code).not.toBe(0);
  expect(regenerated).toBeLessThan(DEVICES);
  const actions = await nextPlan();
  expect([...actions.values()].filter((a) => a.join() !== 'update' && a.join() !== 'no-op')).toEqual([]);
  expect([...actions.values()].filter((a) => a.join() === 'update')).toHaveLength(DEVICES - regenerated);
  await ws.apply();
  expect(await expectStateMatchesSandbox()).toBe(DEVICES);
  await ws.expectEmptyPlan();
});
