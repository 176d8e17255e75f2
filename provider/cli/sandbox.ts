/**
 * `infomaniak-mail sandbox`: run the local Mail API emulator until SIGINT/SIGTERM
 * (DESIGN.md §8). With --json the first stdout line is the machine-readable
 * handle scripts wait for; everything else goes to stderr.
 */
import { DEFAULT_SANDBOX_PORT, DEFAULT_SEED, startSandbox, type RunningSandbox } from '../sandbox';
import { parseArgs } from 'node:util';
import { UsageError, withUsageErrors, type CliIO, type Command } from './command';

const help = `Usage: infomaniak-mail sandbox [options]

Runs a local emulator of the Infomaniak Mail API on 127.0.0.1 until Ctrl+C
(SIGINT) or SIGTERM. Point the provider at it with endpoint = the printed url
and token = the printed admin token.

Options:
  --port N       port to listen on (default ${DEFAULT_SANDBOX_PORT}; 0 = any free port)
  --data FILE    keep state in FILE (created from the seed when missing; atomic
                 writes). Without it, state lives in memory only.
  --seed FILE    start from this seed (JSON, the --print-seed format) instead of
                 the default one
  --test-hooks   serve /__sandbox/ routes: verify, invitations/accept,
                 devices/status, requests, faults, clock, reset
  --json         print one JSON line first: {"url","mail_hosting_id","domain","tokens"}
  --verbose      log one line per request to stderr (method, route, status; never
                 a body, token or password)
  --print-seed   print the default seed as a template for --seed, and exit
  -h, --help     show this help
`;

const options = {
  port: { type: 'string' },
  data: { type: 'string' },
  seed: { type: 'string' },
  'test-hooks': { type: 'boolean' },
  json: { type: 'boolean' },
  verbose: { type: 'boolean' },
  'print-seed': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function parsePort(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_SANDBOX_PORT;
  if (!/^[0-9]{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new UsageError(`--port must be an integer from 0 to 65535, not "${raw}"`);
  }
  return Number(raw);
}

function summary(sandbox: RunningSandbox, dataFile: string | undefined, testHooks: boolean): string {
  return [
    `Infomaniak Mail sandbox listening on ${sandbox.url}`,
    `  Mail Service:   ${sandbox.mailHostingId} (${sandbox.domain})`,
    `  admin token:    ${sandbox.tokens.admin}`,
    `  readonly token: ${sandbox.tokens.readonly}`,
    `  state:          ${dataFile ? `kept in ${dataFile}` : 'in memory (use --data FILE to keep it)'}`,
    `  test hooks:     ${testHooks ? `on (${sandbox.url}/__sandbox/)` : 'off'}`,
    '',
    `  export INFOMANIAK_ENDPOINT=${sandbox.url}`,
    `  export INFOMANIAK_TOKEN=${sandbox.tokens.admin}`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n');
}

/** Resolves on the first SIGINT or SIGTERM; a second one while closing exits at once. */
function untilSignal(io: CliIO): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => {
        io.stderr('sandbox: second interrupt, exiting without waiting\n');
        process.exit(130);
      });
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export const sandboxCommand: Command = {
  name: 'sandbox',
  summary: 'run a local emulator of the Infomaniak Mail API',
  help,
  async run(argv, io) {
    const { values } = withUsageErrors('sandbox', () => parseArgs({ args: argv, options, strict: true }));
    if (values.help) {
      io.stdout(help);
      return 0;
    }
    if (values['print-seed']) {
      io.stdout(`${JSON.stringify(DEFAULT_SEED, null, 2)}\n`);
      return 0;
    }
    const port = parsePort(values.port);
    const testHooks = values['test-hooks'] ?? false;

    let sandbox: RunningSandbox;
    try {
      sandbox = await startSandbox({
        port,
        dataFile: values.data,
        seedFile: values.seed,
        testHooks,
        log: values.verbose ? (line) => io.stderr(`${line}\n`) : undefined,
      });
    } catch (error) {
      const { code, message } = error as NodeJS.ErrnoException;
      io.stderr(
        code === 'EADDRINUSE'
          ? `sandbox: port ${port} is already in use; choose another with --port N, or --port 0 for any free port\n`
          : `sandbox: ${message}\n`,
      );
      return 1;
    }

    // Registered before printing, so a script that signals as soon as it reads the line is handled.
    const stopped = untilSignal(io);
    if (values.json) {
      io.stdout(
        `${JSON.stringify({
          url: sandbox.url,
          mail_hosting_id: sandbox.mailHostingId,
          domain: sandbox.domain,
          tokens: { admin: sandbox.tokens.admin, readonly: sandbox.tokens.readonly },
        })}\n`,
      );
    } else {
      io.stdout(summary(sandbox, values.data, testHooks));
    }

    const signal = await stopped;
    io.stderr(`sandbox: ${signal} received, closing\n`);
    await sandbox.close();
    io.stderr('sandbox: stopped\n');
    return 0;
  },
};
