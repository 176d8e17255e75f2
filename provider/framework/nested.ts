/**
 * Walking nested attributes in step: a planned object together with the matching object
 * in configuration and in prior state. Lists align by index, maps by key; set elements
 * have no identity, so they align on their non-computed attributes (as terraform's own
 * proposed-new-state logic does).
 */
import type { AttributeShape, Attributes } from './attributes';
import { child, type AttributePath } from './path';
import { valueEquals } from '../protocol/cty/equals';
import { isArrayValue, isKnownNonNull, isObjectValue, type ValueObject } from './values';
import type { Value } from '../protocol/cty/value';

export type ObjectStep = (
  attributes: Attributes,
  planned: ValueObject,
  config: ValueObject | undefined,
  prior: ValueObject | undefined,
  path: AttributePath,
) => ValueObject;

type NestedShape = Extract<AttributeShape, { kind: 'nested' }>;

export function eachNestedObject(
  shape: NestedShape,
  planned: Value,
  config: Value | undefined,
  prior: Value | undefined,
  path: AttributePath,
  step: ObjectStep,
): Value {
  if (!isKnownNonNull(planned)) return planned;
  const attrs = shape.attributes;
  const run = (v: Value, c: Value | undefined, p: Value | undefined, at: AttributePath): Value =>
    isObjectValue(v) ? step(attrs, v, objectOrUndefined(c), objectOrUndefined(p), at) : v;
  switch (shape.nesting) {
    case 'single':
      return run(planned, config, prior, path);
    case 'list': {
      if (!isArrayValue(planned)) return planned;
      const c = isArrayValue(config) ? config : undefined;
      const p = isArrayValue(prior) ? prior : undefined;
      return planned.map((e, i) => run(e, c?.[i], p?.[i], child(path, { elementKeyInt: i })));
    }
    case 'map': {
      if (!isObjectValue(planned)) return planned;
      const c = isObjectValue(config) ? config : undefined;
      const p = isObjectValue(prior) ? prior : undefined;
      return Object.fromEntries(
        Object.entries(planned).map(([k, e]) => [
          k,
          run(e, c?.[k], p?.[k], child(path, { elementKeyString: k })),
        ]),
      );
    }
    case 'set': {
      if (!isArrayValue(planned)) return planned;
      return planned.map((e) =>
        run(e, matchSetElement(e, config, attrs), matchSetElement(e, prior, attrs), path),
      );
    }
  }
}

function objectOrUndefined(v: Value | undefined): ValueObject | undefined {
  return isObjectValue(v) ? v : undefined;
}

function matchSetElement(
  element: Value,
  candidates: Value | undefined,
  attrs: Attributes,
): Value | undefined {
  if (!isArrayValue(candidates) || !isObjectValue(element)) return undefined;
  const keys = Object.entries(attrs).filter(([, a]) => !a.computed);
  return candidates.find(
    (c) => isObjectValue(c) && keys.every(([k, a]) => valueEquals(element[k] ?? null, c[k] ?? null, a.type)),
  );
}

/** A nested attribute whose objects hold computed attributes (at any depth). */
export function hasComputedInside(attributes: Attributes): boolean {
  return Object.values(attributes).some(
    (a) => a.computed || (a.shape.kind === 'nested' && hasComputedInside(a.shape.attributes)),
  );
}
