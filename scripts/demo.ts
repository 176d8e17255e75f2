/**
 * `npm run demo`: start the sandbox and walk through the device lifecycle an address
 * goes through — create, a second address for the same Device, regenerate, a flag,
 * revoke — using the same API client the Terraform provider uses. Every password check is done
 * by the sandbox's "test the address/password pair" hook; passwords are shown
 * masked, never in full.
 */
import { MailClient, isGenericPassword, isMailApiError, type MailboxRef } from '../provider/infomaniak';
import {
  SANDBOX_GENERIC_ACCESS_ID,
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
    const check = async (address: string, password: string) => verdict(await hooks.verify(address, password));
    out();

    out(`1. Create two devices on ${email} (SMTP comes with every device password)`);
    const outlook = await client.devices.create(ref, {
      label: 'Outlook (reception)',
      protocols: 'imap',
      type: 'computer',
    });
    const crm = await client.devices.create(ref, {
      label: 'CRM (sends invoices)',
      protocols: 'pop3',
      type: 'other',
    });
    for (const d of [outlook, crm]) {
      out(`   Device ${d.deviceId} "${d.label}" (${d.type}, ${d.protocols}), access ${d.accessId}`);
      out(`      password ${mask(d.password)}: the service ${await check(email, d.password)} it`);
    }
    out();

    const contact: MailboxRef = { hosting: sandbox.mailHostingId, mailbox: SANDBOX_MAILBOXES.contact };
    const contactEmail = `${contact.mailbox}@${sandbox.domain}`;
    out(`2. Give the same Device (Outlook) ${contactEmail} too: its own password, the same label`);
    const second = await client.devices.create(contact, { deviceId: outlook.deviceId, protocols: 'imap' });
    out(`   Device ${second.deviceId} "${second.label}", access ${second.accessId} on ${contactEmail}`);
    out(
      `   its password on ${contact.mailbox}: ${await check(contactEmail, second.password)}; ` +
        `on ${ref.mailbox}: ${await check(email, second.password)} (one password per address)`,
    );
    out();

    out(`3. Regenerate the password of access ${outlook.accessId}: same access, new password`);
    const regenerated = await client.devices.regenerate(ref, outlook.accessId);
    out(`   new password ${mask(regenerated.password)}`);
    out(
      `   old password: ${await check(email, outlook.password)}; new password: ${await check(email, regenerated.password)}`,
    );
    out(`   the CRM's password is untouched: ${await check(email, crm.password)}`);
    out();

    out(`4. Infomaniak flags the CRM's password as leaked (what rotate_when_flagged reacts to)`);
    await hooks.setDeviceStatus(crm.accessId, 'leaked');
    const flagged = (await client.devices.list(ref)).find((d) => d.accessId === crm.accessId);
    out(`   the device list says: status "${flagged?.status ?? '?'}"`);
    out();

    out(`5. Revoke access ${outlook.accessId} only`);
    await client.devices.revoke(ref, outlook.accessId);
    out(
      `   its password: ${await check(email, regenerated.password)}; the CRM's password: ` +
        `${await check(email, crm.password)}; the Device still reads ${contact.mailbox}: ` +
        `${await check(contactEmail, second.password)}`,
    );
    const left = await client.devices.list(ref);
    out(
      `   devices left on ${ref.mailbox}: ${left.map((d) => `"${d.label}" (access ${d.accessId})`).join(', ')}`,
    );
    out();

    const legacy: MailboxRef = { hosting: sandbox.mailHostingId, mailbox: SANDBOX_MAILBOXES.legacy };
    out(`6. ${legacy.mailbox}@${sandbox.domain} still has its pre-2026 generic password`);
    const generic = (await client.devices.list(legacy)).find((d) => isGenericPassword(d));
    out(
      `   listed as access ${generic?.accessId} "${generic?.label}" (type ${generic?.type}): never displayable`,
    );
    try {
      await client.devices.regenerate(legacy, SANDBOX_GENERIC_ACCESS_ID);
      throw new Error('the generic password was regenerated: the sandbox should refuse this');
    } catch (error) {
      if (!isMailApiError(error)) throw error;
      out(`   regenerating it is refused: ${error.message}`);
    }
    out();

    await client.devices.revoke(ref, crm.accessId);
    await client.devices.revoke(contact, second.accessId);
    out('Done: every device access created by this walk-through has been revoked.');
    out('Next: the Terraform provider does all of this from a plan you can review (npm start).');
  } finally {
    await client.close();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`demo failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
