/**
 * `MailService`: an Infomaniak Mail Service (a `mail_hosting_id`), the root of the L2
 * constructs. It finds or creates the `infomaniakmail` provider configuration of its stack,
 * and hands out one `Mailbox` per address.
 */
import { TerraformStack, Token } from 'cdktf';
import { Construct } from 'constructs';
import { InfomaniakmailProvider } from './generated/provider';
import type { IMailService } from './imailbox';
import { installProviderAtSynth } from './implied-mirror';
import { Mailbox, type MailboxOptions } from './mailbox';

export interface MailServiceProps {
  /**
   * Id of the Mail Service: the number after `/mail/` in the Infomaniak Manager URL.
   */
  readonly mailHostingId: number;

  /**
   * The provider configuration to manage this service with. Pass one to use several API
   * tokens in one stack, or a token from a sensitive `TerraformVariable`.
   *
   * @default - one `infomaniakmail` provider per stack, shared by every MailService in it, with
   *   `endpoint` and `requestsPerMinute` below; the token comes from `INFOMANIAK_TOKEN`
   */
  readonly provider?: InfomaniakmailProvider;

  /**
   * Base URL of the API, for the default provider.
   *
   * @default - `INFOMANIAK_ENDPOINT` at plan time, else https://api.infomaniak.com
   */
  readonly endpoint?: string;

  /**
   * Client-side API request limit per minute, for the default provider.
   *
   * @default 60 (the API's limit per token)
   */
  readonly requestsPerMinute?: number;

  /**
   * Public keys every device password and invitation link is encrypted to before it reaches
   * state (age X25519 recipients `age1…`, or armored OpenPGP public keys; one kind), for the
   * default provider. State, plans and logs then hold only ciphertext, and `exportPassword`
   * exports the ciphertext, which `infomaniak-mail decrypt --identity KEY` opens. Changing
   * the list regenerates every device password that inherits it: list every key you will
   * need from the start (a team key and a break-glass key), or set extra ones per device.
   *
   * @default - no encryption: passwords are kept in sensitive attributes
   */
  readonly secretRecipients?: string[];

  /**
   * Write this package's provider into the synthesized stack directory
   * (`terraform.d/plugins`), so `terraform init` there, or `cdktf deploy`, installs it
   * offline with no CLI configuration.
   *
   * @default true
   */
  readonly installProvider?: boolean;
}

/** The id of the provider configuration a MailService creates in its stack. */
const DEFAULT_PROVIDER_ID = 'infomaniakmail';

export class MailService extends Construct implements IMailService {
  /** The Mail Service id. */
  public readonly mailHostingId: number;
  /** The provider configuration every resource of this service uses. */
  public readonly provider: InfomaniakmailProvider;

  private readonly mailboxes = new Map<string, Mailbox>();

  public constructor(scope: Construct, id: string, props: MailServiceProps) {
    super(scope, id);
    if (
      !Token.isUnresolved(props.mailHostingId) &&
      !(Number.isInteger(props.mailHostingId) && props.mailHostingId > 0)
    )
      throw new Error(
        `MailService "${id}": mailHostingId must be a positive whole number (the number after /mail/ in the ` +
          `Infomaniak Manager URL), got ${String(props.mailHostingId)}.`,
      );
    if (
      props.provider &&
      (props.endpoint !== undefined ||
        props.requestsPerMinute !== undefined ||
        props.secretRecipients !== undefined)
    )
      throw new Error(
        `MailService "${id}": endpoint, requestsPerMinute and secretRecipients configure the default provider; ` +
          'with an explicit "provider", set them on that provider instead.',
      );
    this.mailHostingId = props.mailHostingId;
    this.provider = props.provider ?? defaultProvider(this, props);
    if (props.installProvider ?? true) installProviderAtSynth(this.provider);
  }

  /**
   * The address `mailboxName@<domain of the service>`: adopted when it exists, created
   * (without a password) when it does not. Calling it again with the same name returns the
   * same Mailbox.
   *
   * @param mailboxName the local part, e.g. `contact` for contact@example.ch
   */
  public mailbox(mailboxName: string, options: MailboxOptions = {}): Mailbox {
    const existing = this.mailboxes.get(mailboxName);
    if (existing) {
      if (Object.keys(options).length > 0)
        throw new Error(
          `MailService "${this.node.id}": mailbox "${mailboxName}" was already declared; pass its options ` +
            'the first time only, then reuse the returned Mailbox.',
        );
      return existing;
    }
    const mailbox = new Mailbox(this, mailboxName, { ...options, service: this, mailboxName });
    this.mailboxes.set(mailboxName, mailbox);
    return mailbox;
  }

  /** The keys the provider of this service encrypts secrets to; undefined when it sets none. */
  public get secretRecipients(): readonly string[] | undefined {
    return this.provider.secretRecipients;
  }

  /** Every Mailbox declared on this service so far. */
  public get declaredMailboxes(): readonly Mailbox[] {
    return [...this.mailboxes.values()];
  }
}

function defaultProvider(service: MailService, props: MailServiceProps): InfomaniakmailProvider {
  const stack = TerraformStack.of(service);
  // A provider configuration without alias declared at the top of the stack is the default one:
  // reuse it, as terraform allows only one.
  const found =
    stack.node.children.find((c) => c instanceof InfomaniakmailProvider && c.alias === undefined) ??
    stack.node.tryFindChild(DEFAULT_PROVIDER_ID);
  if (found instanceof InfomaniakmailProvider) {
    const differs =
      (props.endpoint !== undefined && props.endpoint !== found.endpointInput) ||
      (props.requestsPerMinute !== undefined && props.requestsPerMinute !== found.requestsPerMinuteInput) ||
      (props.secretRecipients !== undefined &&
        JSON.stringify(props.secretRecipients) !== JSON.stringify(found.secretRecipients));
    if (differs)
      throw new Error(
        `MailService "${service.node.id}": another MailService of this stack already configured the default ` +
          'provider with a different endpoint, requestsPerMinute or secretRecipients. Create an ' +
          'InfomaniakmailProvider with an alias and pass it as "provider".',
      );
    return found;
  }
  if (found)
    throw new Error(
      `MailService "${service.node.id}": the id "${DEFAULT_PROVIDER_ID}" at the top of the stack is taken by ` +
        'something else; pass the provider explicitly.',
    );
  return new InfomaniakmailProvider(stack, DEFAULT_PROVIDER_ID, {
    endpoint: props.endpoint,
    requestsPerMinute: props.requestsPerMinute,
    secretRecipients: props.secretRecipients,
  });
}
