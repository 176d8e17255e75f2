/**
 * Plain-fetch helpers for the sandbox's integration tests. Deliberately not the
 * API client: these tests pin the wire behaviour the client is written against.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { RunningSandbox } from '../../provider/sandbox';

export interface ApiResponse {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
  text: string;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
}

/** Calls the sandbox with the admin token unless told otherwise (`token: null` sends none). */
export async function call(
  sandbox: Pick<RunningSandbox, 'url' | 'tokens'>,
  method: string,
  pathAndQuery: string,
  options: CallOptions = {},
): Promise<ApiResponse> {
  const token = options.token === undefined ? sandbox.tokens.admin : options.token;
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${sandbox.url}${pathAndQuery}`, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    json: text ? JSON.parse(text) : undefined,
    text,
  };
}

/** `/1/mail_hostings/{id}` + rest. */
export function hostingPath(sandbox: Pick<RunningSandbox, 'mailHostingId'>, rest = ''): string {
  return `/1/mail_hostings/${sandbox.mailHostingId}${rest}`;
}

export function mailboxPath(
  sandbox: Pick<RunningSandbox, 'mailHostingId'>,
  mailbox: string,
  rest = '',
): string {
  return hostingPath(sandbox, `/mailboxes/${encodeURIComponent(mailbox)}${rest}`);
}

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Runs the CLI from source (ts-node, no type check) so the tests need no prior build. */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return spawn(
    process.execPath,
    [
      '-r',
      'ts-node/register',
      '-e',
      "require('./provider/cli/main.ts').main(process.argv.slice(1))",
      '--',
      ...args,
    ],
    {
      cwd: REPO_ROOT,
      env: { ...process.env, TS_NODE_TRANSPILE_ONLY: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Collects a child's output and waits for its exit. */
export function finished(
  child: ChildProcess,
): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** Resolves with the first full line the child prints on stdout. */
export function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const end = buffer.indexOf('\n');
      if (end >= 0) {
        child.stdout?.off('data', onData);
        resolve(buffer.slice(0, end));
      }
    };
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`exited with ${code} before printing a line`)));
  });
}
