/**
 * Shared set-up for the client ↔ sandbox integration tests: one sandbox per test
 * file (with test hooks), reset before each test, and clients that retry fast.
 */
import { MailClient, type MailClientOptions, routes, type RouteName } from '../../provider/infomaniak';
import {
  SANDBOX_PENDING_MAIL_HOSTING_ID,
  SANDBOX_PENDING_MAILBOX,
  SandboxHooksClient,
  startSandbox,
  type RunningSandbox,
} from '../../provider/sandbox';

export interface SandboxWorld {
  sandbox: RunningSandbox;
  hooks: SandboxHooksClient;
  /** A client with the admin token (or the options given); closed after each test. */
  client(options?: Partial<MailClientOptions>): MailClient;
  /** The seeded addresses. */
  demo: { hosting: number; mailbox: string };
  contact: { hosting: number; mailbox: string };
  legacy: { hosting: number; mailbox: string };
  /** `info@pas-encore.ch`: its Mail Service is not yet enabled for accesses (501). */
  pending: { hosting: number; mailbox: string };
  email(mailbox: string): string;
}

/** Registers beforeAll/afterAll/beforeEach/afterEach and returns the world they maintain. */
export function useSandbox(): SandboxWorld {
  const clients: MailClient[] = [];
  const world = {} as SandboxWorld;
  beforeAll(async () => {
    const sandbox = await startSandbox({ port: 0, testHooks: true });
    const hosting = sandbox.mailHostingId;
    Object.assign(world, {
      sandbox,
      hooks: new SandboxHooksClient(sandbox.url),
      demo: { hosting, mailbox: 'demonstration' },
      contact: { hosting, mailbox: 'contact' },
      legacy: { hosting, mailbox: 'ancien-compte' },
      pending: { hosting: SANDBOX_PENDING_MAIL_HOSTING_ID, mailbox: SANDBOX_PENDING_MAILBOX },
      email: (mailbox: string) => `${mailbox}@${sandbox.domain}`,
      client: (options: Partial<MailClientOptions> = {}) => {
        const client = new MailClient({
          token: sandbox.tokens.admin,
          endpoint: sandbox.url,
          requestsPerMinute: 60_000,
          burst: 1000,
          retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
          timeoutMs: 10_000,
          ...options,
        });
        clients.push(client);
        return client;
      },
    });
  });
  beforeEach(async () => {
    await world.hooks.reset();
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(async () => {
    await world.sandbox?.close();
  });
  return world;
}

/** The sandbox's request-count key of a route: "METHOD /1/mail_hostings/{hosting}/...". */
export function key(method: string, route: RouteName): string {
  return `${method} ${routes[route]}`;
}

/** Catches a rejection so a test can look at the error. */
export async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, it succeeded');
}
