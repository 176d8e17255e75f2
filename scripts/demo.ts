/**
 * The main job for now (`npm start`): start the sandbox and walk through the
 * device lifecycle an address goes through — create, regenerate, revoke — using
 * the same API client the Terraform provider uses. Every password check is done
 * by the sandbox's "test the address/password pair" hook; passwords are shown
 * masked, never in full.
 */
import { MailClient, isMailApiError, type MailboxRef } from '../provider/infomaniak';
import {
  SANDBOX_GENERIC_DEVICE_ID,
  SANDBOX_MAILBOXES,
  SandboxHooksClient,
  startSandbox,
} from '../provider/sandbox';

const out = (line = ''): void => void process.stdout.write(`${line}\n`);
const mask = (password: string): string => `${'•'.repeat(12)} (${password.length} characters, never printed)`;
const verdict = (valid: boolean): string => (valid ? 'accepted' : 'refused');

async function main(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, testHooks: true });
  const hooks = new SandboxHooksClient(sandbox.url);
  const client = new MailClient({ endpoint: sandbox.url, token: sandbox.tokens.admin });
  try {
    out(`Sandbox of the Infomaniak Mail API listening on ${sandbox.url}`);
    out(`Mail Service ${sandbox.mailHostingId} (${sandbox.domain})`);
    out();

    const mailboxes = await client.mailboxes.list(sandbox.mailHostingId);
    out(`Addresses: ${mailboxes.map((m) => m.email).join(', ')}`);
    const ref: MailboxRef = { hosting: sandbox.mailHostingId, mailbox: SANDBOX_MAILBOXES.demonstration };
    const email = `${ref.mailbox}@${sandbox.domain}`;
    const check = async (password: string) => verdict(await hooks.verify(email, password));
    out();

    out(`1. Create two devices on ${email}`);
    const outlook = await client.devices.create(ref, {
      label: 'Outlook (reception)',
      protocols: ['imap', 'smtp'],
    });
    const crm = await client.devices.create(ref, { label: 'CRM (sends invoices)', protocols: ['smtp'] });
    for (const d of [outlook, crm]) {
      out(`   device ${d.id} "${d.label}" [${d.protocols.join(', ')}] password ${mask(d.password)}`);
      out(`      the service ${await check(d.password)} it`);
    }
    out();

    out(`2. Regenerate the password of device ${outlook.id}: same device, new password`);
    const regenerated = await client.devices.regenerate(ref, outlook.id);
    out(`   device ${regenerated.id} new password ${mask(regenerated.password)}`);
    out(
      `   old password: ${await check(outlook.password)}; new password: ${await check(regenerated.password)}`,
    );
    out(`   the CRM's password is untouched: ${await check(crm.password)}`);
    out();

    out(`3. Revoke device ${outlook.id} only`);
    await client.devices.revoke(ref, outlook.id);
    out(
      `   its password: ${await check(regenerated.password)}; the CRM's password: ${await check(crm.password)}`,
    );
    const left = await client.devices.list(ref);
    out(`   devices left: ${left.map((d) => `${d.id} "${d.label}"`).join(', ')}`);
    out();

    const legacy: MailboxRef = { hosting: sandbox.mailHostingId, mailbox: SANDBOX_MAILBOXES.legacy };
    out(`4. ${legacy.mailbox}@${sandbox.domain} still has its pre-2026 generic password`);
    const generic = (await client.devices.list(legacy)).find((d) => d.is_generic);
    out(`   listed as device ${generic?.id} "${generic?.label}" — never displayable`);
    try {
      await client.devices.regenerate(legacy, SANDBOX_GENERIC_DEVICE_ID);
      throw new Error('the generic password was regenerated: the sandbox should refuse this');
    } catch (error) {
      if (!isMailApiError(error)) throw error;
      out(`   regenerating it is refused: ${error.message}`);
    }
    out();

    await client.devices.revoke(ref, crm.id);
    out('Done: every device created by this walk-through has been revoked.');
    out('Next: the Terraform provider will do all of this from a plan you can review.');
  } finally {
    await client.close();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
