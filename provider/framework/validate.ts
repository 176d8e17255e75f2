/**
 * Configuration validation: attribute validators on every known value (nested ones
 * included, each with its own path) and deprecation warnings.
 */
import type { Value } from '../protocol/cty/value';
import type { Attribute, Attributes } from './attributes';
import type { Diagnostics } from './diagnostics';
import { child, childAttr, describePath, type AttributePath } from './path';
import { isWhollyKnown } from '../protocol/cty/equals';
import { isArrayValue, isObjectValue, toModel, type ValueObject } from './values';

export function validateAttributes(attributes: Attributes, config: Value, diagnostics: Diagnostics): void {
  if (isObjectValue(config)) validateObject(attributes, config, [], diagnostics);
}

function validateObject(attrs: Attributes, obj: ValueObject, path: AttributePath, diagnostics: Diagnostics) {
  for (const [name, a] of Object.entries(attrs)) {
    const at = childAttr(path, name);
    const v = obj[name] ?? null;
    if (v === null) continue;
    if (a.deprecationMessage !== undefined)
      diagnostics.warning(`"${describePath(at)}" is deprecated`, a.deprecationMessage, at);
    if (isWhollyKnown(v)) runValidators(a, v, at, diagnostics);
    if (a.shape.kind === 'nested') validateNested(a.shape.nesting, a.shape.attributes, v, at, diagnostics);
  }
}

function runValidators(a: Attribute, v: Value, path: AttributePath, diagnostics: Diagnostics) {
  if (a.validators.length === 0) return;
  const value = toModel(v);
  for (const validator of a.validators) validator.validate({ value, path, type: a.type, diagnostics });
}

function validateNested(
  nesting: 'single' | 'list' | 'set' | 'map',
  attrs: Attributes,
  v: Value,
  path: AttributePath,
  diagnostics: Diagnostics,
) {
  if (nesting === 'single') {
    if (isObjectValue(v)) validateObject(attrs, v, path, diagnostics);
  } else if (isArrayValue(v)) {
    v.forEach((e, i) => {
      if (isObjectValue(e))
        validateObject(attrs, e, nesting === 'set' ? path : child(path, { elementKeyInt: i }), diagnostics);
    });
  } else if (isObjectValue(v)) {
    for (const [k, e] of Object.entries(v))
      if (isObjectValue(e)) validateObject(attrs, e, child(path, { elementKeyString: k }), diagnostics);
  }
}
