/**
 * `infomaniak-mail report`: the access-change report of saved plans, for reviewers
 * (terminal, Markdown for a pull request) and for pipelines (JSON, gates with exit codes).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
  buildReport,
  checkGates,
  colourWanted,
  GATE_NAMES,
  HOW_TO_PRODUCE,
  loadPlan,
  PlanInputError,
  renderJson,
  renderMarkdown,
  renderTerminal,
  type GateName,
  type LoadedPlan,
} from '../report';
import { UsageError, withUsageErrors, type CliIO, type Command } from './command';

/** Exit codes, also in --help and docs/guides/report.md. */
export const REPORT_EXIT = { ok: 0, unreadable: 1, usage: 2, gateFailed: 3 } as const;

const FORMATS = ['terminal', 'markdown', 'json'] as const;
type Format = (typeof FORMATS)[number];

const help = `Usage: infomaniak-mail report [options] [PLAN_JSON...|-]

Reads the JSON of saved Terraform plans and tells who and what gains or loses
access to which Infomaniak Mail address: access granted and removed, invitations,
devices created, regenerated (and why), replaced and revoked — including the
devices, users and invitations an exclusive access policy revokes, which its plan
lists — with people named, flagged and unused devices called out, what changed
outside Terraform since the last apply, what leaves Terraform's management, and a
one-line summary. It never shows a secret: values terraform marks sensitive are
never read.

Produce the input with:

  ${HOW_TO_PRODUCE}

Give several files for several stacks (each is named by its file name); "-",
or no file when a plan is piped in, reads standard input.

Options:
  --format FORMAT        terminal (default; colour only on a terminal without
                         NO_COLOR), markdown (a pull-request comment), or json
  --mermaid              with --format markdown: add a Mermaid diagram of the
                         changed access
  --fail-on WHAT         fail (exit 3) when the plans contain WHAT; repeat it or
                         separate with commas:
                           revoke         anything revoked: a device password
                                          revoked or replaced, a user access
                                          removed, an invitation withdrawn (or
                                          an access policy whose revocations
                                          are known only after apply)
                           regenerate     a device password regenerated or replaced
                           grant-removal  a user losing access to an address
                           any-change     any access change at all
  --max-revocations N    fail (exit 3) when more than N credentials or accesses
                         stop working (devices revoked or replaced, accesses
                         removed, invitations withdrawn), or when an access
                         policy's revocations are known only after apply
  --stale-days N         call out devices last used more than N days before the
                         plan (default 90)
  -h, --help             show this help

The report is printed in full even when a gate fails; the failed gates are
also listed on standard error.

Exit codes:
  0  report printed, every gate passed
  1  an input could not be read or is not a saved plan's JSON
  2  usage error (unknown flag, bad value)
  3  report printed, a gate failed
`;

export interface ReportEnvironment {
  readonly readFile: (path: string) => string;
  readonly readStdin: () => string;
  /** Standard input is a terminal: nobody is piping a plan in. */
  readonly stdinIsTTY: boolean | undefined;
  readonly stdoutIsTTY: boolean | undefined;
  readonly env: NodeJS.ProcessEnv;
}

const processEnvironment: ReportEnvironment = {
  readFile: (path) => readFileSync(path, 'utf8'),
  readStdin: () => readFileSync(0, 'utf8'),
  get stdoutIsTTY() {
    return process.stdout.isTTY;
  },
  get stdinIsTTY() {
    return process.stdin.isTTY;
  },
  env: process.env,
};

export function makeReportCommand(environment: ReportEnvironment = processEnvironment): Command {
  return {
    name: 'report',
    summary: 'report the access changes of saved plans (terminal, Markdown, JSON), with gates for pipelines',
    help,
    run: (argv, io) => runReport(argv, io, environment),
  };
}

export const reportCommand = makeReportCommand();

async function runReport(argv: string[], io: CliIO, environment: ReportEnvironment): Promise<number> {
  const { values, positionals } = withUsageErrors('report', () =>
    parseArgs({
      args: argv,
      options: {
        format: { type: 'string' },
        mermaid: { type: 'boolean' },
        'fail-on': { type: 'string', multiple: true },
        'max-revocations': { type: 'string' },
        'stale-days': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    }),
  );
  if (values.help) {
    io.stdout(help);
    return REPORT_EXIT.ok;
  }
  const format = parseFormat(values.format);
  const failOn = parseFailOn(values['fail-on'] ?? []);
  const maxRevocations = parseCount('--max-revocations', values['max-revocations']);
  const staleDays = parseCount('--stale-days', values['stale-days']);
  if (values.mermaid && format !== 'markdown') throw new UsageError('--mermaid goes with --format markdown');
  if (positionals.length === 0 && environment.stdinIsTTY)
    throw new UsageError(`give a plan's JSON file, or pipe one in (${HOW_TO_PRODUCE})`);
  const sources = positionals.length > 0 ? positionals : ['-'];
  if (sources.filter((s) => s === '-').length > 1)
    throw new UsageError('"-" (standard input) can be given once');

  const plans: LoadedPlan[] = [];
  for (const source of sources) {
    const name = source === '-' ? 'stdin' : source;
    let text: string;
    try {
      text = source === '-' ? environment.readStdin() : environment.readFile(source);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const why =
        code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory' : (error as Error).message;
      io.stderr(
        `infomaniak-mail report: cannot read ${name}: ${why}; expected the JSON of a saved plan (${HOW_TO_PRODUCE})\n`,
      );
      return REPORT_EXIT.unreadable;
    }
    try {
      plans.push(loadPlan(text, name));
    } catch (error) {
      if (!(error instanceof PlanInputError)) throw error;
      io.stderr(`infomaniak-mail report: ${error.message}\n`);
      return REPORT_EXIT.unreadable;
    }
  }

  const report = buildReport(plans, { staleDays });
  const gated = failOn.length > 0 || maxRevocations !== undefined;
  const gates = gated ? checkGates(report, { failOn, maxRevocations }) : undefined;
  switch (format) {
    case 'json':
      io.stdout(renderJson(report, gates));
      break;
    case 'markdown':
      io.stdout(renderMarkdown(report, { mermaid: values.mermaid === true, gates }));
      break;
    case 'terminal':
      io.stdout(
        renderTerminal(report, { colour: colourWanted(environment.stdoutIsTTY, environment.env), gates }),
      );
      break;
  }
  if (gates && !gates.passed) {
    io.stderr(`infomaniak-mail report: gate failed:\n${gates.failures.map((f) => `  ${f}\n`).join('')}`);
    return REPORT_EXIT.gateFailed;
  }
  return REPORT_EXIT.ok;
}

function parseFormat(value: string | undefined): Format {
  if (value === undefined) return 'terminal';
  if ((FORMATS as readonly string[]).includes(value)) return value as Format;
  throw new UsageError(`--format must be one of ${FORMATS.join(', ')} (got "${value}")`);
}

function parseFailOn(values: readonly string[]): GateName[] {
  const names = values
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v !== '');
  for (const name of names)
    if (!(GATE_NAMES as readonly string[]).includes(name))
      throw new UsageError(`--fail-on takes ${GATE_NAMES.join(', ')} (got "${name}")`);
  if (values.length > 0 && names.length === 0)
    throw new UsageError(`--fail-on needs one of ${GATE_NAMES.join(', ')}`);
  return names as GateName[];
}

function parseCount(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${flag} must be a whole number (got "${value}")`);
  return Number.parseInt(value, 10);
}
