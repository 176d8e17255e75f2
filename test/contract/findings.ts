/**
 * What the contract check finds, how it is reported per sandbox (one JSON file each), and
 * the summary of a whole run. Nothing here holds a request or answer body: only routes,
 * statuses, JSON paths into bodies and the reference's words, so no secret can leak.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Violations fail the contract run:
 * - `request`: a path/query parameter or JSON body the reference refuses;
 * - `unresolved-route`: no such path in the reference, or the path lacks that method;
 * - `success-response`: a 2xx the operation does not declare, or a 2xx body off its schema;
 * - `error-response`: a declared error status whose body is not the declared envelope.
 */
export type ViolationKind = 'request' | 'unresolved-route' | 'success-response' | 'error-response';

/**
 * Notes are reported, never fatal: the reference says its error-code enums are not
 * exhaustive, and it declares few error statuses (no route lists 501, most omit 429).
 */
export type NoteKind = 'undeclared-error-status' | 'error-code' | 'upstream';

export interface Finding<K extends string = string> {
  readonly kind: K;
  readonly method: string;
  /** The concrete path, without query string. */
  readonly path: string;
  /** The reference's template, when the route resolved. */
  readonly route?: string;
  readonly status?: number;
  readonly message: string;
}

export type Violation = Finding<ViolationKind>;
export type Note = Finding<NoteKind>;

export interface ContractReport {
  readonly reference: string;
  /** The test file that started the sandbox, when known. */
  readonly suite?: string;
  readonly requests: number;
  /** "METHOD template" (or "METHOD path" when unresolved) -> count. */
  readonly routes: Readonly<Record<string, number>>;
  readonly violations: readonly Violation[];
  readonly notes: readonly Note[];
}

export const REPORT_DIR_ENV = 'INFOMANIAK_CONTRACT_REPORT_DIR';

let written = 0;

/** Writes one report into `dir` under a name no other sandbox of this run uses. */
export function writeReport(dir: string, report: ContractReport): string {
  written += 1;
  const file = join(dir, `contract-${process.pid}-${written}-${Date.now().toString(36)}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

export function readReports(dir: string): ContractReport[] {
  return readdirSync(dir)
    .filter((f) => f.startsWith('contract-') && f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as ContractReport);
}

export interface ContractSummary {
  readonly reports: number;
  readonly requests: number;
  readonly routes: Readonly<Record<string, number>>;
  readonly violations: readonly Violation[];
  readonly notes: readonly Note[];
  /** Why the run fails; empty when it passes. */
  readonly failures: readonly string[];
}

export function summarize(reports: readonly ContractReport[]): ContractSummary {
  const routes: Record<string, number> = {};
  let requests = 0;
  for (const r of reports) {
    requests += r.requests;
    for (const [route, n] of Object.entries(r.routes)) routes[route] = (routes[route] ?? 0) + n;
  }
  const violations = reports.flatMap((r) => r.violations);
  const notes = reports.flatMap((r) => r.notes);
  const failures: string[] = [];
  if (requests === 0) failures.push('no API request went through the contract proxy: nothing was checked');
  const byKind = countBy(violations, (v) => v.kind);
  for (const [kind, n] of Object.entries(byKind)) failures.push(`${n} ${kind} violation(s)`);
  return { reports: reports.length, requests, routes, violations, notes, failures };
}

/** The summary as the command prints it: counts first, then each distinct finding once with its count. */
export function formatSummary(s: ContractSummary): string {
  const lines: string[] = [];
  lines.push(`contract: ${s.requests} API request(s) checked, ${s.reports} sandbox report(s)`);
  const routes = Object.entries(s.routes).sort(([a], [b]) => a.localeCompare(b));
  if (routes.length > 0) lines.push('', 'requests per route:');
  for (const [route, n] of routes) lines.push(`  ${String(n).padStart(5)}  ${route}`);
  section(lines, 'violations', s.violations);
  section(lines, 'notes (not failures)', s.notes);
  lines.push('', s.failures.length === 0 ? 'contract: PASS' : `contract: FAIL (${s.failures.join('; ')})`);
  return lines.join('\n');
}

function section(lines: string[], title: string, findings: readonly Finding[]): void {
  const distinct = countBy(findings, describe);
  lines.push('', `${title}: ${findings.length}`);
  for (const [text, n] of Object.entries(distinct).sort(([a], [b]) => a.localeCompare(b)))
    lines.push(`  ${n > 1 ? `${n}x ` : ''}${text}`);
}

function describe(f: Finding): string {
  const where = f.route ?? f.path;
  return `[${f.kind}] ${f.method} ${where}${f.status === undefined ? '' : ` -> ${f.status}`}: ${f.message}`;
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of items) out[key(item)] = (out[key(item)] ?? 0) + 1;
  return out;
}
