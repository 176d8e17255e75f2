/**
 * An in-process validating proxy: the client talks to it as if it were Infomaniak, it
 * forwards every request unchanged to the upstream (the sandbox) and answers what the
 * upstream answered, and judges each exchange against the reference on the way. It never
 * blocks or alters traffic (like `prism proxy` without --errors): the findings are collected
 * for the report. The sandbox's own hooks (/__sandbox/) are not Infomaniak's API: they pass
 * through unjudged and uncounted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import type { ContractReport, Note, Violation } from './findings';
import type { ContractValidator } from './validator';

export const HOOKS_PREFIX = '/__sandbox/';

export interface ContractProxyOptions {
  readonly upstream: string;
  readonly validator: ContractValidator;
  /** Recorded in the report (the reference's path). */
  readonly reference: string;
  readonly suite?: string;
}

export interface ContractProxy {
  readonly url: string;
  /** What was seen so far. */
  report(): ContractReport;
  close(): Promise<void>;
}

/** Not forwarded either way: they describe one connection, not the message. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'upgrade',
  'te',
  'trailer',
  'host',
  'content-length',
]);

export async function startContractProxy(opts: ContractProxyOptions): Promise<ContractProxy> {
  const upstream = opts.upstream.replace(/\/+$/, '');
  const agent = new Agent({ keepAliveTimeout: 1000 });
  const routes: Record<string, number> = {};
  const violations: Violation[] = [];
  const notes: Note[] = [];
  let requests = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const judged = !url.startsWith(HOOKS_PREFIX);
    const abort = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    let answer: Awaited<ReturnType<typeof request>>;
    let responseBody: Buffer;
    try {
      answer = await request(`${upstream}${url}`, {
        method: method as 'GET',
        headers: forwardable(req.headers),
        body: body.length > 0 ? body : undefined,
        dispatcher: agent,
        signal: abort.signal,
      });
      responseBody = Buffer.from(await answer.body.arrayBuffer());
    } catch {
      // The upstream cut the connection (a sandbox fault, or it closed): the client must see the same.
      if (judged && !abort.signal.aborted) {
        const path = url.split('?')[0];
        notes.push({
          kind: 'upstream',
          method,
          path,
          message: 'the upstream closed the connection without an answer',
        });
      }
      res.destroy();
      return;
    }
    if (judged) {
      requests += 1;
      const verdict = opts.validator.check({
        method,
        url,
        requestContentType: header(req.headers['content-type']),
        requestBody: body.toString('utf8'),
        status: answer.statusCode,
        responseContentType: header(answer.headers['content-type']),
        responseBody: responseBody.toString('utf8'),
      });
      routes[verdict.route] = (routes[verdict.route] ?? 0) + 1;
      violations.push(...verdict.violations);
      notes.push(...verdict.notes);
    }
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(answer.headers))
      if (v !== undefined && !HOP_BY_HOP.has(k.toLowerCase())) headers[k] = v;
    headers['content-length'] = String(responseBody.length);
    res.writeHead(answer.statusCode, headers);
    res.end(responseBody);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    report: () => ({
      reference: opts.reference,
      ...(opts.suite ? { suite: opts.suite } : {}),
      requests,
      routes: { ...routes },
      violations: [...violations],
      notes: [...notes],
    }),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await agent.close();
    },
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function forwardable(headers: IncomingMessage['headers']): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(headers)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
