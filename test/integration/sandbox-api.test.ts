/**
 * The sandbox's answers over real HTTP, route by route (the scripted session of
 * sandbox-session.ts), and where a password or an invitation link may appear. The same
 * session is checked against Infomaniak's reference in sandbox-api.contract.ts
 * (npm run test:contract: npm test runs without the reference file).
 */
import {
  SANDBOX_GENERIC_PASSWORD,
  SandboxHooksClient,
  startSandbox,
  type RunningSandbox,
} from '../../provider/sandbox';
import { routePath } from '../../provider/infomaniak/wire';
import { call } from './sandbox-http';
import { runScriptedSession, SESSION_NOW_MS, where, type Exchange } from './sandbox-session';

let sandbox: RunningSandbox;
let exchanges: Exchange[] = [];

beforeAll(async () => {
  sandbox = await startSandbox({ testHooks: true, now: () => SESSION_NOW_MS });
});
afterAll(() => sandbox.close());

describe('a scripted session over every route', () => {
  it('answers every route with its wire.ts schema and status', async () => {
    exchanges = await runScriptedSession(sandbox, new SandboxHooksClient(sandbox.url));
  });
});

describe('where secrets appear', () => {
  it('shows a password only in create and regenerate answers, and the generic password nowhere', async () => {
    const created = await call(sandbox, 'POST', routePath('devices', { ...where, mailbox: 'contact' }), {
      body: { label: 'Secret', protocols: 'imap' },
    });
    const secret = created.json.data.password as string;
    const everything = [...exchanges.map((x) => x.response), created];
    const carrying = everything.filter((r) => r.text.includes(secret));
    expect(carrying).toEqual([created]);
    for (const r of everything) expect(r.text).not.toContain(SANDBOX_GENERIC_PASSWORD);
    for (const r of everything) expect(r.text).not.toMatch(/scrypt\$/);
  });
});
