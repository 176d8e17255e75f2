/**
 * The scripted sandbox session (sandbox-session.ts) against Infomaniak's reference: every
 * exchange passes the contract validator of test/contract/. Run by npm run test:contract
 * (jest.contract.config.js), which needs the reference file; npm test does not.
 */
import { SandboxHooksClient, startSandbox, type RunningSandbox } from '../../provider/sandbox';
import { loadReference } from '../contract/reference';
import { ContractValidator } from '../contract/validator';
import { runScriptedSession, SESSION_NOW_MS } from './sandbox-session';

let sandbox: RunningSandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ testHooks: true, now: () => SESSION_NOW_MS });
});
afterAll(() => sandbox.close());

describe('a scripted session over every route', () => {
  it('passes the reference contract validator (test/contract) on every exchange of the session', async () => {
    const exchanges = await runScriptedSession(sandbox, new SandboxHooksClient(sandbox.url));
    const validator = new ContractValidator(loadReference());
    expect(exchanges.length).toBeGreaterThan(30);
    const problems = exchanges.flatMap((x) => {
      const verdict = validator.check({
        method: x.method,
        url: x.url,
        requestContentType: x.body === undefined ? undefined : 'application/json',
        requestBody: x.body === undefined ? undefined : JSON.stringify(x.body),
        status: x.response.status,
        responseContentType: x.response.headers.get('content-type') ?? undefined,
        responseBody: x.response.text,
      });
      return verdict.violations.map(
        (v) => `${v.method} ${v.route ?? v.path} ${v.status ?? ''}: ${v.kind} ${v.message}`,
      );
    });
    expect(problems).toEqual([]);
  });
});
