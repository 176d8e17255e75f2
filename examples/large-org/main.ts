/**
 * A large organisation, generated: 50 addresses × 20 devices (1,000 device passwords), each
 * address exclusive, so every device not declared here is revoked. An end-to-end test
 * applies it against the sandbox; the benchmark (`npm run bench`) times synth, apply and plan.
 */
import { App, LocalBackend, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { Duration, MailService, Rotation, deviceProtocols, deviceTypes } from '../../src';

export interface LargeOrgProps {
  /**
   * Where terraform keeps the state (a local file).
   *
   * @default - cdktf's default: terraform.<stack id>.tfstate in the directory the app runs in
   */
  readonly stateFile?: string;
  /** @default 50 */
  readonly addresses?: number;
  /** @default 20 */
  readonly devicesPerAddress?: number;
  /** @default INFOMANIAK_MAIL_HOSTING_ID, else the sandbox's 1234567 */
  readonly mailHostingId?: number;
  /** @default 60 */
  readonly requestsPerMinute?: number;
}

/** The sandbox's users, given devices in turn (one device in four has no user). */
const USERS = [100001, 100002, 100003];

export class LargeOrgStack extends TerraformStack {
  public readonly addressCount: number;
  public readonly deviceCount: number;

  public constructor(scope: Construct, id: string, props: LargeOrgProps = {}) {
    super(scope, id);
    if (props.stateFile) new LocalBackend(this, { path: props.stateFile });
    const addresses = props.addresses ?? 50;
    const perAddress = props.devicesPerAddress ?? 20;
    const service = new MailService(this, 'mail', {
      mailHostingId: props.mailHostingId ?? Number(process.env.INFOMANIAK_MAIL_HOSTING_ID ?? 1234567),
      requestsPerMinute: props.requestsPerMinute,
    });
    for (let a = 1; a <= addresses; a++) {
      const name = `team-${String(a).padStart(2, '0')}`;
      const mailbox = service.mailbox(name);
      for (let d = 1; d <= perAddress; d++) {
        const n = a * perAddress + d;
        mailbox.addDevice(`device-${String(d).padStart(2, '0')}`, {
          label: `Device ${d} of ${name}`,
          user: n % 4 === 0 ? undefined : USERS[n % USERS.length],
          type: deviceTypes[n % deviceTypes.length],
          protocols: deviceProtocols[n % deviceProtocols.length],
          rotation: (n % 2 === 0
            ? Rotation.every(Duration.days(90))
            : Rotation.onChange({ generation: '1' })
          ).andWhenFlagged(),
        });
      }
      mailbox.exclusive({ devices: true, users: false });
    }
    this.addressCount = addresses;
    this.deviceCount = addresses * perAddress;
  }
}

if (require.main === module) {
  const app = new App();
  new LargeOrgStack(app, 'large-org');
  app.synth();
}
