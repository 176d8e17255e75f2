/**
 * `npm run test:contract`: runs the end-to-end scenarios (jest.contract.config.js) with every
 * API request and answer judged by the validating proxy against Infomaniak's published
 * reference, then prints what was seen. Fails on any violation, on a jest failure, when the
 * reference is missing, and when no request was checked at all.
 *
 * Extra arguments go to jest (e.g. `npm run test:contract -- test/e2e/mail-device.test.ts`).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSummary, readReports, REPORT_DIR_ENV, summarize } from '../test/contract/findings';
import {
  loadReference,
  ReferenceMissingError,
  referencePath,
  REPO_ROOT,
  REFERENCE_ENV,
} from '../test/contract/reference';

function main(): number {
  const reference = referencePath();
  if (!existsSync(reference)) {
    console.error(`test:contract: ${new ReferenceMissingError(reference).message}`);
    return 1;
  }
  const { adjustments } = loadReference(reference);
  const count = (prefix: string) => adjustments.filter((a) => a.what.startsWith(prefix)).length;
  console.log(`contract: reference ${reference}`);
  console.log(
    `contract: read in memory only: ${count('nullable')} "nullable: true" as a null alternative, ` +
      `${count('type')} non-JSON type name(s) left unconstrained, ` +
      `${count('properties') + count('an array')} generator shape slip(s) read as correct.py reads them`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'infomaniak-contract-'));
  const jest = join(REPO_ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  const run = spawnSync(
    process.execPath,
    [jest, '--config', join(REPO_ROOT, 'jest.contract.config.js'), ...process.argv.slice(2)],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
      env: { ...process.env, [REPORT_DIR_ENV]: dir, [REFERENCE_ENV]: reference },
    },
  );

  const summary = summarize(readReports(dir));
  console.log(`\n${formatSummary(summary)}`);
  const jestFailed = run.status !== 0;
  if (jestFailed) console.error(`contract: jest failed (exit ${run.status ?? run.signal})`);
  const failed = jestFailed || summary.failures.length > 0;
  // Kept when something failed: one JSON report per sandbox, to see which suite sent what.
  if (failed) console.error(`contract: reports kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
  return failed ? 1 : 0;
}

process.exitCode = main();
