/**
 * The fixture provider's whole life with the real terraform binary: init from a local
 * mirror, validate, plan, apply, an empty second plan, drift, in-place update,
 * replacement, write-only rotation, import and destroy.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noteWorkspace, providerBlock } from '../support/note-fixture';
import type { TerraformWorkspace } from '../support/terraform';

interface StoredNote {
  id: string;
  title: string;
  body: string;
  folder: string;
  secret: string;
  password_hash: string | null;
  revision: number;
  links: { url: string; label: string }[] | null;
}

let ws: TerraformWorkspace & { readonly notesDir: string };

const notesFile = () => join(ws.notesDir, 'notes.json');
const notes = (): Record<string, StoredNote> =>
  (JSON.parse(readFileSync(notesFile(), 'utf8')) as { notes: Record<string, StoredNote> }).notes;
const onlyNote = (): StoredNote => {
  const all = Object.values(notes());
  expect(all).toHaveLength(1);
  return all[0];
};
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

function config(opts: { title?: string; folder?: string; password?: string; version?: number } = {}): string {
  return `${providerBlock(ws.notesDir)}
resource "note_note" "a" {
  title               = ${JSON.stringify(opts.title ?? 'hello')}
  ${opts.folder ? `folder = ${JSON.stringify(opts.folder)}` : ''}
  tags                = { team = "platform" }
  meta                = { color = "green", priority = 2 }
  links               = [{ url = "https://example.com" }, { url = "https://example.org", label = "org" }]
  password_wo         = ${JSON.stringify(opts.password ?? 'first-password')}
  password_wo_version = ${opts.version ?? 1}
}

data "note_note" "a" {
  id = note_note.a.id
}

output "title_from_data" {
  value = data.note_note.a.title
}
`;
}

const plan = (...extra: string[]) =>
  ws.run(['plan', '-input=false', '-no-color', '-detailed-exitcode', ...extra], { allowFailure: true });
const apply = () => ws.run(['apply', '-input=false', '-no-color', '-auto-approve']);

beforeAll(async () => {
  ws = await noteWorkspace();
});

afterAll(() => ws?.remove());

test('init installs the provider from the local filesystem mirror', async () => {
  ws.write('main.tf', config());
  const r = await ws.init();
  expect(r.stdout).toContain('Installed fixtures/note v0.1.0');
});

test('validate accepts the configuration', async () => {
  const r = await ws.run(['validate', '-no-color']);
  expect(r.stdout).toContain('The configuration is valid');
});

test('plan shows a create with sensitive, write-only and known-after-apply values', async () => {
  const r = await plan();
  expect(r.code).toBe(2);
  expect(r.stdout).toContain('# note_note.a will be created');
  expect(r.stdout).toMatch(/secret\s+= \(sensitive value\)/);
  expect(r.stdout).toMatch(/password_wo\s+= \(write-only attribute\)/);
  expect(r.stdout).toMatch(/folder\s+= "inbox"/);
  expect(r.stdout).toMatch(/id\s+= \(known after apply\)/);
  expect(r.stdout).not.toContain('first-password');
});

test('apply creates the note; the second plan is empty', async () => {
  const r = await apply();
  expect(r.stdout).toContain('Apply complete! Resources: 1 added');
  expect(r.stdout).toContain('title_from_data = "hello"');
  const note = onlyNote();
  expect(note).toMatchObject({ title: 'hello', body: '', folder: 'inbox', revision: 1 });
  expect(note.secret).toMatch(/^[0-9a-f]{32}$/);
  expect(note.password_hash).toBe(sha256('first-password'));
  expect(note.links).toEqual([
    { url: 'https://example.com', label: 'https://example.com' },
    { url: 'https://example.org', label: 'org' },
  ]);
  const second = await plan();
  expect(second.stdout).toContain('No changes.');
  expect(second.code).toBe(0);
});

test('an out-of-band change shows in the next plan, and apply puts it back', async () => {
  const file = JSON.parse(readFileSync(notesFile(), 'utf8'));
  const id = Object.keys(file.notes)[0];
  file.notes[id].title = 'edited by hand';
  writeFileSync(notesFile(), JSON.stringify(file));
  const r = await plan();
  expect(r.code).toBe(2);
  expect(r.stdout).toContain('# note_note.a will be updated in-place');
  expect(r.stdout).toContain('~ title               = "edited by hand" -> "hello"');
  await apply();
  expect(onlyNote().title).toBe('hello');
  expect((await plan()).code).toBe(0);
});

test('a note deleted out of band is planned for creation again', async () => {
  writeFileSync(notesFile(), JSON.stringify({ notes: {} }));
  const r = await plan();
  expect(r.code).toBe(2);
  expect(r.stdout).toContain('# note_note.a will be created');
  await apply();
  expect((await plan()).code).toBe(0);
});

test('an in-place update keeps the id and secret and recomputes the revision', async () => {
  const before = onlyNote();
  ws.write('main.tf', config({ title: 'renamed' }));
  const r = await plan();
  expect(r.stdout).toContain('# note_note.a will be updated in-place');
  expect(r.stdout).toMatch(/revision\s+= \d+ -> \(known after apply\)/);
  expect(r.stdout).not.toMatch(/secret\s+=.*known after apply/);
  await apply();
  const after = onlyNote();
  expect(after).toMatchObject({
    id: before.id,
    secret: before.secret,
    title: 'renamed',
    revision: before.revision + 1,
  });
  expect((await plan()).code).toBe(0);
});

test('changing a requires-replace attribute forces replacement', async () => {
  const before = onlyNote();
  ws.write('main.tf', config({ title: 'renamed', folder: 'archive' }));
  const r = await plan();
  expect(r.stdout).toContain('# note_note.a must be replaced');
  expect(r.stdout).toMatch(/~ folder\s+= "inbox" -> "archive" # forces replacement/);
  await apply();
  const after = onlyNote();
  expect(after.id).not.toBe(before.id);
  expect(after.folder).toBe('archive');
  expect((await plan()).code).toBe(0);
});

test('a new write-only version applies the new password without storing it', async () => {
  ws.write(
    'main.tf',
    config({ title: 'renamed', folder: 'archive', password: 'second-password', version: 2 }),
  );
  const r = await plan();
  expect(r.stdout).toMatch(/password_hash\s+= "[0-9a-f]+" -> \(known after apply\)/);
  await apply();
  expect(onlyNote().password_hash).toBe(sha256('second-password'));
  const state = (await ws.run(['show', '-json'])).stdout;
  expect(state).not.toContain('second-password');
  expect(state).not.toContain('first-password');
  expect((await plan()).code).toBe(0);
});

test('import adopts an existing note', async () => {
  const file = JSON.parse(readFileSync(notesFile(), 'utf8'));
  file.notes['note-000000000001'] = {
    id: 'note-000000000001',
    title: 'made by hand',
    body: 'some text',
    folder: 'inbox',
    tags: null,
    meta: null,
    links: null,
    secret: 'handmadesecret00',
    password_hash: null,
    created_at: '2026-01-01T00:00:00.000Z',
    revision: 7,
  };
  writeFileSync(notesFile(), JSON.stringify(file));
  ws.write(
    'imported.tf',
    'resource "note_note" "imported" {\n  title = "made by hand"\n  body  = "some text"\n}\n',
  );
  const r = await ws.run(['import', '-input=false', '-no-color', 'note_note.imported', 'note-000000000001']);
  expect(r.stdout).toContain('Import successful!');
  const shown = await ws.run(['state', 'show', '-no-color', 'note_note.imported']);
  expect(shown.stdout).toContain('"made by hand"');
  expect(shown.stdout).toMatch(/revision\s+= 7/);
  expect(shown.stdout).toMatch(/secret\s+= \(sensitive value\)/);
  expect((await plan()).code).toBe(0);
});

test('importing an unknown id fails with the resource gone', async () => {
  ws.write('ghost.tf', 'resource "note_note" "ghost" {\n  title = "x"\n}\n');
  const r = await ws.run(['import', '-input=false', '-no-color', 'note_note.ghost', 'note-ffffffffffff'], {
    allowFailure: true,
  });
  expect(r.code).not.toBe(0);
  expect(r.stderr).toMatch(/Cannot import non-existent remote object/);
  ws.write('ghost.tf', '');
});

test('destroy removes every note', async () => {
  const r = await ws.run(['destroy', '-input=false', '-no-color', '-auto-approve']);
  expect(r.stdout).toContain('Destroy complete! Resources: 2 destroyed.');
  expect(notes()).toEqual({});
});
