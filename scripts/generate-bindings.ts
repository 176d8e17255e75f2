/**
 * Generates the CDKTF L1 bindings in src/generated/ from the provider schema, the single
 * source of truth (DESIGN.md §3). The output is shaped like the prebuilt
 * `@cdktf/provider-*` packages: one folder per resource or data source, a typed config
 * interface documented from the schema descriptions, a class whose getters return tokens,
 * and `synthesizeAttributes` / `synthesizeHclAttributes`.
 *
 *   npm run generate:bindings          (build, then write src/generated/)
 *
 * Prettier formats the output; jest cannot load prettier 3 (it imports ESM dynamically), so
 * the drift test runs this script in a child process with `--json`.
 *
 * It also writes src/generated/api-rules.ts: the API rules of provider/infomaniak/wire.ts
 * (name pattern, lengths, enums) as literals, for the constructs to validate at synth.
 *
 * What one block's file holds is rendered by bindings-block.ts (nested attributes in
 * bindings-nested.ts, one attribute's types and mappers in bindings-attribute.ts).
 *
 * This script imports the provider; the files it writes import only `cdktf` and
 * `constructs` (api-rules.ts imports nothing), so src/ never loads provider runtime code. A test renders the bindings in
 * memory and fails when the committed ones differ.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as prettier from 'prettier';
import { findThisPackage } from '../packaging';
import { mailProvider, PROVIDER_TYPE_NAME } from '../provider/resources/provider';
import { API_RULES_FILE, renderApiRules } from './api-rules';
import { renderBlock, renderIndex, type Block } from './bindings-block';
import { kebab, pascal } from './bindings-names';

export const GENERATED_DIR = 'src/generated';

/** Every generated file's text (formatted), keyed by its path relative to the repository root. */
export async function renderBindings(root: string = findThisPackage().root): Promise<Map<string, string>> {
  const provider = mailProvider({ env: {} });
  const blocks: Block[] = [
    {
      kind: 'provider',
      typeName: PROVIDER_TYPE_NAME,
      folder: 'provider',
      className: `${pascal(PROVIDER_TYPE_NAME)}Provider`,
      schema: provider.schema,
      docsPage: 'docs/index.md',
    },
    ...(provider.resources ?? []).map((r): Block => ({
      kind: 'resource',
      typeName: `${PROVIDER_TYPE_NAME}_${r.name}`,
      folder: kebab(r.name),
      className: pascal(r.name),
      schema: r.schema,
      docsPage: `docs/resources/${r.name}.md`,
    })),
    ...(provider.dataSources ?? []).map((d): Block => ({
      kind: 'data source',
      typeName: `${PROVIDER_TYPE_NAME}_${d.name}`,
      folder: `data-${kebab(PROVIDER_TYPE_NAME)}-${kebab(d.name)}`,
      className: `Data${pascal(PROVIDER_TYPE_NAME)}${pascal(d.name)}`,
      schema: d.schema,
      docsPage: `docs/data-sources/${d.name}.md`,
    })),
  ];
  const files = new Map<string, string>();
  for (const block of blocks) files.set(`${GENERATED_DIR}/${block.folder}/index.ts`, renderBlock(block));
  files.set(`${GENERATED_DIR}/index.ts`, renderIndex(blocks));
  files.set(API_RULES_FILE, renderApiRules());
  const options = (await prettier.resolveConfig(join(root, 'package.json'))) ?? {};
  const formatted = new Map<string, string>();
  for (const [path, text] of files)
    formatted.set(path, await prettier.format(text, { ...options, parser: 'typescript' }));
  return formatted;
}

/** Writes the bindings under `root` and removes generated files that are no longer produced. */
export async function writeBindings(root: string): Promise<string[]> {
  const files = await renderBindings(root);
  const dir = join(root, GENERATED_DIR);
  if (existsSync(dir))
    for (const entry of readdirSync(dir, { withFileTypes: true }))
      if (!files.has(`${GENERATED_DIR}/${entry.name}${entry.isDirectory() ? '/index.ts' : ''}`))
        rmSync(join(dir, entry.name), { recursive: true, force: true });
  for (const [path, text] of files) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return [...files.keys()];
}

/** `--json`: print the rendered files as one JSON object instead of writing them (for the drift test). */
async function main(args: readonly string[]): Promise<void> {
  const root = findThisPackage().root;
  if (args.includes('--json')) {
    process.stdout.write(JSON.stringify(Object.fromEntries(await renderBindings(root))));
    return;
  }
  const written = await writeBindings(root);
  process.stdout.write(`Wrote ${written.length} files under ${join(root, GENERATED_DIR)}\n`);
}

if (require.main === module)
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
