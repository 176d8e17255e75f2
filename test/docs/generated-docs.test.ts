/**
 * The committed docs are generated from the provider schema: regenerate them in memory
 * and compare, so a schema change without `npm run docs` fails here. Hand-written guides
 * sit beside the generated one in docs/guides/ and are left alone, but must be pages the
 * registry renders; every relative link in the docs and the README must lead somewhere.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GENERATED_GUIDE_MARK, renderDocs } from '../../scripts/generate-docs';
import { docsDrift, handWrittenGuides } from './docs-drift';

const ROOT = join(__dirname, '..', '..');
const HINT = 'Regenerate them: npm run docs';
const pages = renderDocs();

test('docs/ matches the provider schema', () => {
  const { stale, extra } = docsDrift(ROOT, pages);
  if (stale.length > 0 || extra.length > 0)
    throw new Error(
      `Generated docs are out of date.\n  stale or missing: ${stale.join(', ') || 'none'}\n` +
        `  no longer generated: ${extra.join(', ') || 'none'}\n${HINT}`,
    );
});

test('every resource and data source page documents every attribute with a description', () => {
  for (const [path, text] of pages) {
    expect(text).toMatch(/^---\npage_title: /);
    // An attribute line without a description ends right after its type.
    const bare = text.split('\n').filter((l) => /^- `[a-z_]+` \([^)]*\)$/.test(l));
    expect({ path, bare }).toEqual({ path, bare: [] });
  }
});

test('the hand-written guides are registry guides: front matter with title, subcategory and description', () => {
  const guides = handWrittenGuides(ROOT, pages);
  expect(guides).toEqual(
    expect.arrayContaining([
      'docs/guides/cdktf.md',
      'docs/guides/encrypted-passwords.md',
      'docs/guides/report.md',
    ]),
  );
  for (const path of guides) {
    const text = readFileSync(join(ROOT, path), 'utf8');
    const front = /^---\n([\s\S]*?)\n---\n\n# /.exec(text)?.[1] ?? '';
    expect({ path, front }).toEqual({
      path,
      front: expect.stringMatching(
        /^page_title: '[^'\n]+ - infomaniakmail'\nsubcategory: '[^'\n]*'\ndescription: \|-\n {2}\S/,
      ),
    });
  }
  // The guides moved: nothing is left where they were.
  expect(readdirSync(join(ROOT, 'docs')).filter((f) => f.endsWith('.md'))).toEqual(['index.md']);
});

describe('the drift check', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'docs-drift-'));
    for (const [path, text] of pages) write(path, text);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('leaves a hand-written guide alone', () => {
    write('docs/guides/handmade.md', "---\npage_title: 'Handmade - infomaniakmail'\n---\n\n# Handmade\n");
    expect(docsDrift(root, pages)).toEqual({ stale: [], extra: [] });
    expect(handWrittenGuides(root, pages)).toEqual(['docs/guides/handmade.md']);
  });

  it('flags a generated guide edited by hand, one no longer generated, and any stray resource page', () => {
    const generated = [...pages.keys()].find((p) => p.startsWith('docs/guides/'))!;
    expect(pages.get(generated)).toContain(GENERATED_GUIDE_MARK);
    write(generated, `${pages.get(generated)}\nAn edit by hand.\n`);
    write('docs/guides/gone.md', `---\npage_title: 'Gone'\n---\n\n${GENERATED_GUIDE_MARK}\n`);
    write('docs/resources/gone.md', '# Gone\n');
    expect(docsDrift(root, pages)).toEqual({
      stale: [generated],
      extra: ['docs/resources/gone.md', 'docs/guides/gone.md'],
    });
    expect(handWrittenGuides(root, pages)).toEqual([]);
  });
});

test('every relative link in docs/ and the README leads to a file', () => {
  const files = ['README.md'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true }))
      if (entry.isDirectory()) walk(`${dir}/${entry.name}`);
      else if (entry.name.endsWith('.md')) files.push(`${dir}/${entry.name}`);
  };
  walk('docs');
  const broken: string[] = [];
  let links = 0;
  for (const file of files)
    for (const [, target] of readFileSync(join(ROOT, file), 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:|^#/.test(target)) continue;
      links++;
      if (!existsSync(join(ROOT, dirname(file), target.replace(/#.*$/, ''))))
        broken.push(`${file}: ${target}`);
    }
  expect(links).toBeGreaterThan(10);
  expect(broken).toEqual([]);
});
