/**
 * GitOps rotation: a scheduled pipeline runs `synth` + `terraform apply` (say, every night)
 * and device passwords rotate on their own:
 *
 * - the IMAP archiver by age: regenerated in place once its password is 30 days old;
 * - the CRM on a trigger: regenerated in place when the quarter changes;
 * - the web shop's sending password with overlap: when the quarter changes, a new device is
 *   created first and the old one revoked after, so the shop (which reads its password
 *   from the sensitive output on deploy) never holds a dead password;
 * - all three, in place, as soon as Infomaniak flags a password as leaked or sending spam.
 *
 * The quarter comes from ROTATION_QUARTER (e.g. `2027-Q1`), else from today's date.
 */
import { App, LocalBackend, Aspects, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Duration, MailService, RequireDeviceRotation, RequireFlaggedRotation, Rotation } from '../../src';

export interface GitopsRotationProps {
  /**
   * Where terraform keeps the state (a local file).
   *
   * @default - cdktf's default: terraform.<stack id>.tfstate in the directory the app runs in
   */
  readonly stateFile?: string;
  /** @default INFOMANIAK_MAIL_HOSTING_ID, else the sandbox's 1234567 */
  readonly mailHostingId?: number;
  /** @default ROTATION_QUARTER, else the quarter of today (UTC) */
  readonly quarter?: string;
  /** @default 60 */
  readonly requestsPerMinute?: number;
}

/** `2026-Q4` for a date in October to December 2026. */
export function quarterOf(date: Date): string {
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

export class GitopsRotationStack extends TerraformStack {
  public constructor(scope: Construct, id: string, props: GitopsRotationProps = {}) {
    super(scope, id);
    if (props.stateFile) new LocalBackend(this, { path: props.stateFile });
    const quarter = props.quarter ?? process.env.ROTATION_QUARTER ?? quarterOf(new Date());
    const service = new MailService(this, 'mail', {
      mailHostingId: props.mailHostingId ?? Number(process.env.INFOMANIAK_MAIL_HOSTING_ID ?? 1234567),
      requestsPerMinute: props.requestsPerMinute,
    });
    // A new address: created by the first apply (adopted if it already exists).
    const mailbox = service.mailbox('factures');

    const archiver = mailbox.addDevice('imap-archiver', {
      label: 'IMAP archiver',
      type: 'computer',
      protocols: 'imap',
      rotation: Rotation.every(Duration.days(30)).andWhenFlagged(),
    });
    // Clients that only send still get IMAP or POP: SMTP comes with every device password.
    const crm = mailbox.addDevice('crm', {
      label: 'CRM (sends invoices)',
      type: 'other',
      protocols: 'imap',
      rotation: Rotation.onChange({ quarter }).andWhenFlagged(),
    });
    const shop = mailbox.addDevice('webshop', {
      label: 'Web shop SMTP',
      type: 'other',
      protocols: 'imap',
      rotation: Rotation.onChange({ quarter }).andWhenFlagged(),
      overlap: true,
    });

    // Only these three devices: anything else is revoked (and named in the plan first). The
    // policy keeps the web shop's new device through its rotation.
    mailbox.exclusive({ devices: true, users: false });

    archiver.exportPassword('archiver_password');
    crm.exportPassword('crm_password');
    shop.exportPassword('webshop_password');
    new TerraformOutput(this, 'device_ids', {
      value: { archiver: archiver.deviceId, crm: crm.deviceId, webshop: shop.deviceId },
    });
    new TerraformOutput(this, 'quarter', { value: quarter });
    Aspects.of(this).add(new RequireDeviceRotation());
    Aspects.of(this).add(new RequireFlaggedRotation());
  }
}

if (require.main === module) {
  const app = new App();
  new GitopsRotationStack(app, 'gitops-rotation');
  app.synth();
}
