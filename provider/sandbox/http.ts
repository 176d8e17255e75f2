/** Low-level HTTP helpers: bounded JSON bodies and envelope responses. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorCodes, type ApiErrorBody, type Paging } from '../infomaniak/wire';
import { ApiError } from './errors';

/** Far above any real body; stops a runaway client from filling memory. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads and parses a JSON body; undefined when empty. Never quotes the body in an
 * error. An oversized body is read to its end (and dropped) before the 413, so the
 * client gets the answer instead of a reset while it is still sending.
 */
export async function readJsonBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  if (size > MAX_BODY_BYTES) {
    throw new ApiError(
      413,
      errorCodes.validationFailed,
      `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
    );
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // The reference names no code for a body that is not JSON; it is a validation failure of the body.
    throw new ApiError(422, errorCodes.validationFailed, 'The request body is not valid JSON.', [
      { code: errorCodes.validationFailed, description: 'is not valid JSON', context: { attribute: 'body' } },
    ]);
  }
}

function sendJson(
  res: ServerResponse,
  status: number,
  payload: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    'cache-control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendSuccess(res: ServerResponse, status: number, data: unknown, paging?: Paging): void {
  sendJson(res, status, paging ? { result: 'success', data, ...paging } : { result: 'success', data });
}

export function sendError(res: ServerResponse, error: ApiError): void {
  const body: { result: 'error'; error: ApiErrorBody } = { result: 'error', error: error.toBody() };
  sendJson(res, error.status, body, error.headers);
}
