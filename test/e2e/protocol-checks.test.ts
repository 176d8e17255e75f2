/**
 * What terraform shows users about the fixture provider: the schema with descriptions,
 * validation errors that name the attribute, no secret in trace logs, ephemeral values
 * feeding write-only attributes, and state upgrades.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noteWorkspace, providerBlock } from '../support/note-fixture';
import type { TerraformWorkspace } from '../support/terraform';

let ws: TerraformWorkspace & { readonly notesDir: string };

beforeAll(async () => {
  ws = await noteWorkspace();
  ws.write('main.tf', providerBlock(ws.notesDir));
  await ws.init();
});

afterAll(() => ws?.remove());

interface SchemaAttribute {
  type?: unknown;
  description?: string;
  description_kind?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
  write_only?: boolean;
  nested_type?: { nesting_mode: string; attributes: Record<string, SchemaAttribute> };
}

test('providers schema -json shows the schema with markdown descriptions', async () => {
  const r = await ws.run(['providers', 'schema', '-json']);
  const schemas = JSON.parse(r.stdout).provider_schemas['registry.terraform.io/fixtures/note'];
  expect(schemas.provider.block.attributes.dir).toMatchObject({ type: 'string', required: true });
  const note = schemas.resource_schemas.note_note;
  expect(note.version).toBe(1);
  expect(note.block.description).toBe('A note kept in the fixture store (a JSON file).');
  const attrs: Record<string, SchemaAttribute> = note.block.attributes;
  expect(attrs.title).toMatchObject({ type: 'string', required: true, description: 'Title of the note.' });
  expect(attrs.folder).toMatchObject({
    optional: true,
    computed: true,
    description: 'Folder holding the note. Changing it **replaces** the note.',
    description_kind: 'markdown',
  });
  expect(attrs.secret).toMatchObject({ computed: true, sensitive: true });
  expect(attrs.password_wo).toMatchObject({ optional: true, write_only: true, sensitive: true });
  expect(attrs.tags.type).toEqual(['map', 'string']);
  expect(attrs.links.nested_type?.nesting_mode).toBe('list');
  expect(attrs.links.nested_type?.attributes.url).toMatchObject({
    required: true,
    description: 'Where the link points.',
  });
  expect(attrs.meta.nested_type?.nesting_mode).toBe('single');
  expect(schemas.data_source_schemas.note_note.block.attributes.id).toMatchObject({ required: true });
  expect(schemas.ephemeral_resource_schemas.note_token.block.attributes.value).toMatchObject({
    computed: true,
    sensitive: true,
  });
});

describe('validation errors name the attribute', () => {
  const validate = async (body: string) => {
    ws.write('main.tf', `${providerBlock(ws.notesDir)}\nresource "note_note" "bad" {\n${body}\n}\n`);
    const r = await ws.run(['validate', '-no-color'], { allowFailure: true });
    expect(r.code).toBe(1);
    return r.stderr + r.stdout;
  };

  test('a top-level attribute', async () => {
    const out = await validate('  title = ""');
    expect(out).toContain('Error: Invalid value for "title"');
    expect(out).toContain('Must be at least 1 characters long (got 0).');
    expect(out).toMatch(/title = ""/);
  });

  test('an attribute inside a nested object', async () => {
    const out = await validate('  title = "ok"\n  meta = { color = "purple" }');
    expect(out).toContain('Error: Invalid value for "meta.color"');
    expect(out).toContain('Must be one of "red", "green", "blue" (got "purple").');
  });

  test('an element of a map', async () => {
    const out = await validate(`  title = "ok"\n  tags = { long = "${'x'.repeat(41)}" }`);
    expect(out).toContain('Error: Invalid value for "tags["long"]"');
  });

  test('a cross-attribute rule from validateConfig', async () => {
    const out = await validate('  title = "ok"\n  password_wo = "long-enough-password"');
    expect(out).toContain('Error: Missing "password_wo_version"');
  });

  test('a default-valued attribute with a regex', async () => {
    const out = await validate('  title = "ok"\n  folder = "Not Valid"');
    expect(out).toContain('Error: Invalid value for "folder"');
    expect(out).toContain('Must be lowercase letters, digits and dashes.');
  });
});

test('TF_LOG=trace output holds neither the generated secret nor the write-only value', async () => {
  const password = 'wo-value-that-must-not-leak-8d1f';
  ws.write(
    'main.tf',
    `${providerBlock(ws.notesDir)}
resource "note_note" "traced" {
  title               = "traced"
  password_wo         = "${password}"
  password_wo_version = 1
}
output "secret" {
  value     = note_note.traced.secret
  sensitive = true
}
`,
  );
  const env = { TF_LOG: 'trace' };
  const applied = await ws.run(['apply', '-input=false', '-no-color', '-auto-approve'], { env });
  const planned = await ws.run(['plan', '-input=false', '-no-color'], { env });
  const file = JSON.parse(readFileSync(join(ws.notesDir, 'notes.json'), 'utf8'));
  const secret = (Object.values(file.notes)[0] as { secret: string }).secret;
  expect(secret).toMatch(/^[0-9a-f]{32}$/);
  const logs = [applied, planned].map((r) => r.stdout + r.stderr).join('\n');
  // The provider did log at trace level (so the check is not vacuous).
  expect(logs).toContain('provider.terraform-provider-note');
  expect(logs).not.toContain(secret);
  expect(logs).not.toContain(password);
  await ws.run(['destroy', '-input=false', '-no-color', '-auto-approve']);
});

test('an ephemeral value feeds a write-only attribute', async () => {
  ws.write(
    'main.tf',
    `${providerBlock(ws.notesDir)}
ephemeral "note_token" "t" {
  length = 24
}
resource "note_note" "eph" {
  title               = "ephemeral"
  password_wo         = ephemeral.note_token.t.value
  password_wo_version = 1
}
`,
  );
  await ws.run(['apply', '-input=false', '-no-color', '-auto-approve']);
  const file = JSON.parse(readFileSync(join(ws.notesDir, 'notes.json'), 'utf8'));
  const note = Object.values(file.notes)[0] as { password_hash: string | null };
  expect(note.password_hash).toMatch(/^[0-9a-f]{64}$/);
  await ws.run(['destroy', '-input=false', '-no-color', '-auto-approve']);
});

test('state written by schema version 0 is upgraded', async () => {
  const id = 'note-00000000000a';
  writeFileSync(
    join(ws.notesDir, 'notes.json'),
    JSON.stringify({
      notes: {
        [id]: {
          id,
          title: 'old',
          body: 'old text',
          folder: 'inbox',
          tags: null,
          meta: null,
          links: null,
          secret: 'oldsecret0000000',
          password_hash: null,
          created_at: '2025-01-01T00:00:00.000Z',
          revision: 1,
        },
      },
    }),
  );
  const v0 = {
    id,
    title: 'old',
    text: 'old text',
    folder: 'inbox',
    tags: null,
    meta: null,
    links: null,
    secret: 'oldsecret0000000',
    password_wo: null,
    password_wo_version: null,
    password_hash: null,
    created_at: '2025-01-01T00:00:00.000Z',
  };
  ws.write(
    'terraform.tfstate',
    JSON.stringify({
      version: 4,
      terraform_version: '1.11.0',
      serial: 1,
      lineage: '00000000-0000-0000-0000-000000000000',
      outputs: {},
      resources: [
        {
          mode: 'managed',
          type: 'note_note',
          name: 'old',
          provider: 'provider["registry.terraform.io/fixtures/note"]',
          instances: [{ schema_version: 0, attributes: v0, sensitive_attributes: [] }],
        },
      ],
      check_results: null,
    }),
  );
  ws.write(
    'main.tf',
    `${providerBlock(ws.notesDir)}\nresource "note_note" "old" {\n  title = "old"\n  body = "old text"\n}\n`,
  );
  const r = await ws.run(['plan', '-input=false', '-no-color', '-detailed-exitcode'], { allowFailure: true });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  await ws.run(['apply', '-input=false', '-no-color', '-auto-approve', '-refresh-only']);
  const shown = await ws.run(['state', 'show', '-no-color', 'note_note.old']);
  expect(shown.stdout).toMatch(/body\s+= "old text"/);
  expect(shown.stdout).toMatch(/revision\s+= 1/);
});
