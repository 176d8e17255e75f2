/**
 * The examples the documentation pages show (examples/resources/<name>/*.tf,
 * examples/data-sources/<name>/data-source.tf) are real configurations: each one, with
 * the provider block, passes `terraform validate` with this provider. And every example
 * directory belongs to a resource or data source the provider has.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mailProvider } from '../../provider/resources/provider';
import { MailWorkspace, REPO_ROOT, startMailSandbox, type MailSandbox } from '../support/mail-e2e';

jest.setTimeout(300_000);

const provider = mailProvider({ env: {} });
const cases = [
  ...(provider.resources ?? []).map((r) => ['resources', r.name] as const),
  ...(provider.dataSources ?? []).map((d) => ['data-sources', d.name] as const),
];

let sandbox: MailSandbox;
let ws: MailWorkspace;

beforeAll(async () => {
  sandbox = await startMailSandbox();
  ws = await MailWorkspace.create(sandbox);
  ws.writeConfig('');
  await ws.init();
});

afterAll(async () => {
  ws?.remove();
  await sandbox?.close();
});

test('every example directory is a resource or data source of the provider', () => {
  for (const kind of ['resources', 'data-sources'] as const) {
    const dirs = readdirSync(join(REPO_ROOT, 'examples', kind)).sort();
    const names = cases
      .filter(([k]) => k === kind)
      .map(([, n]) => n)
      .sort();
    expect({ kind, dirs }).toEqual({ kind, dirs: names });
  }
});

test.each(cases)('examples/%s/%s passes terraform validate', async (kind, name) => {
  const dir = join(REPO_ROOT, 'examples', kind, name);
  const body = readdirSync(dir)
    .filter((f) => f.endsWith('.tf'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n');
  ws.writeConfig(body);
  const r = await ws.run(['validate', '-no-color'], { allowFailure: true });
  expect({ code: r.code, output: r.stdout + r.stderr }).toEqual({
    code: 0,
    output: expect.stringContaining('The configuration is valid') as unknown as string,
  });
});
