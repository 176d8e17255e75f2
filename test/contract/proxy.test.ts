/**
 * The validating proxy in front of a tiny scripted upstream, judged against a small
 * OpenAPI fragment written for these tests (test/contract/fragment.ts).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { fragment } from './fragment';
import { startContractProxy, type ContractProxy } from './proxy';
import { prepareDocument } from './reference';
import { ContractValidator } from './validator';

interface Scripted {
  status: number;
  body?: unknown;
  contentType?: string;
  reset?: boolean;
}

let upstream: Server;
let upstreamUrl: string;
let next: Scripted;
let received: { method: string; url: string; body: string }[];
const validator = new ContractValidator(prepareDocument(fragment()));
let proxy: ContractProxy;

beforeAll(async () => {
  upstream = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body: Buffer.concat(chunks).toString() });
      if (next.reset) {
        req.socket.destroy();
        return;
      }
      const text = next.body === undefined ? '' : JSON.stringify(next.body);
      res.writeHead(next.status, {
        'content-type': next.contentType ?? 'application/json',
        'x-upstream': 'yes',
      });
      res.end(text);
    });
  });
  await new Promise<void>((r) => upstream.listen(0, '127.0.0.1', r));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => upstream.close(() => r())));

beforeEach(async () => {
  received = [];
  proxy = await startContractProxy({ upstream: upstreamUrl, validator, reference: 'fragment' });
});

afterEach(() => proxy.close());

const book = { id: 1, title: 'Dune', kind: 'paper' };
const list = (items: unknown[]) => ({ result: 'success', data: items });

async function send(method: string, path: string, answer: Scripted, body?: unknown) {
  next = answer;
  const res = await request(`${proxy.url}${path}`, {
    method: method as 'GET',
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  return { status: res.statusCode, text, headers: res.headers };
}

test('a clean exchange: forwarded unchanged, counted per route, no violation, no note', async () => {
  const res = await send('GET', '/1/shelves/3/books?genre=novel&per_page=10', {
    status: 200,
    body: list([book]),
  });
  expect(res.status).toBe(200);
  expect(JSON.parse(res.text)).toEqual(list([book]));
  expect(res.headers['x-upstream']).toBe('yes');
  expect(received).toEqual([{ method: 'GET', url: '/1/shelves/3/books?genre=novel&per_page=10', body: '' }]);
  const report = proxy.report();
  expect(report.requests).toBe(1);
  expect(report.routes).toEqual({ 'GET /1/shelves/{shelf}/books': 1 });
  expect(report.violations).toEqual([]);
  expect(report.notes).toEqual([]);
});

test('a wrong type in an answer is a success-response violation naming the field', async () => {
  await send('GET', '/1/shelves/3/books', { status: 200, body: list([{ ...book, id: '1' }]) });
  const { violations } = proxy.report();
  expect(violations).toHaveLength(1);
  expect(violations[0]).toMatchObject({
    kind: 'success-response',
    route: '/1/shelves/{shelf}/books',
    status: 200,
  });
  expect(violations[0].message).toBe('answer/data/0/id must be integer');
});

test('a missing required field in an answer is a violation', async () => {
  await send('GET', '/1/shelves/3/books', { status: 200, body: list([{ id: 1, kind: 'paper' }]) });
  const messages = proxy.report().violations.map((v) => `${v.kind}: ${v.message}`);
  expect(messages).toEqual(["success-response: answer/data/0 must have required property 'title'"]);
});

test('an unknown enum value in a request body is a request violation, and the request still goes through', async () => {
  const res = await send(
    'POST',
    '/1/shelves/3/books',
    { status: 201, body: { result: 'success', data: book } },
    {
      title: 'Dune',
      genre: 'poem',
    },
  );
  expect(res.status).toBe(201);
  expect(received).toHaveLength(1);
  const { violations } = proxy.report();
  expect(violations.map((v) => [v.kind, v.message])).toEqual([
    ['request', 'body/genre must be one of "novel", "essay"'],
  ]);
});

test('unknown routes and unknown methods are unresolved-route violations; the answer is not judged', async () => {
  await send('GET', '/1/tables', { status: 200, body: { anything: true } });
  await send('PUT', '/1/shelves/3/books', { status: 200, body: { result: 'success' } });
  const { violations, routes, requests } = proxy.report();
  expect(requests).toBe(2);
  expect(routes).toEqual({ 'GET /1/tables': 1, 'PUT /1/shelves/3/books': 1 });
  expect(violations.map((v) => [v.kind, v.message])).toEqual([
    ['unresolved-route', 'no path of the reference matches'],
    ['unresolved-route', 'the reference has /1/shelves/{shelf}/books but no PUT on it (it has GET, POST)'],
  ]);
});

test('a success status the operation does not declare is a violation (201 declared, 200 answered)', async () => {
  await send(
    'POST',
    '/1/shelves/3/books',
    { status: 200, body: { result: 'success', data: book } },
    { title: 'Dune' },
  );
  const { violations } = proxy.report();
  expect(violations.map((v) => [v.kind, v.status, v.message])).toEqual([
    ['success-response', 200, 'status 200 is not declared (declared: 201, 409)'],
  ]);
});

test('nullable: true admits null (typed, enum, typeless oneOf), and a field without it still refuses null', async () => {
  const nulls = { ...book, kind: null, subtitle: null, isbn: null };
  await send('GET', '/1/shelves/3/books', { status: 200, body: list([nulls, { ...book, isbn: 978 }]) });
  expect(proxy.report().violations).toEqual([]);
  await send('GET', '/1/shelves/3/books', { status: 200, body: list([{ ...book, title: null }]) });
  expect(proxy.report().violations.map((v) => v.message)).toEqual(['answer/data/0/title must be string']);
});

test('an error answer with an unlisted code is a note, not a violation', async () => {
  await send('GET', '/1/shelves/9/books', {
    status: 404,
    body: { result: 'error', error: { code: 'shelf_gone' } },
  });
  const { violations, notes } = proxy.report();
  expect(violations).toEqual([]);
  expect(notes.map((n) => [n.kind, n.status, n.message])).toEqual([
    ['error-code', 404, 'error.code "shelf_gone" is not listed (shelf_not_found)'],
  ]);
});

test('an error answer off its envelope is an error-response violation; an undeclared error status is a note', async () => {
  await send('POST', '/1/shelves/3/books', { status: 409, body: { result: 'error' } }, { title: 'Dune' });
  await send('DELETE', '/1/shelves/3/books/4', {
    status: 501,
    body: { result: 'error', error: { code: 'x' } },
  });
  await send('DELETE', '/1/shelves/3/books/4', { status: 503, body: 'down', contentType: 'text/plain' });
  const { violations, notes } = proxy.report();
  expect(violations.map((v) => [v.kind, v.status, v.message])).toEqual([
    ['error-response', 409, "answer must have required property 'error'"],
    ['error-response', 503, 'the error answer is not JSON (text/plain)'],
  ]);
  expect(notes.map((n) => [n.kind, n.status])).toEqual([
    ['undeclared-error-status', 501],
    ['undeclared-error-status', 503],
  ]);
});

test('path and query parameters: types, a local override beside a $ref, undeclared names', async () => {
  const ok = { status: 200, body: list([]) };
  await send('GET', '/1/shelves/abc/books', ok);
  await send('GET', '/1/shelves/3/books?per_page=0', ok);
  await send('GET', '/1/shelves/3/books?per_page=ten&genre=poem', ok);
  await send('GET', '/1/shelves/3/books?colour=red', ok);
  await send('GET', '/1/shelves/3/books?per_page=5', ok);
  expect(proxy.report().violations.map((v) => `${v.path}: ${v.message}`)).toEqual([
    '/1/shelves/abc/books: path parameter shelf must be integer',
    '/1/shelves/3/books: query parameter per_page must be >= 1',
    '/1/shelves/3/books: query parameter genre must be one of "novel", "essay"',
    '/1/shelves/3/books: query parameter per_page must be integer',
    '/1/shelves/3/books: query parameter colour is not declared for this operation',
  ]);
});

test('a literal path wins over a template that also matches', async () => {
  await send('GET', '/1/shelves/archive/books', { status: 200, body: { result: 'success' } });
  expect(proxy.report()).toMatchObject({ routes: { 'GET /1/shelves/archive/books': 1 }, violations: [] });
});

test('a body sent to an operation that takes none, and a required body missing, are request violations', async () => {
  await send('DELETE', '/1/shelves/3/books/4', { status: 200, body: { result: 'success' } }, { force: true });
  await send(
    'POST',
    '/1/shelves/3/books',
    { status: 201, body: { result: 'success', data: book } },
    'not json',
  );
  expect(proxy.report().violations.map((v) => v.message)).toEqual([
    'the operation takes no request body, but one was sent',
    'the request body is not JSON',
  ]);
});

test('violation messages never carry the offending value (it may be a password)', async () => {
  const secret = 'pw-9f8e7d6c5b4a-secret-value';
  await send(
    'POST',
    '/1/shelves/3/books',
    { status: 201, body: { result: 'success', data: { ...book, id: secret } } },
    {
      title: secret,
    },
  );
  const report = JSON.stringify(proxy.report());
  expect(proxy.report().violations).toHaveLength(2);
  expect(report).not.toContain(secret);
});

test("the sandbox's own /__sandbox/ hooks pass through unjudged and uncounted", async () => {
  const res = await send('POST', '/__sandbox/reset', { status: 200, body: true });
  expect(res.status).toBe(200);
  expect(received.map((r) => r.url)).toEqual(['/__sandbox/reset']);
  expect(proxy.report()).toMatchObject({ requests: 0, routes: {}, violations: [], notes: [] });
});

test('an upstream that cuts the connection cuts the client too, and leaves a note', async () => {
  await expect(send('GET', '/1/shelves/3/books', { status: 200, reset: true })).rejects.toThrow();
  const { notes, requests } = proxy.report();
  expect(requests).toBe(0);
  expect(notes.map((n) => n.kind)).toEqual(['upstream']);
});
