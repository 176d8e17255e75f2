/**
 * The apply result check: terraform rejects an apply whose new state differs from a
 * known planned value ("Provider produced inconsistent result after apply") or still
 * holds unknowns. We check first and name the resource type and attribute, so a bug in
 * a resource reads as such.
 */
import type { CtyType } from '../protocol/cty/type';
import { Unknown, type Value } from '../protocol/cty/value';
import { objectType, type Attributes } from './attributes';
import type { Diagnostics } from './diagnostics';
import { child, childAttr, describePath, type AttributePath } from './path';
import { nullWriteOnly } from './plan';
import { isWhollyKnown, valueEquals } from '../protocol/cty/equals';
import { isObjectValue, unknownPaths, unknownsToNull } from './values';

/**
 * Returns the state to hand back to terraform: write-only attributes nulled, unknowns
 * replaced by null (terraform cannot store them); problems become error diagnostics.
 */
export function checkAppliedState(
  typeName: string,
  operation: string,
  attributes: Attributes,
  planned: Value,
  newState: Value,
  diagnostics: Diagnostics,
): Value {
  const type = objectType(attributes);
  let state = nullWriteOnly(attributes, newState);

  const unknowns = unknownPaths(state, type);
  for (const path of unknowns)
    diagnostics.error(
      `${typeName}: "${describePath(path)}" is still unknown after ${operation}`,
      `The ${typeName} resource left "${describePath(path)}" unknown after ${operation}. Every value must be ` +
        `known once ${operation} is done; set it from the API response. This is a bug in the provider.`,
      path,
    );
  if (unknowns.length > 0) state = unknownsToNull(state, type);

  const mismatches: AttributePath[] = [];
  compareToPlan(planned, state, type, [], mismatches);
  for (const path of mismatches)
    diagnostics.error(
      `${typeName}: ${operation} returned a value for "${describePath(path)}" that differs from the plan`,
      `The ${typeName} resource returned a value for "${describePath(path)}" that is not the value shown in ` +
        `the plan. Terraform requires apply to honour every known planned value: either ${operation} must ` +
        'keep the planned value, or the plan must leave it unknown. This is a bug in the provider.',
      path,
    );
  return state;
}

function compareToPlan(
  planned: Value,
  actual: Value,
  type: CtyType,
  path: AttributePath,
  out: AttributePath[],
) {
  if (planned instanceof Unknown) return;
  if (isWhollyKnown(planned)) {
    if (!valueEquals(planned, actual, type)) out.push(path);
    return;
  }
  // A known container with unknowns inside: compare the parts that are known.
  if (typeof type === 'string' || actual === null) {
    out.push(path);
    return;
  }
  switch (type[0]) {
    case 'object':
      if (!isObjectValue(planned) || !isObjectValue(actual)) return void out.push(path);
      for (const [k, t] of Object.entries(type[1]))
        compareToPlan(planned[k] ?? null, actual[k] ?? null, t, childAttr(path, k), out);
      return;
    case 'list':
    case 'tuple':
      if (!Array.isArray(planned) || !Array.isArray(actual) || planned.length !== actual.length)
        return void out.push(path);
      planned.forEach((e, i) =>
        compareToPlan(
          e,
          actual[i],
          type[0] === 'list' ? type[1] : type[1][i],
          child(path, { elementKeyInt: i }),
          out,
        ),
      );
      return;
    case 'map': {
      if (!isObjectValue(planned) || !isObjectValue(actual)) return void out.push(path);
      const keys = Object.keys(planned);
      if (keys.length !== Object.keys(actual).length || keys.some((k) => !(k in actual)))
        return void out.push(path);
      for (const k of keys)
        compareToPlan(planned[k], actual[k], type[1], child(path, { elementKeyString: k }), out);
      return;
    }
    case 'set':
      // Unknown set elements cannot be matched to results (two unknowns may become one value).
      return;
  }
}
