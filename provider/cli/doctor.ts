/**
 * `infomaniak-mail doctor`: a first contact with a real account. Read-only (GET only):
 * it checks, in order, that the token is accepted, that a Mail Service and one of its
 * addresses are visible, that device and user accesses are enabled for it, and which
 * rights the token lacks, and says what to do. Exit 0 when nothing blocks, 1 when
 * something does, 2 on bad usage. The token is never printed (errors never hold it).
 */
import { parseArgs } from 'node:util';
import {
  DEFAULT_ENDPOINT,
  ForbiddenError,
  MISSING_RIGHT_HELP,
  MailClient,
  type MailClientOptions,
  MailApiError,
  NotImplementedError,
  UnauthorizedError,
  type Address,
  type MailService,
  type MailboxAccessRights,
  type MailboxRef,
} from '../infomaniak';
import { UsageError, withUsageErrors, type CliIO, type Command } from './command';

const TOKEN_PAGE = 'https://manager.infomaniak.com/v3/ng/accounts/token/list';

const help = `Usage: infomaniak-mail doctor [--mail-hosting-id N] [--json]

Checks, without changing anything (GET requests only), that the provider can work
with your Infomaniak account, and says what to do when it cannot:
  token      the token is accepted
  service    a Mail Service is visible (with --mail-hosting-id, that one)
  address    one of its addresses is visible
  accesses   device and user accesses are enabled for it
  rights     the token's user may manage devices and user accesses

Environment:
  INFOMANIAK_TOKEN     API token with the "mail" scope (required; never printed)
  INFOMANIAK_ENDPOINT  API endpoint (default ${DEFAULT_ENDPOINT})

Options:
  --mail-hosting-id N  check this Mail Service (default: the first one visible)
  --json               print one JSON object instead of lines
  -h, --help           show this help

Exit status: 0 nothing blocks, 1 something blocks, 2 bad usage.
`;

const options = {
  'mail-hosting-id': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CheckName = 'token' | 'service' | 'address' | 'accesses' | 'rights';
export type CheckStatus = 'ok' | 'problem' | 'skipped';

export interface CheckResult {
  readonly name: CheckName;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** What to do, for a problem. */
  readonly action?: string;
}

/** The flags this provider needs: without them devices or user accesses cannot be managed. */
const NEEDED_RIGHTS: readonly (keyof MailboxAccessRights)[] = [
  'can_create_device',
  'can_create_webmail_access',
  'can_list_users',
];

export interface DoctorOptions {
  readonly hosting?: number;
  /** Extra client options (tests: retries, timeouts). */
  readonly client?: Partial<MailClientOptions>;
}

/** Runs the checks in order; a check whose prerequisite failed is skipped. */
export async function runChecks(
  token: string,
  endpoint: string,
  options: DoctorOptions = {},
): Promise<CheckResult[]> {
  const client = new MailClient({
    token,
    endpoint,
    retry: { maxAttempts: 2 },
    timeoutMs: 20_000,
    ...options.client,
  });
  const results: CheckResult[] = [];
  const skipRest = (from: CheckName[]) => {
    for (const name of from) results.push({ name, status: 'skipped', detail: 'not checked (see above)' });
  };
  try {
    let services: MailService[];
    try {
      services = await client.organisation.mailServices();
      results.push({ name: 'token', status: 'ok', detail: 'the token is accepted' });
    } catch (error) {
      results.push(tokenProblem(error));
      skipRest(['service', 'address', 'accesses', 'rights']);
      return results;
    }

    const service =
      options.hosting === undefined ? services[0] : services.find((s) => s.id === options.hosting);
    if (!service) {
      results.push(
        options.hosting === undefined
          ? {
              name: 'service',
              status: 'problem',
              detail: 'the token sees no Mail Service',
              action:
                'use a token of a user of the Organisation that owns the Mail Service; ' + MISSING_RIGHT_HELP,
            }
          : {
              name: 'service',
              status: 'problem',
              detail: `Mail Service ${options.hosting} is not visible to this token (visible: ${
                services.map((s) => s.id).join(', ') || 'none'
              })`,
              action:
                'check the mail hosting id (Manager > Mail Service, in the URL), or use a token of its Organisation',
            },
      );
      skipRest(['address', 'accesses', 'rights']);
      return results;
    }
    results.push({
      name: 'service',
      status: 'ok',
      detail:
        `Mail Service ${service.id} (${service.name}) is visible` +
        (options.hosting === undefined && services.length > 1
          ? `; ${services.length} are, use --mail-hosting-id to check another`
          : ''),
    });

    let address: Address | undefined;
    try {
      [address] = await client.mailboxes.list(service.id, { perPage: 1, maxPages: 1 });
    } catch (error) {
      results.push(apiProblem('address', error, 'listing its addresses'));
      skipRest(['accesses', 'rights']);
      return results;
    }
    if (!address) {
      results.push({
        name: 'address',
        status: 'problem',
        detail: `Mail Service ${service.id} has no address yet`,
        action: 'create one (Manager, or an infomaniakmail_address resource), then run doctor again',
      });
      skipRest(['accesses', 'rights']);
      return results;
    }
    results.push({ name: 'address', status: 'ok', detail: `address ${address.email} is visible` });

    const ref: MailboxRef = { hosting: service.id, mailbox: address.mailboxName };
    const denied: string[] = [];
    const accesses = await checkAccesses(client, ref, denied);
    results.push(accesses);
    if (accesses.status === 'problem' && !denied.length) {
      skipRest(['rights']);
      return results;
    }
    results.push(await checkRights(client, ref, denied));
    return results;
  } finally {
    await client.close();
  }
}

async function checkAccesses(client: MailClient, ref: MailboxRef, denied: string[]): Promise<CheckResult> {
  const peek = { perPage: 1, maxPages: 1 };
  for (const [what, read] of [
    ['device accesses', () => client.devices.list(ref, peek)],
    ['user accesses', () => client.webmail.list(ref, peek)],
  ] as const) {
    try {
      await read();
    } catch (error) {
      if (error instanceof NotImplementedError) {
        return {
          name: 'accesses',
          status: 'problem',
          detail: `Mail Service ${ref.hosting} is not yet enabled for device and user accesses (501)`,
          action:
            'nothing to fix on your side: Infomaniak enables accounts gradually; run doctor again later',
        };
      }
      if (error instanceof ForbiddenError) {
        denied.push(`reading ${what}`);
        continue;
      }
      return apiProblem('accesses', error, `reading ${what}`);
    }
  }
  return denied.length
    ? {
        name: 'accesses',
        status: 'problem',
        detail: `refused (403): ${denied.join(', ')}`,
        action: MISSING_RIGHT_HELP,
      }
    : { name: 'accesses', status: 'ok', detail: 'device and user accesses are enabled' };
}

async function checkRights(
  client: MailClient,
  ref: MailboxRef,
  denied: readonly string[],
): Promise<CheckResult> {
  let rights: MailboxAccessRights | undefined;
  try {
    rights = (await client.mailboxes.show(ref)).accessRights;
  } catch (error) {
    return apiProblem('rights', error, 'reading the address');
  }
  const falseFlags = Object.entries(rights ?? {})
    .filter(([, value]) => value === false)
    .map(([flag]) => flag);
  const missing = NEEDED_RIGHTS.filter((flag) => rights?.[flag] === false);
  const others = falseFlags.filter((flag) => !missing.includes(flag as keyof MailboxAccessRights));
  const notNeeded = others.length ? ` (also false, not needed by the provider: ${others.join(', ')})` : '';
  if (missing.length || denied.length) {
    return {
      name: 'rights',
      status: 'problem',
      detail:
        [
          missing.length ? `on ${ref.mailbox} the token's user lacks ${missing.join(', ')}` : '',
          denied.length ? `refused (403): ${denied.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ') + notNeeded,
      action: MISSING_RIGHT_HELP,
    };
  }
  if (rights === undefined) {
    return { name: 'rights', status: 'ok', detail: 'the service did not list access_rights; no 403 seen' };
  }
  return {
    name: 'rights',
    status: 'ok',
    detail: `the token's user may manage devices and user accesses${notNeeded}`,
  };
}

function tokenProblem(error: unknown): CheckResult {
  if (error instanceof UnauthorizedError) {
    return {
      name: 'token',
      status: 'problem',
      detail: 'the token was refused (401): invalid, expired, revoked, or without the "mail" scope',
      action: `create a token with the "mail" scope at ${TOKEN_PAGE} and set INFOMANIAK_TOKEN to it`,
    };
  }
  return apiProblem('token', error, 'reading the Mail Services');
}

function apiProblem(name: CheckName, error: unknown, doing: string): CheckResult {
  if (error instanceof ForbiddenError) {
    return { name, status: 'problem', detail: `refused (403) while ${doing}`, action: MISSING_RIGHT_HELP };
  }
  if (error instanceof MailApiError) {
    return {
      name,
      status: 'problem',
      detail: `${doing} failed: ${error.message}`,
      action:
        error.kind === 'connection' || error.kind === 'timeout'
          ? 'check INFOMANIAK_ENDPOINT and the network, then run doctor again'
          : 'run doctor again; if it persists, see https://infomaniakstatus.com',
    };
  }
  throw error;
}

function parseHosting(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^[1-9][0-9]{0,14}$/.test(raw)) {
    throw new UsageError(`--mail-hosting-id must be a positive whole number, not "${raw}"`);
  }
  return Number(raw);
}

function formatLines(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results
    .map((r) => {
      const mark = r.status === 'ok' ? 'ok     ' : r.status === 'problem' ? 'problem' : 'skipped';
      return `${mark}  ${r.name.padEnd(width)}  ${r.detail}${r.action ? `\n${' '.repeat(11 + width)}→ ${r.action}` : ''}`;
    })
    .join('\n')
    .concat('\n');
}

export function makeDoctorCommand(
  env: NodeJS.ProcessEnv = process.env,
  clientOptions: Partial<MailClientOptions> = {},
): Command {
  return {
    name: 'doctor',
    summary: 'check a token and a Mail Service against the real API (read-only)',
    help,
    async run(argv: string[], io: CliIO): Promise<number> {
      const { values } = withUsageErrors('doctor', () =>
        parseArgs({ args: argv, options, allowPositionals: false, strict: true }),
      );
      if (values.help) {
        io.stdout(help);
        return 0;
      }
      const hosting = parseHosting(values['mail-hosting-id']);
      const token = env.INFOMANIAK_TOKEN?.trim();
      if (!token) {
        throw new UsageError(
          `INFOMANIAK_TOKEN is not set: create a token with the "mail" scope at ${TOKEN_PAGE} and export it`,
        );
      }
      const endpoint = env.INFOMANIAK_ENDPOINT?.trim() || DEFAULT_ENDPOINT;
      let results: CheckResult[];
      try {
        results = await runChecks(token, endpoint, { hosting, client: clientOptions });
      } catch (error) {
        // Bad endpoint or token format: the client's messages never echo the value.
        throw new UsageError((error as Error).message);
      }
      const blocked = results.some((r) => r.status === 'problem');
      if (values.json) {
        io.stdout(`${JSON.stringify({ ok: !blocked, endpoint, checks: results })}\n`);
      } else {
        io.stdout(formatLines(results));
        io.stdout(blocked ? 'Something blocks: see the → lines above.\n' : 'Nothing blocks.\n');
      }
      return blocked ? 1 : 0;
    },
  };
}

export const doctorCommand = makeDoctorCommand();
