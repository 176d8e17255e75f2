/**
 * The committed docs are generated from the provider schema: regenerate them in memory
 * and compare, so a schema change without `npm run docs` fails here.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderDocs } from '../../scripts/generate-docs';

const ROOT = join(__dirname, '..', '..');
const HINT = 'Regenerate them: npm run docs';

test('docs/ matches the provider schema', () => {
  const pages = renderDocs();
  const stale: string[] = [];
  for (const [path, text] of pages) {
    const file = join(ROOT, path);
    if (!existsSync(file) || readFileSync(file, 'utf8') !== text) stale.push(path);
  }
  const generatedDirs = ['docs/resources', 'docs/data-sources', 'docs/guides'];
  const extra = generatedDirs.flatMap((dir) =>
    existsSync(join(ROOT, dir))
      ? readdirSync(join(ROOT, dir))
          .filter((f) => f.endsWith('.md'))
          .map((f) => `${dir}/${f}`)
          .filter((p) => !pages.has(p))
      : [],
  );
  if (stale.length > 0 || extra.length > 0)
    throw new Error(
      `Generated docs are out of date.\n  stale or missing: ${stale.join(', ') || 'none'}\n` +
        `  no longer generated: ${extra.join(', ') || 'none'}\n${HINT}`,
    );
});

test('every resource and data source page documents every attribute with a description', () => {
  for (const [path, text] of renderDocs()) {
    expect(text).toMatch(/^---\npage_title: /);
    // An attribute line without a description ends right after its type.
    const bare = text.split('\n').filter((l) => /^- `[a-z_]+` \([^)]*\)$/.test(l));
    expect({ path, bare }).toEqual({ path, bare: [] });
  }
});
