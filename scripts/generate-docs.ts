/**
 * Writes the provider's documentation in the Terraform registry layout from the schema,
 * the single source of truth (DESIGN.md §3):
 *
 *   docs/index.md                     the provider block
 *   docs/resources/<name>.md          one per resource
 *   docs/data-sources/<name>.md       one per data source
 *   docs/guides/api-assumptions.md    what the API reference leaves open, from wire.ts
 *
 * Each resource and data source page shows its example, examples/resources/<name>/resource.tf
 * (and import.tf) or examples/data-sources/<name>/data-source.tf, which a test runs through
 * terraform validate; a page without one is an error.
 *
 * Run with `node dist/scripts/generate-docs.js [ROOT]` after a build. A test regenerates
 * the pages in memory and fails when the committed ones differ. Every resource or data
 * source listed in provider/resources/index.ts is documented; nothing else to do.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Attribute, Attributes, SchemaDefinition } from '../provider/framework';
import { findThisPackage } from '../packaging';
import { apiAssumptions } from '../provider/infomaniak/wire';
import { mailProvider, PROVIDER_TYPE_NAME } from '../provider/resources/provider';

type Kind = 'Resource' | 'Data Source' | 'Provider';

/** Every page, keyed by its path relative to the repository root (forward slashes). */
export function renderDocs(): Map<string, string> {
  const provider = mailProvider({ env: {} });
  const pages = new Map<string, string>();
  pages.set('docs/index.md', renderPage(PROVIDER_TYPE_NAME, 'Provider', provider.schema));
  for (const r of provider.resources ?? [])
    pages.set(
      `docs/resources/${r.name}.md`,
      renderPage(`${PROVIDER_TYPE_NAME}_${r.name}`, 'Resource', r.schema, exampleOf('resources', r.name)),
    );
  for (const d of provider.dataSources ?? [])
    pages.set(
      `docs/data-sources/${d.name}.md`,
      renderPage(
        `${PROVIDER_TYPE_NAME}_${d.name}`,
        'Data Source',
        d.schema,
        exampleOf('data-sources', d.name),
      ),
    );
  pages.set('docs/guides/api-assumptions.md', renderAssumptions());
  return pages;
}

/** The assumptions are written once, in wire.ts; this page only shows them. */
function renderAssumptions(): string {
  return [
    '---',
    `page_title: 'API assumptions - ${PROVIDER_TYPE_NAME}'`,
    "subcategory: ''",
    'description: |-',
    '  What the Infomaniak API reference leaves open, and what the provider assumes there.',
    '---',
    '',
    '# What the Infomaniak API reference leaves open',
    '',
    "The provider, its client and the sandbox follow Infomaniak's published API reference (OpenAPI 3.1).",
    'Where the reference is silent, the project assumes the following, each written once in',
    '`provider/infomaniak/wire.ts` (marked `ASSUMED`) with the behaviour chosen. This page is generated',
    'from there (`npm run docs`).',
    '',
    ...Object.entries(apiAssumptions).map(([name, text]) => `- **${name}**: ${text}`),
    '',
  ].join('\n');
}

export function writeDocs(root: string): string[] {
  const written: string[] = [];
  for (const [path, text] of renderDocs()) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
    written.push(path);
  }
  return written;
}

interface Example {
  readonly usage: string;
  /** An `import` block, for resources that can be imported. */
  readonly importBlock?: string;
}

export const EXAMPLES_DIR = 'examples';

/** The example files of one resource or data source (required: every page shows one). */
export function exampleOf(kind: 'resources' | 'data-sources', name: string): Example {
  const dir = join(findThisPackage().root, EXAMPLES_DIR, kind, name);
  const usage = join(dir, kind === 'resources' ? 'resource.tf' : 'data-source.tf');
  if (!existsSync(usage)) throw new Error(`${usage} is missing: every ${kind} page shows an example`);
  const importFile = join(dir, 'import.tf');
  return {
    usage: readFileSync(usage, 'utf8').trim(),
    ...(existsSync(importFile) ? { importBlock: readFileSync(importFile, 'utf8').trim() } : {}),
  };
}

function renderPage(typeName: string, kind: Kind, schema: SchemaDefinition, example?: Example): string {
  const description = schema.description ?? '';
  // Sections of the description (`## Import`, ...) go after the schema, as on the registry.
  const split = description.search(/^## /m);
  const intro = (split < 0 ? description : description.slice(0, split)).trim();
  const sections = split < 0 ? '' : description.slice(split).trim();
  const title = kind === 'Provider' ? `${typeName} Provider` : `${typeName} (${kind})`;
  const lines = [
    '---',
    `page_title: '${kind === 'Provider' ? typeName : `${typeName} ${kind}`} - ${PROVIDER_TYPE_NAME}'`,
    "subcategory: ''",
    'description: |-',
    ...firstParagraph(intro).map((l) => `  ${l}`),
    '---',
    '',
    `# ${title}`,
    '',
    intro,
    '',
  ];
  if (kind === 'Provider') lines.push(...providerExample(), '');
  if (example) lines.push('## Example Usage', '', '```terraform', example.usage, '```', '');
  lines.push('## Schema', '', ...renderAttributes(schema.attributes, []));
  if (sections) lines.push(sections, '');
  if (example?.importBlock)
    lines.push(
      'With an `import` block (Terraform 1.5 or later):',
      '',
      '```terraform',
      example.importBlock,
      '```',
      '',
    );
  const text = lines
    .join('\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trimEnd();
  return `${text}\n`;
}

function providerExample(): string[] {
  return [
    '## Example Usage',
    '',
    '```terraform',
    'terraform {',
    '  required_providers {',
    `    ${PROVIDER_TYPE_NAME} = { source = "mailaccess/${PROVIDER_TYPE_NAME}" }`,
    '  }',
    '}',
    '',
    '# The token comes from INFOMANIAK_TOKEN; the endpoint defaults to https://api.infomaniak.com.',
    `provider "${PROVIDER_TYPE_NAME}" {}`,
    '```',
    '',
    'Install the provider for offline use with `npx infomaniak-mail setup-terraform`, then set the ',
    '`TF_CLI_CONFIG_FILE` it prints.',
  ];
}

function firstParagraph(text: string): string[] {
  const paragraph = text.split(/\n\s*\n/)[0] ?? '';
  return paragraph.split('\n').map((l) => l.trimEnd());
}

const GROUPS: readonly [string, (a: Attribute) => boolean][] = [
  ['Required', (a) => a.required],
  ['Optional', (a) => a.optional],
  ['Read-Only', (a) => a.computed && !a.optional],
];

/** The groups of one block, then a "Nested Schema" section for each nested attribute. */
function renderAttributes(attributes: Attributes, path: readonly string[]): string[] {
  const names = Object.keys(attributes).sort();
  const out: string[] = [];
  const nested: [string, Attributes][] = [];
  for (const [group, test] of GROUPS) {
    const members = names.filter((n) => test(attributes[n]));
    if (members.length === 0) continue;
    out.push(`### ${group}`, '');
    for (const name of members) {
      const a = attributes[name];
      const anchor = [...path, name].join('--');
      out.push(`- \`${name}\` (${typeLabel(a, anchor)})${detail(a)}`);
      if (a.shape.kind === 'nested') nested.push([name, a.shape.attributes]);
    }
    out.push('');
  }
  for (const [name, inner] of nested) {
    const anchor = [...path, name].join('--');
    out.push(
      `<a id="nestedatt--${anchor}"></a>`,
      `### Nested Schema for \`${[...path, name].join('.')}\``,
      '',
    );
    out.push(...renderAttributes(inner, [...path, name]));
  }
  return out;
}

function typeLabel(a: Attribute, anchor: string): string {
  const flags = [
    ...(a.sensitive ? ['Sensitive'] : []),
    ...(a.writeOnly
      ? [
          '[Write-only](https://developer.hashicorp.com/terraform/language/resources/ephemeral#write-only-arguments)',
        ]
      : []),
    ...(a.deprecationMessage !== undefined ? ['Deprecated'] : []),
  ];
  return [shapeLabel(a, anchor), ...flags].join(', ');
}

const PRIMITIVE: Record<string, string> = { string: 'String', number: 'Number', bool: 'Boolean' };
const COLLECTION: Record<string, string> = { list: 'List', set: 'Set', map: 'Map' };

function shapeLabel(a: Attribute, anchor: string): string {
  const shape = a.shape;
  switch (shape.kind) {
    case 'primitive':
      return PRIMITIVE[shape.primitive];
    case 'collection':
      return `${COLLECTION[shape.collection]} of ${PRIMITIVE[shape.element]}`;
    case 'nested': {
      const see = `(see [below for nested schema](#nestedatt--${anchor}))`;
      return shape.nesting === 'single'
        ? `Attributes ${see}`
        : `${COLLECTION[shape.nesting]} of Object ${see}`;
    }
  }
}

function detail(a: Attribute): string {
  const parts: string[] = [];
  if (a.description) parts.push(a.description.trim());
  if (a.hasDefault) parts.push(`Defaults to \`${JSON.stringify(a.default)}\`.`);
  if (a.deprecationMessage) parts.push(`**Deprecated:** ${a.deprecationMessage}`);
  return parts.length === 0 ? '' : ` ${parts.join(' ')}`;
}

if (require.main === module) {
  const root = resolve(process.argv[2] ?? findThisPackage(__dirname).root);
  for (const path of writeDocs(root)) process.stdout.write(`wrote ${path}\n`);
}
