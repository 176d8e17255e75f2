/**
 * A provider started as terraform would prints its handshake as its first line: wait for
 * it, then stop the process (SIGTERM; SIGKILL after a bound). Shared by the build's
 * code-cache warm-up and the start-up measurements.
 */
import type { ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';

export interface FirstLineResult {
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number | null;
}

export async function untilFirstLine(
  child: ChildProcessByStdio<null, Readable, Readable>,
  timeoutMs = 60_000,
): Promise<FirstLineResult> {
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString('utf8');
    if (stdout.includes('\n')) child.kill('SIGTERM');
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const exitCode = await new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  clearTimeout(timer);
  return { stdout, stderr, exitCode };
}
