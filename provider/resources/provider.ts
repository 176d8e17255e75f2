/**
 * The `infomaniakmail` provider: its configuration block and `configure`, which builds
 * the one Mail API client (and the per-run access cache) every resource and data
 * source of a run shares.
 */
import { attr, intRange, isUnknown, validator, type Diagnostics } from '../framework';
import type { MailApiLogger, MailClient, RequestLogEvent } from '../infomaniak';
import { newMailClient } from '../infomaniak/new-client';
import { DEFAULT_REQUESTS_PER_MINUTE } from '../infomaniak/rate-limit';
import { DEFAULT_ENDPOINT } from '../infomaniak/transport';
import { AccessCache } from './access-cache';
import { kit, type MailContext } from './context';
import {
  RecipientsCache,
  SECRET_RECIPIENTS,
  secretRecipientsAttribute,
  validateRecipients,
} from './secret-recipients';
import { dataSources, resources } from './index';

export const PROVIDER_TYPE_NAME = 'infomaniakmail';
export const ENDPOINT_ENV = 'INFOMANIAK_ENDPOINT';
export const TOKEN_ENV = 'INFOMANIAK_TOKEN';

/** The part of the protocol logger the provider uses (kept structural: resources do not import the protocol). */
export interface ProviderLog {
  debug(message: string, fields?: Readonly<Record<string, unknown>>): void;
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export interface MailProviderOptions {
  /** Where the client's request lines go (debug) and its warnings (warn). Default: nowhere. */
  readonly log?: ProviderLog;
  /** Environment to read INFOMANIAK_ENDPOINT and INFOMANIAK_TOKEN from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /**
   * Told the token in use, so the host's log redaction hides it. The framework only sees
   * a token written in configuration; one from INFOMANIAK_TOKEN reaches the provider here.
   */
  readonly registerSecret?: (secret: string) => void;
}

const attributes = {
  endpoint: attr.string({
    optional: true,
    description:
      'Base URL of the Infomaniak API. Defaults to the `INFOMANIAK_ENDPOINT` environment variable, ' +
      `then to \`${DEFAULT_ENDPOINT}\`. Point it at the local sandbox ` +
      '(`npx infomaniak-mail sandbox`) to try configurations without touching real mailboxes.',
    validators: [
      validator<string>('an http(s) URL', (value) => {
        if (!/^https?:\/\/[^\s/]+/i.test(value))
          return 'Must be an http(s) URL such as https://api.infomaniak.com.';
      }),
    ],
  }),
  token: attr.string({
    optional: true,
    sensitive: true,
    description:
      'API token with the `mail` scope, created in the Infomaniak Manager (Profile > Developer > API ' +
      'tokens). Defaults to the `INFOMANIAK_TOKEN` environment variable; prefer the variable so the ' +
      'token stays out of configuration files. The token is sensitive and never logged.',
  }),
  requests_per_minute: attr.int({
    optional: true,
    description:
      `Client-side limit of API requests per minute, shared by every resource of a run. Defaults to ` +
      `${DEFAULT_REQUESTS_PER_MINUTE}, the API's documented limit per token. Rate-limited (429) and ` +
      'failed (5xx) requests are retried with backoff inside this limit.',
    validators: [intRange(1, 1_000_000)],
  }),
  secret_recipients: secretRecipientsAttribute(
    'Public keys every secret the provider receives is encrypted to before it reaches state: device ' +
      'passwords (`encrypted_password`) and invitation links (`encrypted_invitation_url`). age X25519 ' +
      'recipients (`age1…`) or armored OpenPGP public keys, all of one kind, several at once (a team key ' +
      "and a break-glass key). A resource's own `secret_recipients` overrides this list; an empty list there " +
      'opts the resource out. Changing this list regenerates the password of every device that inherits ' +
      'it (the plan warns, and says how many): list every key from the start, or add one on the devices ' +
      'concerned only.',
  ),
};

const DESCRIPTION = [
  'Manages access to Infomaniak Mail addresses as code: the addresses themselves, the device passwords',
  'that IMAP/POP/SMTP clients use (created, regenerated and revoked one by one), who reads an address',
  'with their own Infomaniak login, and which devices and users an address may have at all.',
  '',
  'Passwords are shown by the API once, when a device access is created or regenerated; the provider keeps',
  'them only in sensitive attributes. Invitation links are sensitive too. With `secret_recipients` (age or',
  'OpenPGP public keys) it keeps neither: each is encrypted the moment the API answers, and state, plans',
  'and logs hold only the ciphertext, which `infomaniak-mail decrypt` opens for the key holders.',
  '',
  'Every Mail Service gets device and user accesses gradually; until Infomaniak enables one, its access',
  'routes answer 501 and the provider says so. `npx infomaniak-mail doctor` checks a token and a Mail',
  'Service before the first plan.',
].join('\n');

/** The provider definition; `options.log` receives the client's request lines at debug level. */
export function mailProvider(options: MailProviderOptions = {}) {
  const env = options.env ?? process.env;
  return kit.provider({
    typeName: PROVIDER_TYPE_NAME,
    schema: { description: DESCRIPTION, attributes },
    async validateConfig({ config, diagnostics }) {
      await validateRecipients(config.secret_recipients, diagnostics);
    },
    configure({ config, diagnostics }): MailContext {
      const settings = resolveSettings(config, env, diagnostics);
      if (!settings) return undefined as unknown as MailContext;
      options.registerSecret?.(settings.token);
      let client: MailClient;
      try {
        client = newMailClient({
          token: settings.token,
          endpoint: settings.endpoint,
          requestsPerMinute: settings.requestsPerMinute,
          logger: clientLogger(options.log),
        });
      } catch (error) {
        // The client's messages never echo the token or the endpoint's value.
        const message = (error as Error).message;
        const attribute = /endpoint/i.test(message)
          ? 'endpoint'
          : /token/i.test(message)
            ? 'token'
            : undefined;
        diagnostics.error('Invalid provider configuration', message, attribute);
        return undefined as unknown as MailContext;
      }
      return {
        client,
        cache: new AccessCache(client),
        recipients: new RecipientsCache(config.secret_recipients as readonly string[] | null),
      };
    },
    resources,
    dataSources,
  });
}

interface Settings {
  readonly endpoint: string;
  readonly token: string;
  readonly requestsPerMinute: number;
}

type ProviderConfig = {
  endpoint: unknown;
  token: unknown;
  requests_per_minute: unknown;
  secret_recipients?: unknown;
};

/** Configuration first, then the environment, then defaults; undefined (with diagnostics) when unusable. */
export function resolveSettings(
  config: ProviderConfig,
  env: NodeJS.ProcessEnv,
  diagnostics: Diagnostics,
): Settings | undefined {
  for (const name of ['endpoint', 'token', 'requests_per_minute', SECRET_RECIPIENTS] as const) {
    const value = config[name];
    if (isUnknown(value) || (Array.isArray(value) && value.some(isUnknown)))
      diagnostics.error(
        `The provider's "${name}" is not known yet`,
        `"${name}" depends on a value known only after apply. Set it from a variable or the environment ` +
          'instead, or apply the resources it depends on first (terraform apply -target=...).',
        name,
      );
  }
  if (diagnostics.hasErrors()) return undefined;
  const token = nonEmpty(config.token) ?? nonEmpty(env[TOKEN_ENV]);
  if (token === undefined) {
    diagnostics.error(
      'Missing Infomaniak API token',
      `Set the ${TOKEN_ENV} environment variable (recommended) or "token" in the provider "${PROVIDER_TYPE_NAME}" ` +
        'block to an API token with the "mail" scope. Create one in the Infomaniak Manager under ' +
        'Profile > Developer > API tokens. For the local sandbox, use the admin token it prints.',
      'token',
    );
    return undefined;
  }
  const endpoint = nonEmpty(config.endpoint) ?? nonEmpty(env[ENDPOINT_ENV]) ?? DEFAULT_ENDPOINT;
  const rpm = typeof config.requests_per_minute === 'number' ? config.requests_per_minute : undefined;
  return { token, endpoint, requestsPerMinute: rpm ?? DEFAULT_REQUESTS_PER_MINUTE };
}

function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The client's log hook on the provider's logger: request lines (never secrets) at debug. */
function clientLogger(log: ProviderLog | undefined): MailApiLogger | undefined {
  if (!log) return undefined;
  return {
    debug: (line: string, event: RequestLogEvent) =>
      log.debug(line, {
        method: event.method,
        route: event.route,
        status: event.status ?? null,
        duration_ms: Math.round(event.durationMs),
        attempt: event.attempt,
        outcome: event.outcome,
      }),
    warn: (line: string) => log.warn(line),
  };
}
