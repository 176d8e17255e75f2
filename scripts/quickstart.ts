/**
 * `npm start`: the quickstart end to end on the local sandbox. Starts the sandbox (its state
 * kept in .infomaniak-mail/ so a second run finds what the first one made), synthesizes the
 * CDKTF app in examples/quickstart, installs the provider in the local mirror, runs
 * terraform init / plan / apply, shows the access changes and the masked outputs, proves a
 * second plan is empty, and shows how to read one password. It never prints a secret.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { findPackage, setupTerraform, DEFAULT_SETUP_DIR } from '../provider/cli/setup-terraform';
import { SandboxHooksClient, startSandbox } from '../provider/sandbox';
import { QUICKSTART_STACK, synthQuickstart } from '../examples/quickstart/main';
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

async function main(): Promise<void> {
  const root = findPackage().root;
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

    step(2, 'Synthesize the CDKTF app (cdktf synth)');
    const exampleDir = join(root, 'examples', 'quickstart');
    // The state file where `cdktf deploy` run in examples/quickstart keeps it too.
    const stackDir = synthQuickstart(join(exampleDir, 'cdktf.out'), {
      mailHostingId: sandbox.mailHostingId,
      stateFile: join(exampleDir, `terraform.${QUICKSTART_STACK}.tfstate`),
    });
    out(`   ${rel(join(stackDir, 'cdk.tf.json'))}`);

    step(3, 'Install the provider for offline terraform (npx infomaniak-mail setup-terraform)');
    const mirror = setupTerraform({ dir: setupDir });
    out(`   mailaccess/infomaniakmail ${mirror.version} in ${rel(mirror.dir)}`);
    const tf = new TerraformRunner({
      dir: stackDir,
      cliConfigFile: mirror.cliConfigFile,
      endpoint: sandbox.url,
      token: sandbox.tokens.admin,
    });

    step(4, 'terraform init');
    const init = await tf.init();
    out(`   done in ${seconds(init.ms)}`);

    step(5, 'terraform plan: the access changes a reviewer sees');
    const planFile = 'tfplan';
    const plan = await tf.plan([`-out=${planFile}`]);
    const planJson = (await tf.run(['show', '-json', planFile])).stdout;
    const planJsonFile = join(stackDir, 'plan.json');
    writeFileSync(planJsonFile, planJson);
    if (plan.code === 0)
      out('   No changes: the sandbox already matches the code (applied by an earlier run).');
    else out(indent(await accessChanges(root, planJsonFile)));

    if (plan.code === 2) {
      step(6, 'terraform apply');
      const apply = await tf.apply([planFile]);
      const summary = apply.stdout.match(/Apply complete!.*$/m)?.[0] ?? 'Apply complete.';
      out(`   ${summary} (${seconds(apply.ms)})`);
    } else step(6, 'terraform apply: nothing to do');
    rmSync(join(stackDir, planFile), { force: true });

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

    step(7, 'terraform plan again: nothing left to do');
    const again = await tf.plan();
    if (again.code !== 0) throw new Error(`the second plan is not empty:\n${again.stdout}`);
    out(`   ${again.stdout.match(/No changes\..*$/m)?.[0] ?? 'No changes.'}`);

    step(8, 'Read one password (only when you need it: it is printed in clear)');
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
