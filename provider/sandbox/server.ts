/**
 * The request pipeline: hooks, route match, request log, faults, auth, body,
 * endpoint, durable commit, answer. One log line per request when asked, naming
 * the route template and never a path value, body, token or password.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { errorCodes, routeFamily, successStatus, type HttpMethod } from '../infomaniak/wire';
import type { EndpointContext } from './endpoints/endpoint';
import { ApiError, accessDenied, notFound, unexpectedError } from './errors';
import type { Faults } from './faults';
import type { Fault } from './hooks-wire';
import { handleHook, isHookPath, type HookDeps } from './hooks';
import { readJsonBody, sendError, sendSuccess } from './http';
import type { Persistence } from './persistence';
import type { RequestLog } from './requests';
import { EndpointTable, matchRoute, routeKey } from './router';
import type { TokenRecord } from './state';
import type { Store } from './store';

export interface ServerDeps {
  store: Store;
  persistence: Persistence;
  faults: Faults;
  requests: RequestLog;
  endpoints: EndpointTable;
  testHooks: boolean;
  log?: (line: string) => void;
  /** Where the sandbox listens, known once it does. */
  baseUrl: () => string;
}

const BEARER = /^Bearer\s+(\S+)\s*$/i;

export function createSandboxServer(deps: ServerDeps): Server {
  const hookDeps: HookDeps = { ...deps, routeKeys: deps.endpoints.keys() };
  const server = createServer((req, res) => {
    handle(deps, hookDeps, req, res).catch((error: unknown) => {
      // Last resort: the pipeline itself failed (a bug). Answer if still possible.
      deps.log?.(`sandbox: internal error: ${(error as Error).message}`);
      if (!res.headersSent && !res.destroyed) sendError(res, internalError());
    });
  });
  // Keep-alive like the real service, so the client's connection pool is exercised.
  server.keepAliveTimeout = 5000;
  return server;
}

function internalError(): ApiError {
  return unexpectedError('The sandbox failed to process the request; see its log.');
}

async function handle(
  deps: ServerDeps,
  hookDeps: HookDeps,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const started = Date.now();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
  req.on('error', () => undefined); // A client that hangs up mid-body is not our failure.

  if (isHookPath(url.pathname)) {
    const status = await handleHookRequest(deps, hookDeps, method, url.pathname, req, res);
    deps.log?.(`sandbox: ${method} ${url.pathname} ${status} ${Date.now() - started}ms (hook)`);
    return;
  }

  // Like any HTTP service; on the sandbox clock, so a shifted clock shows in the answers too.
  res.setHeader('date', new Date(deps.store.nowMs()).toUTCString());
  const match = matchRoute(url.pathname);
  const template = match?.template ?? '(no route)';
  const key = match ? routeKey(method, match.template) : `${method} (no route)`;
  const entry = deps.requests.record(key, deps.store.nowMs());
  const finish = (status: number | null, note = '') => {
    entry.status = status;
    deps.log?.(`sandbox: ${method} ${template} ${status ?? 'dropped'} ${Date.now() - started}ms${note}`);
  };

  // Read from arrival, as a real service has the request once it is sent: a client that hangs
  // up during injected latency does not undo it (its errors are answered in their turn, below).
  const bodyRead = readJsonBody(req);
  bodyRead.catch(() => undefined);
  const decision = match ? deps.faults.decide(key) : { latencyMs: 0 };
  if (decision.latencyMs > 0) await sleep(decision.latencyMs);
  const fault = decision.action;
  if (fault?.mode === 'reset') {
    req.socket.destroy();
    return finish(null, ' (fault: reset)');
  }
  if (fault?.mode === 'status') {
    const error = faultError(fault);
    sendError(res, error);
    return finish(error.status, ' (fault: status)');
  }

  let status: number;
  try {
    if (!match) throw notFound.route(method);
    const endpoint = deps.endpoints.find(method, match.name);
    if (!endpoint) throw notFound.route(method);
    const mutation = EndpointTable.isMutation(method);
    const token = authenticate(deps.store, req);
    // 501 before 403: a closed route is closed for every token.
    if (routeFamily(match.name) === 'accesses' && match.params.hosting !== undefined) {
      deps.store.requireAccesses(deps.store.hosting(match.params.hosting));
    }
    if (mutation && token.rights === 'readonly') throw readOnly();
    const ctx: EndpointContext = {
      viewer: { admin: token.rights === 'admin', userId: token.user_id },
      store: deps.store,
      params: match.params,
      query: url.searchParams,
      body: await bodyRead,
      baseUrl: deps.baseUrl(),
    };
    const reply = await endpoint.handle(ctx);
    if (mutation) await commit(deps);
    if (fault?.mode === 'drop_after_commit') {
      req.socket.destroy();
      return finish(null, ' (fault: drop_after_commit)');
    }
    status = reply.status ?? successStatus(method as HttpMethod, match.name);
    sendSuccess(res, status, reply.data, reply.paging);
  } catch (error) {
    const apiError = error instanceof ApiError ? error : internalError();
    if (!(error instanceof ApiError))
      deps.log?.(`sandbox: internal error on ${key}: ${(error as Error).message}`);
    if (fault?.mode === 'drop_after_commit') {
      req.socket.destroy();
      return finish(null, ' (fault: drop_after_commit)');
    }
    status = apiError.status;
    sendError(res, apiError);
  }
  finish(status);
}

async function handleHookRequest(
  deps: ServerDeps,
  hookDeps: HookDeps,
  method: string,
  pathname: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<number> {
  try {
    if (!deps.testHooks) {
      throw new ApiError(
        404,
        errorCodes.routeNotFound,
        'Test hooks are off; start the sandbox with --test-hooks (testHooks: true) to use /__sandbox/.',
      );
    }
    const reply = await handleHook(hookDeps, method, pathname, await readJsonBody(req));
    const status = reply.status ?? 200;
    sendSuccess(res, status, reply.data, reply.paging);
    return status;
  } catch (error) {
    const apiError = error instanceof ApiError ? error : internalError();
    sendError(res, apiError);
    return apiError.status;
  }
}

/** Bearer token → its record; unknown → 401. */
function authenticate(store: Store, req: IncomingMessage): TokenRecord {
  const header = req.headers.authorization ?? '';
  const token = BEARER.exec(header)?.[1];
  const record = token === undefined ? undefined : store.token(token);
  if (!record) {
    throw new ApiError(
      401,
      errorCodes.notAuthorized,
      'The API token is missing, invalid or expired. Create a token with the "mail" scope in the Infomaniak Manager (API > Tokens) and pass it as "Authorization: Bearer <token>".',
    );
  }
  return record;
}

function readOnly(): ApiError {
  return accessDenied(
    'This token may read but not change mail access: the change needs the Administrator or Legal Representative right on the organisation, or the right to manage this Mail Service.',
  );
}

async function commit(deps: ServerDeps): Promise<void> {
  try {
    await deps.persistence.commit();
  } catch (error) {
    deps.log?.(`sandbox: cannot write the data file: ${(error as Error).message}`);
    throw unexpectedError('The sandbox could not save its data file; see its log.');
  }
}

const faultCodes: Record<number, string> = {
  401: errorCodes.notAuthorized,
  403: errorCodes.accessDenied,
  404: errorCodes.objectNotFound,
  422: errorCodes.validationFailed,
  429: errorCodes.tooManyRequests,
  501: errorCodes.notImplemented,
};

function faultError(fault: Fault): ApiError {
  const status = fault.status ?? 500;
  const headers: Record<string, string> = {};
  if (fault.retry_after !== undefined) headers['retry-after'] = String(fault.retry_after);
  return new ApiError(
    status,
    fault.code ?? faultCodes[status] ?? errorCodes.unexpectedError,
    status === 429
      ? 'Too many requests for this token; retry later.'
      : `Injected fault: the sandbox answers ${status}.`,
    undefined,
    headers,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
