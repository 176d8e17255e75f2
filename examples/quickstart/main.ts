/**
 * Quickstart: one address with devices for a person (her computer and her phone), a device
 * for a shared client, a colleague who reads it in the Infomaniak Mail apps, and an exclusive
 * policy that revokes anything else; plus a second address, created by the app, that Alice's
 * phone reads too (the same Device, its own password). Passwords leave only as sensitive
 * outputs.
 *
 *   npm start                          (the whole walk-through on the local sandbox)
 *   npx ts-node main.ts                (synth only, into cdktf.out/)
 *
 * The provider reads INFOMANIAK_ENDPOINT and INFOMANIAK_TOKEN from the environment when
 * terraform runs; INFOMANIAK_MAIL_HOSTING_ID picks the Mail Service (default: the sandbox's).
 */
import { App, LocalBackend, Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Duration, MailService, MaxDevicesPerMailbox, RequireDeviceRotation, Rotation } from '../../src';

/** The sandbox's Mail Service and users (provider/sandbox/README.md). */
export const SANDBOX_HOSTING_ID = 1234567;
/** The address the quickstart makes exclusive (it exists in the sandbox). */
export const QUICKSTART_MAILBOX = 'demonstration';
const ALICE = 100001;
const BRUNO = 100002;

export interface QuickstartProps {
  /**
   * Where terraform keeps the state (a local file).
   *
   * @default - cdktf's default: terraform.<stack id>.tfstate in the directory the app runs in
   */
  readonly stateFile?: string;
  /** @default INFOMANIAK_MAIL_HOSTING_ID, else the sandbox's 1234567 */
  readonly mailHostingId?: number;
  /** @default 60, the API's limit (tests raise it for the sandbox) */
  readonly requestsPerMinute?: number;
}

export class QuickstartStack extends TerraformStack {
  public constructor(scope: Construct, id: string, props: QuickstartProps = {}) {
    super(scope, id);
    if (props.stateFile) new LocalBackend(this, { path: props.stateFile });
    const service = new MailService(this, 'mail', {
      mailHostingId:
        props.mailHostingId ?? Number(process.env.INFOMANIAK_MAIL_HOSTING_ID ?? SANDBOX_HOSTING_ID),
      requestsPerMinute: props.requestsPerMinute,
    });
    const mailbox = service.mailbox(QUICKSTART_MAILBOX);

    // Alice's mail client: her own password, rotated every 90 days by the scheduled apply, and at
    // once if Infomaniak flags it as leaked or sending spam.
    const outlook = mailbox.addDevice('outlook-alice', {
      label: 'Outlook (Alice)',
      user: ALICE,
      type: 'computer',
      protocols: 'imap',
      rotation: Rotation.every(Duration.days(90)).andWhenFlagged(),
    });
    const phone = mailbox.addDevice('phone-alice', {
      label: 'Phone (Alice)',
      user: ALICE,
      type: 'phone',
      protocols: 'imap',
      rotation: Rotation.whenFlagged(),
    });
    // A shared client without user; it sends (SMTP is always included). Bump `generation` to rotate it.
    const crm = mailbox.addDevice('crm', {
      label: 'CRM (sends invoices)',
      type: 'other',
      protocols: 'imap',
      rotation: Rotation.onChange({ generation: '1' }).andWhenFlagged(),
    });
    // Bruno reads and sends in the Infomaniak Mail apps, with his own login, and may set auto-replies.
    mailbox.grant(BRUNO, { permissions: ['manage_auto_reply', 'manage_signatures'] });
    // Nothing else: devices and users not declared here are revoked, and the saved plan names each
    // one (devices_to_revoke, users_to_remove), read from the address while planning.
    mailbox.exclusive({ devices: true, users: true });

    // A second address, created by the first apply: Alice's phone reads it too (same Device,
    // label and type; its own password).
    const sales = service.mailbox('ventes', { note: 'Sales team' });
    const phoneOnSales = sales.addDevice('phone-alice', { device: phone, rotation: Rotation.whenFlagged() });

    outlook.exportPassword('outlook_alice_password');
    phone.exportPassword('phone_alice_password');
    phoneOnSales.exportPassword('phone_alice_sales_password');
    crm.exportPassword('crm_password');
    new TerraformOutput(this, 'address', { value: mailbox.email });
    new TerraformOutput(this, 'sales_address', { value: sales.email });
    new TerraformOutput(this, 'device_ids', {
      value: { outlook_alice: outlook.deviceId, phone_alice: phone.deviceId, crm: crm.deviceId },
    });

    // Opt-in policy checks: synth fails if a device has no rotation or a mailbox has too many.
    Aspects.of(this).add(new RequireDeviceRotation());
    Aspects.of(this).add(new MaxDevicesPerMailbox(5));
  }
}

export const QUICKSTART_STACK = 'quickstart';

/** Synthesizes the quickstart into `outdir`; returns the stack directory terraform runs in. */
export function synthQuickstart(outdir: string, props: QuickstartProps = {}): string {
  const app = new App({ outdir });
  new QuickstartStack(app, QUICKSTART_STACK, props);
  app.synth();
  return `${outdir}/stacks/${QUICKSTART_STACK}`;
}

if (require.main === module) {
  // Under `cdktf synth` the CLI sets CDKTF_OUTDIR; App reads it.
  const app = new App();
  new QuickstartStack(app, QUICKSTART_STACK);
  app.synth();
}
