/**
 * cdktf's Testing.app makes a fresh `cdktf.outdir.*` folder in the system temp dir for
 * every app and never removes it. Tests take their apps from here instead: every outdir
 * lives in one scratch folder per test file, removed when the file's tests are done.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing } from 'cdktf';

type AppOptions = NonNullable<Parameters<typeof Testing.app>[0]>;

/** Call at the top of a test file; returns a Testing.app that cleans up after the file. */
export function scratchApps(): (options?: AppOptions) => ReturnType<typeof Testing.app> {
  const root = mkdtempSync(join(tmpdir(), 'cdktf-test-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return (options = {}) => Testing.app({ ...options, outdir: mkdtempSync(join(root, 'app-')) });
}
