/** `--format json`: the model itself (docs/guides/report.md documents it), plus any gates given. */
import type { GateResult } from './gates';
import type { AccessReport } from './model';
import { summaryLine } from './summary';

export function renderJson(report: AccessReport, gates?: GateResult): string {
  const { schema_version, ...rest } = report;
  const out = {
    schema_version,
    summary_line: summaryLine(report.summary),
    ...rest,
    ...(gates ? { gates } : {}),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}
