/**
 * Attribute paths as the protocol carries them (a list of steps), with small helpers so
 * that resource authors can write `attrPath('items', 0, 'name')` or
 * `attrPath('tags', { key: 'env' })` instead of building step objects by hand.
 */
import { formatPath } from '../protocol/cty/path';
import type { AttributePath, AttributePathStep } from '../protocol/server';

export type { AttributePath, AttributePathStep };

/** A path segment: an attribute name, a list index, or a map key. */
export type PathSegment = string | number | { readonly key: string };

/** What diagnostics accept: a full path, or a top-level attribute name. */
export type PathLike = AttributePath | string;

export function attrPath(...segments: readonly PathSegment[]): AttributePath {
  return segments.map(toStep);
}

function toStep(segment: PathSegment): AttributePathStep {
  if (typeof segment === 'string') return { attributeName: segment };
  if (typeof segment === 'number') return { elementKeyInt: segment };
  return { elementKeyString: segment.key };
}

export function toPath(p: PathLike): AttributePath {
  return typeof p === 'string' ? [{ attributeName: p }] : p;
}

export function child(parent: AttributePath, step: AttributePathStep): AttributePath {
  return [...parent, step];
}

export function childAttr(parent: AttributePath, name: string): AttributePath {
  return [...parent, { attributeName: name }];
}

/** Human form used in our own diagnostic texts: `items[0].name`, `tags["env"]`. */
export function describePath(path: AttributePath): string {
  return path.length === 0 ? '(resource)' : formatPath(path);
}
