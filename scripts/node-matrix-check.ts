/**
 * jest's globalSetup in `npm run test:node-matrix` (node-matrix-setup.ts runs the first check
 * in every test file too): fails the run unless it really runs on the Node.js the matrix asked for. The
 * matrix starts jest with that binary and puts it first on PATH; this proves both took.
 * jest's workers, the provider launchers the tests write (process.execPath) and the bins
 * (`#!/usr/bin/env node`, resolved on PATH) all follow from these two.
 */
import { execFileSync } from 'node:child_process';

/** Set by scripts/node-matrix.ts: the `process.version` the run must have, e.g. "v24.22.3". */
export const EXPECTED_VERSION_ENV = 'INFOMANIAK_NODE_MATRIX_VERSION';

function expected(): string {
  const version = process.env[EXPECTED_VERSION_ENV];
  if (!version)
    throw new Error(`${EXPECTED_VERSION_ENV} is not set: run this through npm run test:node-matrix`);
  return version;
}

/** This process (jest itself, or a worker running a test file) runs on the expected Node. */
export function checkThisProcess(): void {
  if (process.version !== expected())
    throw new Error(`jest runs on Node.js ${process.version} (${process.execPath}), not ${expected()}`);
}

/** `node` as a shebang finds it, through /usr/bin/env and PATH, is the expected one. */
export function checkNodeOnPath(): void {
  const found = execFileSync('/usr/bin/env', ['node', '-p', 'process.version'], { encoding: 'utf8' }).trim();
  if (found !== expected())
    throw new Error(`"node" on PATH is ${found}, not ${expected()}: the bins would run on another Node.js`);
}

export default function globalSetup(): void {
  checkThisProcess();
  checkNodeOnPath();
}
