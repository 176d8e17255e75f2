/**
 * Attribute paths: formatting for humans, and the small builder the codecs use
 * while walking a value.
 */
import type { AttributePath, AttributePathStep } from '../server';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/**
 * `labels["x"].items[0]`. Attribute names that are not identifiers (never the
 * case in a terraform schema, but paths may come from anywhere) fall back to the
 * index form so the output stays unambiguous.
 */
export function formatPath(path: AttributePath): string {
  let out = '';
  for (const step of path) {
    if ('attributeName' in step) {
      if (IDENTIFIER.test(step.attributeName)) {
        out += out === '' ? step.attributeName : `.${step.attributeName}`;
      } else {
        out += `[${JSON.stringify(step.attributeName)}]`;
      }
    } else if ('elementKeyString' in step) {
      out += `[${JSON.stringify(step.elementKeyString)}]`;
    } else {
      out += `[${step.elementKeyInt}]`;
    }
  }
  return out;
}

export const attributeStep = (name: string): AttributePathStep => ({ attributeName: name });
export const keyStep = (key: string): AttributePathStep => ({ elementKeyString: key });
export const indexStep = (index: number): AttributePathStep => ({ elementKeyInt: index });

/** Appends one step without mutating the input (paths are shared by callers). */
export function appendPath(path: AttributePath, step: AttributePathStep): AttributePath {
  return [...path, step];
}
