/**
 * Serving a ProviderServer to terraform: handshake, mutual TLS, gRPC services,
 * and a clean exit.
 *
 * Lifetime, as terraform drives it:
 * - terraform starts the process, reads one line from stdout, connects;
 * - when done it calls GRPCController.Shutdown, waits about two seconds for the
 *   process to exit, then kills it;
 * - on Ctrl-C the terminal sends SIGINT to the whole process group, provider
 *   included. terraform itself then calls StopProvider and, once its running
 *   operations have wound down (and state is saved), Shutdown. Exiting on that
 *   first SIGINT would cut terraform off in the middle of recording what was
 *   applied, so we keep serving; go-plugin servers ignore SIGINT entirely. To
 *   not linger when nobody comes back, we exit once no call has been in flight
 *   for `interruptIdleMs`, and at once on a second SIGINT.
 * - SIGTERM (and SIGHUP) end the server: in-flight calls get `shutdownGraceMs`
 *   to finish, then their AbortSignals fire.
 */
import * as grpc from '@grpc/grpc-js';
import { CallRegistry } from './calls';
import {
  formatHandshakeLine,
  HandshakeError,
  isLaunchedByTerraform,
  negotiateProtocolVersion,
  notLaunchedByTerraformMessage,
} from './handshake';
import { guardEarlyInterrupts, takeEarlyInterrupts } from './interrupt-guard';
import { applySocketGroup, planListen, type ListenPlan } from './listen';
import { createLogger, logLevelFromEnv, redact, redirectConsoleToLogger, type Logger } from './log';
import {
  brokerHandlers,
  controllerHandlers,
  healthHandlers,
  stdioHandlers,
  StreamSet,
  type PluginServiceOptions,
} from './plugin-services';
import { loadProtocolDefinitions } from './proto-loader';
import { providerHandlers } from './provider-service';
import type { ProviderServer } from './server';
import { createServerCertificate, parseClientCertificate, type ClientCertificate } from './tls';

export interface ServeOptions {
  /** Environment to read go-plugin's variables from (default process.env). */
  readonly env?: NodeJS.ProcessEnv;
  /** Provider type name, e.g. "infomaniakmail": selects TF_LOG_PROVIDER_<NAME>. */
  readonly name?: string;
  /** Logger for protocol events; by default hclog JSON lines on stderr at terraform's level. */
  readonly logger?: Logger;
  /** Where the handshake line goes (default stdout). Nothing else is ever written there. */
  readonly writeHandshake?: (line: string) => void;
  /** Send console.* and stray stdout writes to the logger after the handshake (default true). */
  readonly redirectConsole?: boolean;
  /** Install SIGINT/SIGTERM/SIGHUP handlers (default true). */
  readonly handleSignals?: boolean;
  /** Exit when the parent process (terraform) disappears (default true). */
  readonly watchParent?: boolean;
  /** How long SIGTERM lets in-flight calls finish before aborting them (default 5000). */
  readonly shutdownGraceMs?: number;
  /** After a SIGINT, exit once no call has been in flight for this long (default 10000). */
  readonly interruptIdleMs?: number;
  /** Stops serving when aborted (embedding, tests). */
  readonly signal?: AbortSignal;
}

const GRPC_OPTIONS: grpc.ServerOptions = {
  // terraform's client allows messages up to 2 GiB; state of a large resource can exceed the 4 MiB default.
  'grpc.max_receive_message_length': -1,
  'grpc.max_send_message_length': -1,
  // channelz (gRPC's introspection service) is never served here; its per-call bookkeeping is pure cost.
  'grpc.enable_channelz': 0,
};

/**
 * Serves until terraform shuts the provider down (or a signal / `opts.signal`
 * ends it), then resolves. Throws HandshakeError when not started by terraform
 * or when no common protocol version exists; the caller reports and exits 1.
 */
export async function serve(server: ProviderServer, opts: ServeOptions = {}): Promise<void> {
  const env = opts.env ?? process.env;
  if (!isLaunchedByTerraform(env)) throw new HandshakeError(notLaunchedByTerraformMessage());
  const protocolVersion = negotiateProtocolVersion(env);
  const logger = opts.logger ?? createLogger({ level: logLevelFromEnv(env, opts.name) });
  const log = logger.named('protocol');

  // ---- transport security
  let clientCert: ClientCertificate | undefined;
  let credentials = grpc.ServerCredentials.createInsecure();
  let serverCertDer: Uint8Array | undefined;
  const clientPem = env.PLUGIN_CLIENT_CERT;
  if (env.TF_DISABLE_PLUGIN_TLS) {
    log.warn('TLS disabled by TF_DISABLE_PLUGIN_TLS');
  } else if (clientPem) {
    clientCert = parseClientCertificate(clientPem);
    const cert = await createServerCertificate();
    serverCertDer = cert.der;
    // The client's own certificate is the only trusted root, and a client
    // certificate is required: only the process holding terraform's key gets in.
    // The TLS handshake enforces this once per connection, so calls need no check.
    credentials = grpc.ServerCredentials.createSsl(
      Buffer.from(clientCert.pem),
      [{ private_key: Buffer.from(cert.keyPem), cert_chain: Buffer.from(cert.certPem) }],
      true,
    );
    log.debug('Configured automatic mutual TLS');
  } else {
    log.warn('No PLUGIN_CLIENT_CERT: serving without TLS');
  }

  // ---- services
  const defs = loadProtocolDefinitions();
  const calls = new CallRegistry();
  const streams = new StreamSet();
  const grpcServer = new grpc.Server(GRPC_OPTIONS);
  let requestShutdown: (reason: string, graceMs: number) => void = () => undefined;
  const pluginOpts: PluginServiceOptions = {
    logger: log,
    streams,
    onShutdown: () => requestShutdown('terraform requested shutdown', 0),
  };
  const provider = providerHandlers(defs.provider, { server, logger: log, calls });
  grpcServer.addService(provider.service, provider.handlers);
  grpcServer.addService(defs.controller, controllerHandlers(pluginOpts));
  grpcServer.addService(defs.stdio, stdioHandlers(pluginOpts));
  grpcServer.addService(defs.broker, brokerHandlers(pluginOpts));
  grpcServer.addService(defs.health, healthHandlers(pluginOpts));

  // ---- listen
  const plan = planListen(env);
  let address: string;
  try {
    address = await bind(grpcServer, plan, credentials);
    if (plan.network === 'unix') applySocketGroup(address, env);
  } catch (err) {
    plan.cleanup();
    grpcServer.forceShutdown();
    throw err;
  }
  log.debug('plugin address', { network: plan.network, address });

  // ---- lifecycle
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  const disposers: Array<() => void> = [];
  let closing = false;

  requestShutdown = (reason: string, graceMs: number): void => {
    if (closing) return;
    closing = true;
    log.debug('Shutting down', { reason, in_flight_calls: calls.size });
    void close(graceMs).finally(finished);
  };

  const close = async (graceMs: number): Promise<void> => {
    streams.endAll();
    const graceful = new Promise<void>((resolve) => grpcServer.tryShutdown(() => resolve()));
    if (graceMs > 0 && !(await settlesWithin(graceful, graceMs))) {
      log.warn('In-flight calls did not finish in time; aborting them', { in_flight_calls: calls.size });
    }
    // Whatever still runs is told to stop, and gets a moment to answer.
    calls.abortAll();
    if (!(await settlesWithin(graceful, 1000))) grpcServer.forceShutdown();
    for (const d of disposers.splice(0)) d();
    plan.cleanup();
    log.debug('Server stopped');
  };

  if (opts.handleSignals !== false) {
    let interrupts = 0;
    let idleWatch: NodeJS.Timeout | undefined;
    const idleLimit = opts.interruptIdleMs ?? 10_000;
    const onInterrupt = (): void => {
      interrupts += 1;
      if (interrupts > 1) return requestShutdown('second interrupt', 1000);
      log.info('Interrupt received; waiting for terraform to finish and shut the provider down');
      idleWatch = setInterval(
        () => {
          if (calls.idleFor() >= idleLimit) requestShutdown('interrupted and idle', 0);
        },
        Math.min(500, idleLimit),
      );
      idleWatch.unref();
    };
    const onTerminate = (signal: NodeJS.Signals): void =>
      requestShutdown(signal, opts.shutdownGraceMs ?? 5000);
    process.on('SIGINT', onInterrupt);
    process.on('SIGTERM', onTerminate);
    process.on('SIGHUP', onTerminate);
    for (let i = takeEarlyInterrupts(); i > 0; i--) onInterrupt();
    disposers.push(() => {
      process.removeListener('SIGINT', onInterrupt);
      process.removeListener('SIGTERM', onTerminate);
      process.removeListener('SIGHUP', onTerminate);
      if (idleWatch) clearInterval(idleWatch);
    });
  }

  if (opts.watchParent !== false && process.platform !== 'win32') {
    // An orphaned provider (terraform killed with SIGKILL) would otherwise live forever.
    const parent = process.ppid;
    const timer = setInterval(() => {
      if (process.ppid !== parent) requestShutdown('terraform is gone', 0);
    }, 1000);
    timer.unref();
    disposers.push(() => clearInterval(timer));
  }

  if (opts.signal) {
    const onAbort = (): void =>
      requestShutdown('aborted by the embedding program', opts.shutdownGraceMs ?? 5000);
    if (opts.signal.aborted) onAbort();
    else opts.signal.addEventListener('abort', onAbort, { once: true });
    disposers.push(() => opts.signal?.removeEventListener('abort', onAbort));
  }

  // ---- handshake: the one and only thing on stdout
  const line = formatHandshakeLine({ network: plan.network, address, serverCertDer, protocolVersion });
  if (opts.writeHandshake) opts.writeHandshake(line);
  else process.stdout.write(line);
  if (opts.redirectConsole !== false) disposers.push(redirectConsoleToLogger(logger));

  await done;
}

async function bind(
  server: grpc.Server,
  plan: ListenPlan,
  credentials: grpc.ServerCredentials,
): Promise<string> {
  let lastError: unknown;
  for (const target of plan.bindAddresses) {
    try {
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync(target, credentials, (err, p) => (err ? reject(err) : resolve(p))),
      );
      if (target.startsWith('unix:')) return target.slice('unix:'.length);
      return `127.0.0.1:${port}`;
    } catch (err) {
      lastError = err;
    }
  }
  throw new Error(
    `could not listen for terraform: ${lastError instanceof Error ? lastError.message : String(lastError)}`,
  );
}

function settlesWithin(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    void p.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export interface RunProviderOptions extends ServeOptions {
  /** Shown in the "not launched by terraform" sentence, e.g. "terraform-provider-infomaniakmail". */
  readonly executableName?: string;
}

/**
 * The whole life of a provider executable: refuse politely when run by hand,
 * serve, exit 0 when terraform is done, exit 1 on a start-up failure. For main.ts.
 */
export async function runProvider(server: ProviderServer, opts: RunProviderOptions = {}): Promise<never> {
  guardEarlyInterrupts();
  const env = opts.env ?? process.env;
  if (!isLaunchedByTerraform(env)) {
    process.stderr.write(`${notLaunchedByTerraformMessage(opts.executableName)}\n`);
    process.exit(1);
  }
  const logger = opts.logger ?? createLogger({ level: logLevelFromEnv(env, opts.name) });
  // A stray rejection or exception in provider code must not kill the process
  // while terraform is mid-apply: the state of what was already done would be
  // lost. Log it (redacted) and keep serving; the RPC concerned has its own
  // error handling.
  process.on('unhandledRejection', (reason) => {
    logger.error('Unhandled promise rejection in the provider', { error: describe(reason) });
  });
  process.on('uncaughtException', (err) => {
    logger.error('Uncaught exception in the provider', { error: describe(err) });
    if (err.stack) logger.debug('Stack of the exception', { stack: err.stack });
  });
  try {
    await serve(server, { ...opts, env, logger });
  } catch (err) {
    const message =
      err instanceof HandshakeError ? err.message : `Could not start the provider: ${describe(err)}`;
    process.stderr.write(`${redact(message)}\n`);
    process.exit(1);
  }
  process.exit(0);
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
