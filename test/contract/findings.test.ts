import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSummary, readReports, summarize, writeReport, type ContractReport } from './findings';

const report = (over: Partial<ContractReport> = {}): ContractReport => ({
  reference: 'ref.json',
  requests: 2,
  routes: { 'GET /1/products': 2 },
  violations: [],
  notes: [],
  ...over,
});

test('a run that saw no request fails: it checked nothing', () => {
  const s = summarize([report({ requests: 0, routes: {} })]);
  expect(s.failures).toEqual(['no API request went through the contract proxy: nothing was checked']);
  expect(summarize([]).failures).toHaveLength(1);
});

test('violations fail by kind, notes never do; counts add up across reports', () => {
  const v = { method: 'GET', path: '/1/x', message: 'm' };
  const s = summarize([
    report({
      violations: [
        { kind: 'request', ...v },
        { kind: 'request', ...v },
      ],
    }),
    report({
      routes: { 'GET /1/products': 1, 'GET /1/x': 1 },
      violations: [{ kind: 'unresolved-route', ...v }],
      notes: [{ kind: 'error-code', ...v, status: 404 }],
    }),
  ]);
  expect(s.requests).toBe(4);
  expect(s.routes).toEqual({ 'GET /1/products': 3, 'GET /1/x': 1 });
  expect(s.failures).toEqual(['2 request violation(s)', '1 unresolved-route violation(s)']);
  const text = formatSummary(s);
  expect(text).toContain('2x [request] GET /1/x: m');
  expect(text).toContain('[error-code] GET /1/x -> 404: m');
  expect(text).toMatch(/contract: FAIL/);

  const clean = summarize([report({ notes: [{ kind: 'undeclared-error-status', ...v, status: 501 }] })]);
  expect(clean.failures).toEqual([]);
  expect(formatSummary(clean)).toMatch(/contract: PASS$/);
});

test('reports written into a directory are read back, other files ignored', () => {
  const dir = mkdtempSync(join(tmpdir(), 'contract-reports-'));
  try {
    writeReport(dir, report());
    writeReport(dir, report({ requests: 5 }));
    writeFileSync(join(dir, 'other.json'), '{}');
    expect(
      readReports(dir)
        .map((r) => r.requests)
        .sort(),
    ).toEqual([2, 5]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
