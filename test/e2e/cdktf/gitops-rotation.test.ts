/**
 * The gitops-rotation CDKTF app end to end with the real terraform against the sandbox: the
 * first apply creates the address and three devices; then, a quarter and 31 days later, one
 * apply rotates all three — the archiver (by age) and the CRM (by trigger) regenerated in
 * place, the web shop (overlap) replaced by a new device before the old one is revoked, the
 * exclusive policy keeping the new one — and the next plan is empty.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'cdktf';
import { MailClient } from '../../../provider/infomaniak';
import {
  openMailScenario,
  type MailScenario,
  type MailSandbox,
  type MailWorkspace,
} from '../../support/mail-e2e';
import { GitopsRotationStack } from '../../../examples/gitops-rotation/main';

let scenario: MailScenario;
let sandbox: MailSandbox;
let ws: MailWorkspace;
let outdir: string;

beforeAll(async () => {
  scenario = await openMailScenario('cdktf-gitops-');
  ({ sandbox, ws, outdir } = scenario);
});

afterAll(() => scenario?.close());

/** Synthesizes the app for `quarter` into the workspace, as the pipeline's synth step would. */
function synthFor(quarter: string): void {
  const dir = join(outdir, quarter);
  const app = new App({ outdir: dir });
  new GitopsRotationStack(app, 'gitops', {
    mailHostingId: sandbox.hostingId,
    quarter,
    requestsPerMinute: 100000,
    stateFile: join(outdir, 'terraform.tfstate'),
  });
  app.synth();
  ws.write('cdk.tf.json', readFileSync(join(dir, 'stacks', 'gitops', 'cdk.tf.json'), 'utf8'));
}

interface Outputs {
  ids: { archiver: number; crm: number; webshop: number };
  passwords: { archiver: string; crm: string; webshop: string };
}

async function outputs(): Promise<Outputs> {
  const o = JSON.parse((await ws.run(['output', '-json'])).stdout) as Record<string, { value: unknown }>;
  return {
    ids: o.device_ids.value as Outputs['ids'],
    passwords: {
      archiver: o.archiver_password.value as string,
      crm: o.crm_password.value as string,
      webshop: o.webshop_password.value as string,
    },
  };
}

test('rotation by age and by trigger in place, and with overlap by replacement, then an empty plan', async () => {
  const email = `factures@${sandbox.domain}`;
  const works = (password: string) => sandbox.hooks.verify(email, password);

  synthFor('2026-Q4');
  await ws.init();
  await ws.apply();
  const first = await outputs();
  for (const p of Object.values(first.passwords)) expect(await works(p)).toBe(true);
  await ws.expectEmptyPlan();

  // A quarter and 31 days later, the scheduled pipeline synthesizes and applies again.
  await sandbox.hooks.advanceClock(31 * 86400);
  synthFor('2027-Q1');
  const plan = await ws.plan();
  expect(plan.code).toBe(2);
  // create_before_destroy: terraform announces "+/-" (create replacement, then destroy).
  expect(plan.stdout).toMatch(
    /infomaniakmail_device\.mail_factures_webshop_\S+ will be replaced due to changes in replace_triggered_by\n\+\/- resource/,
  );
  expect(plan.stdout).toMatch(/Plan: 1 to add, 4 to change, 1 to destroy\./);
  await ws.apply();

  const second = await outputs();
  // Regenerated in place: same ids, new passwords, the old ones refused at once.
  expect(second.ids.archiver).toBe(first.ids.archiver);
  expect(second.ids.crm).toBe(first.ids.crm);
  // Replaced with overlap: a new device, the old one revoked after the new one existed.
  expect(second.ids.webshop).not.toBe(first.ids.webshop);
  for (const name of ['archiver', 'crm', 'webshop'] as const) {
    expect(second.passwords[name]).not.toBe(first.passwords[name]);
    expect(await works(second.passwords[name])).toBe(true);
    expect(await works(first.passwords[name])).toBe(false);
  }
  const client = new MailClient({
    endpoint: sandbox.url,
    token: sandbox.tokens.admin,
    requestsPerMinute: 100000,
  });
  // device_ids are Device ids: the same after an in-place regeneration, new after a replacement.
  const ids = (await client.devices.list({ hosting: sandbox.hostingId, mailbox: 'factures' })).map(
    (d) => d.deviceId,
  );
  expect(ids.sort()).toEqual([second.ids.archiver, second.ids.crm, second.ids.webshop].sort());

  await ws.expectEmptyPlan();
});
