/**
 * The L1 bindings in src/generated/ are generated from the provider schema: render them
 * again and compare, so a schema change without `npm run generate:bindings` fails here.
 * The same holds for src/generated/api-rules.ts, the API rules of provider/infomaniak/wire.ts
 * that the constructs check at synth. Also holds the layering rule of DESIGN.md §3: src/ never
 * imports provider runtime code (packaging/, which both use, imports neither).
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
// Only the test compares with the provider's rules; src/ never imports them.
import * as wire from '../../provider/infomaniak/wire';

const ROOT = join(__dirname, '..', '..');
const GENERATED_DIR = 'src/generated';
const HINT = 'Regenerate them: npm run generate:bindings';

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

let rendered: Promise<Map<string, string>> | undefined;

/** The generator's output, from a child process (jest cannot load prettier 3, which the generator uses). */
function render(): Promise<Map<string, string>> {
  rendered ??= promisify(execFile)(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'scripts', 'generate-bindings.ts'), '--json'],
    { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 },
  ).then(({ stdout }) => new Map(Object.entries(JSON.parse(stdout) as Record<string, string>)));
  return rendered;
}

test('src/generated matches the provider schema', async () => {
  const files = await render();
  const stale = [...files.keys()].filter((path) => {
    const file = join(ROOT, path);
    return !existsSync(file) || readFileSync(file, 'utf8') !== files.get(path);
  });
  const extra = walk(join(ROOT, GENERATED_DIR))
    .map((f) => relative(ROOT, f).split('\\').join('/'))
    .filter((p) => !files.has(p));
  if (stale.length > 0 || extra.length > 0)
    throw new Error(
      `The L1 bindings are out of date.\n  stale or missing: ${stale.join(', ') || 'none'}\n` +
        `  no longer generated: ${extra.join(', ') || 'none'}\n${HINT}`,
    );
});

test('every resource and data source has a binding', async () => {
  const index = (await render()).get(`${GENERATED_DIR}/index.ts`) ?? '';
  for (const name of [
    'provider',
    'address',
    'device',
    'userAccess',
    'accessPolicy',
    'dataInfomaniakmailAddress',
    'dataInfomaniakmailDevices',
    'dataInfomaniakmailUsers',
  ])
    expect(index).toContain(`export * as ${name} from`);
});

test('src/generated/api-rules.ts holds the rules of provider/infomaniak/wire.ts', async () => {
  const file = (await render()).get(`${GENERATED_DIR}/api-rules.ts`);
  expect(file).toBeDefined();
  // What is rendered is what src/ loads (the drift test above compares the file with it).
  const rules = await import('../../src/generated/api-rules');
  expect({
    MAILBOX_NAME_PATTERN: rules.MAILBOX_NAME_PATTERN,
    MAILBOX_NAME_MAX_LENGTH: rules.MAILBOX_NAME_MAX_LENGTH,
    MAILBOX_NOTE_MAX_LENGTH: rules.MAILBOX_NOTE_MAX_LENGTH,
    DEVICE_LABEL_MAX_LENGTH: rules.DEVICE_LABEL_MAX_LENGTH,
    DEVICE_LABEL_FORBIDDEN_RANGES: rules.DEVICE_LABEL_FORBIDDEN_RANGES,
    deviceProtocols: rules.deviceProtocols,
    DEFAULT_DEVICE_PROTOCOLS: rules.DEFAULT_DEVICE_PROTOCOLS,
    deviceTypes: rules.deviceTypes,
    mailboxPermissions: rules.mailboxPermissions,
    invitationLanguages: rules.invitationLanguages,
    DEFAULT_INVITATION_LANGUAGE: rules.DEFAULT_INVITATION_LANGUAGE,
    LABEL_UNIQUENESS: rules.LABEL_UNIQUENESS,
  }).toEqual({
    MAILBOX_NAME_PATTERN: wire.MAILBOX_NAME_PATTERN,
    MAILBOX_NAME_MAX_LENGTH: wire.MAILBOX_NAME_MAX_LENGTH,
    MAILBOX_NOTE_MAX_LENGTH: wire.MAILBOX_NOTE_MAX_LENGTH,
    DEVICE_LABEL_MAX_LENGTH: wire.DEVICE_LABEL_MAX_LENGTH,
    DEVICE_LABEL_FORBIDDEN_RANGES: wire.DEVICE_LABEL_FORBIDDEN_RANGES,
    deviceProtocols: wire.deviceProtocols,
    DEFAULT_DEVICE_PROTOCOLS: wire.DEFAULT_DEVICE_PROTOCOLS,
    deviceTypes: wire.deviceTypes,
    mailboxPermissions: wire.mailboxPermissions,
    invitationLanguages: wire.invitationLanguages,
    DEFAULT_INVITATION_LANGUAGE: wire.DEFAULT_INVITATION_LANGUAGE,
    LABEL_UNIQUENESS: wire.apiAssumptions.labelUniqueness,
  });
});

test('src/ restates no API rule: the constructs read them from the generated file', () => {
  const sources = walk(join(ROOT, 'src'))
    .filter(
      (f) =>
        f.endsWith('.ts') &&
        !f.endsWith('.test.ts') &&
        !relative(ROOT, f).startsWith(join('src', 'generated')),
    )
    // Code only: doc comments may show the values.
    .map((f) => [relative(ROOT, f), stripComments(readFileSync(f, 'utf8'))] as const);
  const restated = sources.filter(([, text]) =>
    [wire.MAILBOX_NAME_PATTERN, "'pop3-imap'", "'manage_filters'", "'computer'"].some((rule) =>
      text.includes(rule),
    ),
  );
  expect(restated.map(([path]) => path)).toEqual([]);
});

test('every generated file says it is generated and imports only cdktf and constructs', async () => {
  for (const [path, text] of await render()) {
    expect({ path, header: text.startsWith('// Generated by scripts/generate-bindings.ts') }).toEqual({
      path,
      header: true,
    });
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    const foreign = imports.filter((i) => !['cdktf', 'constructs'].includes(i) && !i.startsWith('./'));
    expect({ path, foreign }).toEqual({ path, foreign: [] });
  }
});

test('src/ never imports provider runtime code', () => {
  const src = join(ROOT, 'src');
  // Packaging (never runs at plan or apply time) is the one exception: the constructs put the
  // provider next to each synthesized stack.
  const packaging = join(ROOT, 'packaging');
  const offenders = walk(src)
    // The constructs' own tests (beside them) may compare with the provider's rules.
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .filter((f) =>
      [...readFileSync(f, 'utf8').matchAll(/(?:from|require\()\s*'([^']+)'/g)].some((m) => {
        const target = join(f, '..', m[1]);
        return m[1].startsWith('.') && !target.startsWith(src) && target !== packaging;
      }),
    )
    .map((f) => relative(ROOT, f));
  expect(offenders).toEqual([]);
});

test('the construct files of src/ import each other in one direction', () => {
  const src = join(ROOT, 'src');
  // The one back reference: Mailbox.service keeps its MailService type (service.mailbox() returns
  // a Mailbox); it is type-only, so it is gone at run time.
  const backReference = /^import type [^;]* from '\.\/mail-service';/m;
  const imports = new Map(
    readdirSync(src)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f): [string, string[]] => {
        let text = readFileSync(join(src, f), 'utf8');
        if (f === 'mailbox.ts') text = text.replace(backReference, '');
        return [
          f.replace(/\.ts$/, ''),
          [...text.matchAll(/^import [^;]*? from '\.\/([^'/]+)';/gm)].map((m) => m[1]),
        ];
      }),
  );
  expect(imports.get('mail-device')).toContain('imailbox');
  const cycles: string[] = [];
  const visit = (file: string, path: readonly string[]): void => {
    for (const next of imports.get(file) ?? [])
      if (path.includes(next)) cycles.push([...path.slice(path.indexOf(next)), next].join(' -> '));
      else visit(next, [...path, next]);
  };
  for (const file of imports.keys()) visit(file, [file]);
  expect([...new Set(cycles)]).toEqual([]);
});

test('packaging/ imports only Node.js and itself, so both provider/cli and src/ may use it', () => {
  const packaging = join(ROOT, 'packaging');
  const imports = walk(packaging)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/(?:from|require\()\s*'([^']+)'/g)].map((m) => ({
        file: relative(ROOT, f),
        target: m[1],
      })),
    );
  expect(imports.length).toBeGreaterThan(0);
  expect(imports.filter(({ target }) => !target.startsWith('node:') && !target.startsWith('./'))).toEqual([]);
});
