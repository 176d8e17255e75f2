/** Plain-text report for a terminal or a CI log; ANSI colour only when asked (see colourWanted). */
import type { GateResult } from './gates';
import type { AccessReport } from './model';
import { sections, type Sign } from './sections';
import { summaryLine } from './summary';

const COLOURS: Readonly<Record<Sign | 'note' | 'bold', string>> = {
  '+': '\u001b[32m',
  '-': '\u001b[31m',
  '~': '\u001b[33m',
  '?': '\u001b[36m',
  '!': '\u001b[33m',
  note: '\u001b[35m',
  bold: '\u001b[1m',
};
const RESET = '\u001b[0m';

/** Colour on a terminal, unless NO_COLOR is set to anything non-empty (no-color.org). */
export function colourWanted(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '');
}

export interface TerminalOptions {
  readonly colour: boolean;
  readonly gates?: GateResult;
}

export function renderTerminal(report: AccessReport, options: TerminalOptions): string {
  const paint = (style: keyof typeof COLOURS, text: string) =>
    options.colour ? `${COLOURS[style]}${text}${RESET}` : text;
  const manyStacks = report.stacks.length > 1;
  const lines: string[] = [paint('bold', 'Infomaniak Mail access changes'), summaryLine(report.summary), ''];
  for (const section of sections(report)) {
    lines.push(paint(section.sign, `${section.sign} ${section.title} (${section.rows.length})`));
    for (const row of section.rows) {
      const stack = manyStacks ? `[${clean(row.stack)}] ` : '';
      lines.push(
        `    ${stack}${clean(row.address)}  ${clean(row.subject)}${row.detail ? `  ${clean(row.detail)}` : ''}`,
      );
      lines.push(`      ${clean(row.resource)}`);
    }
    lines.push('');
  }
  for (const note of report.notes)
    lines.push(
      paint(
        'note',
        `! ${manyStacks ? `[${clean(note.stack)}] ` : ''}${note.resource ? `${clean(note.resource)}: ` : ''}${clean(note.message)}`,
      ),
    );
  if (report.notes.length > 0) lines.push('');
  if (options.gates) {
    lines.push(options.gates.passed ? paint('+', 'Gates: passed') : paint('-', 'Gates: FAILED'));
    for (const f of options.gates.failures) lines.push(paint('-', `  ${f}`));
    lines.push('');
  }
  return lines.join('\n');
}

/** Labels and names come from the API: no control character may reach the terminal. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}
