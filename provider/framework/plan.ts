/**
 * Planning a resource change: terraform's rules, applied by the framework so that
 * resource authors cannot get them wrong.
 *
 *   1. destroy (proposed null) plans null;
 *   2. write-only attributes are planned null; defaults fill attributes left null in config;
 *   3. computed attributes left null in config become unknown on create, and computed-only
 *      ones also when the resource changes; optional+computed ones keep their prior value;
 *   4. attribute plan modifiers run (useStateForUnknown, requiresReplace, ...);
 *   5. (the resource's own modifyPlan runs, in the server);
 *   6. the finished plan is checked: every configured value is planned as configured.
 */
import { unknown, type Value } from '../protocol/cty/value';
import { objectType, type Attributes } from './attributes';
import type { Diagnostics } from './diagnostics';
import { eachNestedObject, hasComputedInside, type ObjectStep } from './nested';
import { childAttr, describePath, type AttributePath } from './path';
import { valueEquals } from '../protocol/cty/equals';
import { fromModel, isArrayValue, isKnownNonNull, isObjectValue, toModel, type ValueObject } from './values';

export interface PlanInput {
  /** null when creating. */
  readonly prior: Value;
  /** terraform's proposal (config merged with prior state); null when destroying. */
  readonly proposed: Value;
  readonly config: Value;
}

export interface PlanOutcome {
  readonly planned: Value;
  readonly requiresReplace: AttributePath[];
}

/** Steps 1 to 4. */
export function planResource(
  attributes: Attributes,
  input: PlanInput,
  diagnostics: Diagnostics,
): PlanOutcome {
  if (input.proposed === null || !isObjectValue(input.proposed))
    return { planned: null, requiresReplace: [] };
  const config = isObjectValue(input.config) ? input.config : {};
  const prior = isObjectValue(input.prior) ? input.prior : undefined;
  const creating = prior === undefined;

  let planned = applyDefaults(attributes, input.proposed, config, prior, []);
  const changed = creating || !valueEquals(planned, prior, objectType(attributes));
  planned = markUnknowns(changed)(attributes, planned, config, prior, []);

  const requiresReplace: AttributePath[] = [];
  planned = runModifiers(creating, diagnostics, requiresReplace)(attributes, planned, config, prior, []);
  return { planned, requiresReplace };
}

const applyDefaults: ObjectStep = (attrs, planned, config, _prior, path) => {
  const out: { [k: string]: Value } = { ...planned };
  for (const [name, a] of Object.entries(attrs)) {
    const at = childAttr(path, name);
    const c = config === undefined ? undefined : (config[name] ?? null);
    let v = planned[name] ?? null;
    if (a.writeOnly) v = null;
    else if (a.hasDefault && c === null) v = fromModel(a.default, a.type, at);
    if (a.shape.kind === 'nested') v = eachNestedObject(a.shape, v, c, undefined, at, applyDefaults);
    out[name] = v;
  }
  return out;
};

function markUnknowns(changed: boolean): ObjectStep {
  const step: ObjectStep = (attrs, planned, config, prior, path) => {
    const out: { [k: string]: Value } = { ...planned };
    for (const [name, a] of Object.entries(attrs)) {
      const c = config === undefined ? null : (config[name] ?? null);
      let v = planned[name] ?? null;
      if (a.computed && !a.hasDefault && c === null) {
        // No prior object (create, or a new nested element): nothing is known yet.
        if (prior === undefined) v = unknown;
        // Computed-only values may be recomputed by any change; optional+computed ones
        // keep the value terraform proposed from prior state.
        else if (!a.optional && changed) v = unknown;
      } else if (a.shape.kind === 'nested') {
        v = eachNestedObject(a.shape, v, c, prior?.[name], childAttr(path, name), step);
      }
      out[name] = v;
    }
    return out;
  };
  return step;
}

function runModifiers(creating: boolean, diagnostics: Diagnostics, replace: AttributePath[]): ObjectStep {
  const step: ObjectStep = (attrs, planned, config, prior, path) => {
    const out: { [k: string]: Value } = { ...planned };
    for (const [name, a] of Object.entries(attrs)) {
      const at = childAttr(path, name);
      const c = config === undefined ? null : (config[name] ?? null);
      const p = prior === undefined ? null : (prior[name] ?? null);
      let v = planned[name] ?? null;
      for (const modifier of a.planModifiers) {
        const changed = prior === undefined || !valueEquals(v, p, a.type);
        const res = modifier.modify({
          path: at,
          config: toModel(c),
          state: toModel(p),
          plan: toModel(v),
          creating,
          changed,
          diagnostics,
        });
        if (res && res.plan !== undefined) v = fromModel(res.plan, a.type, at);
        if (res && res.requiresReplace && !replace.some((r) => samePath(r, at))) replace.push(at);
      }
      if (a.shape.kind === 'nested') v = eachNestedObject(a.shape, v, c, prior?.[name], at, step);
      out[name] = v;
    }
    return out;
  };
  return step;
}

function samePath(a: AttributePath, b: AttributePath): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Write-only attributes never leave the provider in a plan or a state. */
export function nullWriteOnly(attributes: Attributes, value: Value): Value {
  if (!isObjectValue(value)) return value;
  const step: ObjectStep = (attrs, obj, _c, _p, path) => {
    const out: { [k: string]: Value } = { ...obj };
    for (const [name, a] of Object.entries(attrs)) {
      if (a.writeOnly) out[name] = null;
      else if (a.shape.kind === 'nested')
        out[name] = eachNestedObject(
          a.shape,
          obj[name] ?? null,
          undefined,
          undefined,
          childAttr(path, name),
          step,
        );
    }
    return out;
  };
  return step(attributes, value, undefined, undefined, []);
}

/**
 * Step 6: configured values must be planned exactly as configured (terraform rejects
 * anything else as "Provider produced invalid plan"); we name the attribute instead.
 * Data sources and ephemeral resources obey the same rule for what they return.
 */
export function checkAgainstConfig(
  typeName: string,
  attributes: Attributes,
  value: Value,
  config: Value,
  diagnostics: Diagnostics,
  phase: 'plan' | 'read' = 'plan',
): void {
  if (!isObjectValue(value) || !isObjectValue(config)) return;
  const report = (path: AttributePath) =>
    diagnostics.error(
      phase === 'plan'
        ? `Invalid plan for ${typeName}: "${describePath(path)}" differs from its configuration`
        : `Invalid result from ${typeName}: "${describePath(path)}" differs from its configuration`,
      phase === 'plan'
        ? `The ${typeName} resource planned a value for "${describePath(path)}" that is not the configured ` +
            'value. Terraform requires configured values to be planned unchanged; a plan modifier or ' +
            'modifyPlan of this resource changed it. This is a bug in the provider.'
        : `${typeName} returned a value for "${describePath(path)}" that is not the configured value. ` +
            'Only computed attributes may be set by the provider. This is a bug in the provider.',
      path,
    );
  checkObject(attributes, value, config, [], report);
}

function checkObject(
  attrs: Attributes,
  planned: ValueObject,
  config: ValueObject,
  path: AttributePath,
  report: (path: AttributePath) => void,
): void {
  for (const [name, a] of Object.entries(attrs)) {
    const at = childAttr(path, name);
    const c = config[name] ?? null;
    const v = planned[name] ?? null;
    if (a.writeOnly || (a.computed && c === null)) continue;
    const shape = a.shape;
    if (
      shape.kind === 'nested' &&
      hasComputedInside(shape.attributes) &&
      isKnownNonNull(v) &&
      isKnownNonNull(c)
    ) {
      // Compare object by object so that computed parts inside may differ.
      if (shape.nesting === 'single' && isObjectValue(v) && isObjectValue(c))
        checkObject(shape.attributes, v, c, at, report);
      else if (shape.nesting === 'list' && isArrayValue(v) && isArrayValue(c)) {
        if (v.length !== c.length) report(at);
        else
          v.forEach((e, i) => {
            if (isObjectValue(e) && isObjectValue(c[i]))
              checkObject(shape.attributes, e, c[i] as ValueObject, [...at, { elementKeyInt: i }], report);
          });
      } else if (shape.nesting === 'map' && isObjectValue(v) && isObjectValue(c)) {
        const keys = Object.keys(v);
        if (keys.length !== Object.keys(c).length || keys.some((k) => !(k in c))) report(at);
        else
          for (const k of keys) {
            const e = v[k];
            const ce = c[k];
            if (isObjectValue(e) && isObjectValue(ce))
              checkObject(shape.attributes, e, ce, [...at, { elementKeyString: k }], report);
          }
      }
      // Sets of objects with computed parts cannot be aligned element by element; terraform checks them itself.
      continue;
    }
    if (!valueEquals(v, c, a.type)) report(at);
  }
}
