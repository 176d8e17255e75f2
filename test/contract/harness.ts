/**
 * The contract run's hook for the e2e harness: when INFOMANIAK_CONTRACT_REPORT_DIR is set,
 * a validating proxy stands in front of the sandbox and, on close, leaves its report in that
 * directory (one file per sandbox). Without the variable nothing starts and nothing is read,
 * so `npm test` does not need the reference.
 */
import { relative } from 'node:path';
import { REPORT_DIR_ENV, writeReport } from './findings';
import { startContractProxy } from './proxy';
import { loadReference, REPO_ROOT, type PreparedReference } from './reference';
import { ContractValidator } from './validator';

export interface ContractRecording {
  /** Give this to the client / provider instead of the sandbox's URL. */
  readonly url: string;
  /** Stops the proxy and writes its report. */
  close(): Promise<void>;
}

let shared: { reference: PreparedReference; validator: ContractValidator } | undefined;

export async function startContractRecording(
  upstream: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ContractRecording | undefined> {
  const dir = env[REPORT_DIR_ENV];
  if (!dir) return undefined;
  // One load per test file (jest isolates modules per file); the schemas compile lazily.
  if (!shared) {
    const reference = loadReference();
    shared = { reference, validator: new ContractValidator(reference) };
  }
  const proxy = await startContractProxy({
    upstream,
    validator: shared.validator,
    reference: shared.reference.path,
    suite: currentSuite(),
  });
  return {
    url: proxy.url,
    async close() {
      await proxy.close();
      writeReport(dir, proxy.report());
    },
  };
}

function currentSuite(): string | undefined {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  return state?.testPath ? relative(REPO_ROOT, state.testPath) : undefined;
}
