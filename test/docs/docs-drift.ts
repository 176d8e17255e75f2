/**
 * How the committed docs differ from what scripts/generate-docs.ts renders. docs/resources
 * and docs/data-sources are wholly generated; docs/guides also holds hand-written guides,
 * so there a page counts as generated only when it carries GENERATED_GUIDE_MARK.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_GUIDE_MARK } from '../../scripts/generate-docs';

export const GENERATED_DIRS = ['docs/resources', 'docs/data-sources'] as const;
export const GUIDES_DIR = 'docs/guides';

export interface DocsDrift {
  /** Generated pages missing or differing from what the generator renders. */
  readonly stale: readonly string[];
  /** Generated pages the generator no longer renders. */
  readonly extra: readonly string[];
}

function markdownIn(root: string, dir: string): string[] {
  return existsSync(join(root, dir))
    ? readdirSync(join(root, dir))
        .filter((f) => f.endsWith('.md'))
        .sort()
        .map((f) => `${dir}/${f}`)
    : [];
}

const isGeneratedGuide = (root: string, path: string): boolean =>
  readFileSync(join(root, path), 'utf8').includes(GENERATED_GUIDE_MARK);

export function docsDrift(root: string, pages: ReadonlyMap<string, string>): DocsDrift {
  const stale = [...pages]
    .filter(
      ([path, text]) => !existsSync(join(root, path)) || readFileSync(join(root, path), 'utf8') !== text,
    )
    .map(([path]) => path);
  const extra = [
    ...GENERATED_DIRS.flatMap((dir) => markdownIn(root, dir)),
    ...markdownIn(root, GUIDES_DIR).filter((p) => isGeneratedGuide(root, p)),
  ].filter((p) => !pages.has(p));
  return { stale, extra };
}

/** The guides nobody generates. */
export function handWrittenGuides(root: string, pages: ReadonlyMap<string, string>): string[] {
  return markdownIn(root, GUIDES_DIR).filter((p) => !pages.has(p) && !isGeneratedGuide(root, p));
}
