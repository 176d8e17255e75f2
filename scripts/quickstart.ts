/**
 * `npm start`: the quickstart end to end on the local sandbox. Starts the sandbox (its state
 * kept in .infomaniak-mail/ so a second run finds what the first one made), synthesizes the
 * CDKTF app in examples/quickstart, installs the provider in the local mirror, runs
 * terraform init / plan / apply, shows the access changes and the masked outputs, proves a
 * second plan is empty, and shows how to read one password. It never prints a secret.
 *
 * The first run adds a device nobody declared to the exclusive address, as someone who set
 * up a phone by hand would: the saved plan names its revocation, and the apply revokes it.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findThisPackage } from '../packaging';
import { setupTerraform, DEFAULT_SETUP_DIR } from '../provider/cli/setup-terraform';
import { MailClient, type MailboxRef } from '../provider/infomaniak';
import { SandboxHooksClient, startSandbox } from '../provider/sandbox';
import { QUICKSTART_MAILBOX, QUICKSTART_STACK, synthQuickstart } from '../examples/quickstart/main';
import { accessChanges } from './plan-summary';
import { TerraformRunner } from './terraform-runner';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const step = (n: number, text: string): void => out(`\n${n}. ${text}`);
const indent = (text: string, by = '   '): string =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The device someone set up by hand, which the exclusive policy revokes. */
const STRAY_LABEL = 'Old phone (unknown)';

interface PlannedRevocations {
  readonly address: string;
  readonly devices: readonly { device_id: number; access_id: number; label: string }[];
  readonly users: readonly { user_id: number; email: string }[];
  readonly invitations: readonly { key: string }[];
}

/** What each access policy of the saved plan revokes: the lists terraform shows the reviewer. */
function plannedRevocations(planJson: string): PlannedRevocations[] {
  const plan = JSON.parse(planJson) as {
    resource_changes?: {
      address: string;
      type: string;
      change: { actions: string[]; after?: Record<string, unknown> | null };
    }[];
  };
  const list = <T>(value: unknown): T[] => (Array.isArray(value) ? (value as T[]) : []);
  return (plan.resource_changes ?? [])
    .filter((rc) => rc.type === 'infomaniakmail_access_policy' && rc.change.after)
    .map((rc) => ({
      address: rc.address,
      devices: list(rc.change.after?.devices_to_revoke),
      users: list(rc.change.after?.users_to_remove),
      invitations: list(rc.change.after?.invitations_to_withdraw),
    }));
}

/** A state file with resources in it: an earlier run applied the quickstart. */
function applied(stateFile: string): boolean {
  if (!existsSync(stateFile)) return false;
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { resources?: unknown[] };
  return (state.resources ?? []).length > 0;
}

async function main(): Promise<void> {
  const root = findThisPackage().root;
  const rel = (p: string): string => relative(process.cwd(), p) || '.';
  const setupDir = join(root, DEFAULT_SETUP_DIR);
  mkdirSync(setupDir, { recursive: true });
  const dataFile = join(setupDir, 'quickstart-sandbox.json');

  out('Infomaniak Mail access as code: the quickstart (examples/quickstart/main.ts), on the local sandbox');

  step(1, 'Start the sandbox of the Infomaniak Mail API');
  const sandbox = await startSandbox({ port: 0, testHooks: true, dataFile });
  try {
    out(`   ${sandbox.url}, Mail Service ${sandbox.mailHostingId} (${sandbox.domain})`);
    out(`   its state is kept in ${rel(dataFile)}, so running this again continues from here`);

    const exampleDir = join(root, 'examples', 'quickstart');
    // The state file where `cdktf deploy` run in examples/quickstart keeps it too.
    const stateFile = join(exampleDir, `terraform.${QUICKSTART_STACK}.tfstate`);
    const ref: MailboxRef = { hosting: sandbox.mailHostingId, mailbox: QUICKSTART_MAILBOX };
    const address = `${QUICKSTART_MAILBOX}@${sandbox.domain}`;
    const client = new MailClient({ endpoint: sandbox.url, token: sandbox.tokens.admin });
    step(2, `A device nobody declared: someone set up a phone on ${address} by hand`);
    let stray = (await client.devices.list(ref)).find((d) => d.label === STRAY_LABEL);
    if (applied(stateFile))
      out(
        stray
          ? `   "${STRAY_LABEL}" (Device ${stray.deviceId}) is still there`
          : `   The first run's apply revoked "${STRAY_LABEL}"; nothing to add this time`,
      );
    else {
      // Through the API, as the Manager would: the sandbox mints its password, which nobody keeps.
      stray ??= await client.devices.create(ref, { label: STRAY_LABEL, protocols: 'imap', type: 'phone' });
      out(
        `   "${STRAY_LABEL}" (Device ${stray.deviceId}) can read the address: the exclusive policy will revoke it`,
      );
    }

    step(3, 'Synthesize the CDKTF app (cdktf synth)');
    const stackDir = synthQuickstart(join(exampleDir, 'cdktf.out'), {
      mailHostingId: sandbox.mailHostingId,
      stateFile,
    });
    out(`   ${rel(join(stackDir, 'cdk.tf.json'))}`);

    step(4, 'Install the provider for offline terraform (npx infomaniak-mail setup-terraform)');
    const mirror = setupTerraform({ dir: setupDir });
    out(`   mailaccess/infomaniakmail ${mirror.version} in ${rel(mirror.dir)}`);
    const tf = new TerraformRunner({
      dir: stackDir,
      cliConfigFile: mirror.cliConfigFile,
      endpoint: sandbox.url,
      token: sandbox.tokens.admin,
    });

    step(5, 'terraform init');
    const init = await tf.init();
    out(`   done in ${seconds(init.ms)}`);

    step(6, 'terraform plan -out=tfplan: the access changes a reviewer sees (infomaniak-mail report)');
    const planFile = 'tfplan';
    const plan = await tf.plan([`-out=${planFile}`]);
    const planJson = (await tf.run(['show', '-json', planFile])).stdout;
    const planJsonFile = join(stackDir, 'plan.json');
    writeFileSync(planJsonFile, planJson);
    if (plan.code === 0)
      out('   No changes: the sandbox already matches the code (applied by an earlier run).');
    else out(indent(await accessChanges(root, planJsonFile)));
    const planned = plannedRevocations(planJson);
    const strayAccess = stray?.accessId;
    if (strayAccess !== undefined && !planned.some((p) => p.devices.some((d) => d.access_id === strayAccess)))
      throw new Error(`the saved plan does not name "${STRAY_LABEL}" among the devices it revokes`);
    const total = planned.reduce((n, p) => n + p.devices.length + p.users.length + p.invitations.length, 0);
    if (total > 0)
      out(
        `\n   The saved plan lists ${total === 1 ? 'this revocation' : `these ${total} revocations`} (the policy's ` +
          'devices_to_revoke, users_to_remove and\n   invitations_to_withdraw in terraform show -json): applying ' +
          `it revokes exactly ${total === 1 ? 'that one' : 'those'}, nothing created after the plan.`,
      );

    if (plan.code === 2) {
      step(7, 'terraform apply tfplan');
      const apply = await tf.apply([planFile]);
      const summary = apply.stdout.match(/Apply complete!.*$/m)?.[0] ?? 'Apply complete.';
      out(`   ${summary} (${seconds(apply.ms)})`);
    } else step(7, 'terraform apply: nothing to do');
    rmSync(join(stackDir, planFile), { force: true });

    // The proof comes from the API, not from terraform: the stray is gone, the declared devices stay.
    const left = await client.devices.list(ref);
    if (left.some((d) => d.label === STRAY_LABEL))
      throw new Error(`"${STRAY_LABEL}" still reads ${address} after the apply`);
    out(
      `   ${address} has ${left.length} device(s): ${left.map((d) => `"${d.label}"`).join(', ')}` +
        (stray ? `; "${STRAY_LABEL}" is revoked` : ''),
    );

    out('\n   Outputs (terraform output; sensitive values stay masked):');
    out(indent((await tf.run(['output', '-no-color'])).stdout, '     '));
    const hooks = new SandboxHooksClient(sandbox.url);
    // Each password is checked against its address with the sandbox's verify hook, never printed.
    const checks = [
      { what: 'the CRM password', output: 'crm_password', address: 'address' },
      {
        what: "Alice's phone password for the second address",
        output: 'phone_alice_sales_password',
        address: 'sales_address',
      },
    ];
    for (const check of checks) {
      const email = JSON.parse((await tf.run(['output', '-json', check.address])).stdout) as string;
      const password = (await tf.run(['output', '-raw', check.output])).stdout;
      const accepted = password !== '' && (await hooks.verify(email, password));
      out(
        `   The sandbox ${accepted ? 'accepts' : 'REFUSES'} ${check.what} for ${email} (checked without printing it).`,
      );
      if (!accepted) throw new Error(`${check.what} in the outputs does not log in`);
    }

    step(8, 'terraform plan again: nothing left to do');
    const again = await tf.plan();
    if (again.code !== 0) throw new Error(`the second plan is not empty:\n${again.stdout}`);
    out(`   ${again.stdout.match(/No changes\..*$/m)?.[0] ?? 'No changes.'}`);

    step(9, 'Read one password (only when you need it: it is printed in clear)');
    out(`   export TF_CLI_CONFIG_FILE=${mirror.cliConfigFile}`);
    out(`   terraform -chdir=${rel(stackDir)} output -raw crm_password`);
    out(
      '\nDone. Run `npm start` again: the plan is empty. Start over: rm -rf .infomaniak-mail examples/quickstart/cdktf.out examples/quickstart/terraform.quickstart.tfstate*',
    );
  } finally {
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\nThe quickstart failed: ${(error as Error).message}\n`);
  process.exit(1);
});
