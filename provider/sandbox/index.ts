/**
 * The sandbox: a local emulator of the Infomaniak Mail API (DESIGN.md §5, §8).
 *
 *   const sandbox = await startSandbox({ port: 0, testHooks: true });
 *   // sandbox.url, sandbox.tokens.admin, sandbox.mailHostingId ...
 *   await sandbox.close();
 */
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { endpoints } from './endpoints';
import { Faults } from './faults';
import { DEFAULT_FAULT_SEED, seededRandom } from './random';
import {
  DataFilePersistence,
  inMemoryPersistence,
  readDataFile,
  removeStaleTempFiles,
  type Persistence,
} from './persistence';
import { RequestLog } from './requests';
import { EndpointTable } from './router';
import { loadSeed } from './seed';
import { createSandboxServer } from './server';
import { cloneState } from './state';
import { Store } from './store';

export * from './seed';
export * from './hooks-wire';
export { SandboxHooksClient } from './hooks-client';

/** The port the command line uses when none is given. */
export const DEFAULT_SANDBOX_PORT = 4587;

export interface SandboxOptions {
  /** 0 (the default here) picks any free port. */
  port?: number;
  /** Loopback only: the sandbox's tokens are public, so it must never be reachable from the network. */
  host?: string;
  /** Persist state in this JSON file (atomic writes); without it, state lives in memory. */
  dataFile?: string;
  /** Start from this seed (the data-file format) instead of the default one. */
  seedFile?: string;
  /** Serve /__sandbox/ hooks: verify, invitation accept, device status, request counts, faults, clock, reset. */
  testHooks?: boolean;
  /** One line per request (method, route template, status); nothing secret. */
  log?: (line: string) => void;
  /** The clock, in milliseconds (invitation expiry, timestamps, request log). */
  now?: () => number;
  /** Seed of the PRNG that decides which requests a fault with `rate` < 1 hits. */
  faultSeed?: number;
}

export interface RunningSandbox {
  url: string;
  mailHostingId: number;
  domain: string;
  tokens: { admin: string; readonly: string };
  close(): Promise<void>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);
/** How long close() lets requests in flight finish before cutting connections. */
const CLOSE_GRACE_MS = 2000;

export async function startSandbox(opts: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = opts.host ?? '127.0.0.1';
  if (!LOOPBACK_HOSTS.has(host)) {
    throw new Error(`the sandbox listens on loopback only (127.0.0.1, ::1, localhost), not on ${host}`);
  }
  const seed = await loadSeed(opts.seedFile);
  const now = opts.now ?? Date.now;

  let store: Store;
  let persistence: Persistence = inMemoryPersistence;
  if (opts.dataFile) {
    const file = path.resolve(opts.dataFile);
    await removeStaleTempFiles(file);
    const existing = await readDataFile(file);
    store = new Store(seed, existing ?? cloneState(seed), now);
    persistence = new DataFilePersistence(file, () => store.state);
    // Write at once: a fresh data file then shows the seed, and an unwritable path fails now, not mid-demo.
    if (!existing) await persistence.commit();
  } else {
    store = new Store(seed, cloneState(seed), now);
  }

  const faultSeed = opts.faultSeed ?? DEFAULT_FAULT_SEED;
  let baseUrl = '';
  const server = createSandboxServer({
    store,
    persistence,
    faults: new Faults(() => seededRandom(faultSeed)),
    requests: new RequestLog(),
    endpoints: new EndpointTable(endpoints),
    testHooks: opts.testHooks ?? false,
    log: opts.log,
    baseUrl: () => baseUrl,
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostPart =
    address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
  baseUrl = `http://${hostPart}:${address.port}`;

  const first = store.state.hostings[0];
  const tokenOf = (rights: 'admin' | 'readonly') =>
    store.state.tokens.find((t) => t.rights === rights)?.token ?? '';

  let closing: Promise<void> | undefined;
  return {
    url: baseUrl,
    mailHostingId: first.id,
    domain: first.domain,
    tokens: { admin: tokenOf('admin'), readonly: tokenOf('readonly') },
    close: () => {
      closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
        await closed;
        clearTimeout(timer);
        await persistence.flush();
      })();
      return closing;
    },
  };
}
