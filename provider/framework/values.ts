/**
 * Type-directed helpers over cty values (the protocol's Value model): unknown
 * detection with paths, and conversion between the Value model and the typed models
 * resource authors see (plain JS numbers). Equality and "wholly known" are the
 * protocol's (cty/equals.ts): one set of rules for every layer.
 */
import type { CtyType } from '../protocol/cty/type';
import {
  BigNumber,
  Dynamic,
  Unknown,
  isObjectValue,
  unknown,
  type Value,
  type ValueObject,
} from '../protocol/cty/value';
export { isObjectValue, type ValueObject };
import { child, childAttr, describePath, type AttributePath } from './path';

export function isUnknownValue(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

/** Lists, sets and tuples (Array.isArray does not narrow readonly arrays). */
export function isArrayValue(v: Value | undefined): v is readonly Value[] {
  return Array.isArray(v);
}

/**
 * Known and not null: a value one can look inside. (Not a type guard: `Unknown` is
 * structurally `{ toString(): string }`, so excluding it would exclude every object.)
 */
export function isKnownNonNull(v: Value | undefined): boolean {
  return v !== undefined && v !== null && !(v instanceof Unknown);
}

/** Paths of every unknown inside a value. */
export function unknownPaths(v: Value, type: CtyType, path: AttributePath = []): AttributePath[] {
  if (v instanceof Unknown) return [path];
  const out: AttributePath[] = [];
  forEachChild(v, type, path, (cv, ct, cp) => out.push(...unknownPaths(cv, ct, cp)));
  return out;
}

/** The same value with every unknown replaced by null. */
export function unknownsToNull(v: Value, type: CtyType): Value {
  if (v instanceof Unknown) return null;
  return mapChildren(v, type, (cv, ct) => unknownsToNull(cv, ct));
}

function forEachChild(
  v: Value,
  type: CtyType,
  path: AttributePath,
  fn: (value: Value, type: CtyType, path: AttributePath) => void,
): void {
  if (v === null || typeof type === 'string') return;
  switch (type[0]) {
    case 'list':
    case 'set':
      if (Array.isArray(v))
        v.forEach((e, i) => fn(e, type[1], type[0] === 'set' ? path : child(path, { elementKeyInt: i })));
      return;
    case 'tuple':
      if (Array.isArray(v)) v.forEach((e, i) => fn(e, type[1][i], child(path, { elementKeyInt: i })));
      return;
    case 'map':
      if (isObjectValue(v))
        for (const [k, e] of Object.entries(v)) fn(e, type[1], child(path, { elementKeyString: k }));
      return;
    case 'object':
      if (isObjectValue(v))
        for (const [k, t] of Object.entries(type[1])) fn(v[k] ?? null, t, childAttr(path, k));
      return;
  }
}

function mapChildren(v: Value, type: CtyType, fn: (value: Value, type: CtyType) => Value): Value {
  if (v === null || typeof type === 'string') return v;
  switch (type[0]) {
    case 'list':
    case 'set':
      return Array.isArray(v) ? v.map((e) => fn(e, type[1])) : v;
    case 'tuple':
      return Array.isArray(v) ? v.map((e, i) => fn(e, type[1][i])) : v;
    case 'map':
      return isObjectValue(v)
        ? Object.fromEntries(Object.entries(v).map(([k, e]) => [k, fn(e, type[1])]))
        : v;
    case 'object':
      return isObjectValue(v)
        ? Object.fromEntries(Object.entries(type[1]).map(([k, t]) => [k, fn(v[k] ?? null, t)]))
        : v;
  }
}

/** Every known, non-null leaf value at or under a value (used to register secrets for redaction). */
export function leafStrings(v: Value): string[] {
  if (v === null || v instanceof Unknown) return [];
  if (typeof v === 'string') return [v];
  if (v instanceof Dynamic) return leafStrings(v.value);
  if (Array.isArray(v)) return v.flatMap(leafStrings);
  if (isObjectValue(v)) return Object.values(v).flatMap(leafStrings);
  return [];
}

/**
 * Value -> typed model. The only difference between the two is numbers: models use JS
 * numbers (exact beyond 2^53 is out of scope for resource attributes), values keep
 * cty's arbitrary precision.
 */
export function toModel(v: Value | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (v instanceof BigNumber) return Number(v.decimal);
  if (v instanceof Unknown || v instanceof Dynamic) return v;
  if (Array.isArray(v)) return v.map(toModel);
  if (isObjectValue(v)) return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, toModel(e)]));
  return v;
}

/** An object value → its model (a resource's whole state, config or plan). */
export function toObjectModel(v: ValueObject): { [attribute: string]: unknown } {
  return Object.fromEntries(Object.entries(v).map(([k, e]) => [k, toModel(e)]));
}

/** A typed model that does not fit its type. */
export class ModelShapeError extends Error {
  constructor(
    readonly path: AttributePath,
    message: string,
  ) {
    super(`${describePath(path)}: ${message}`);
    this.name = 'ModelShapeError';
  }
}

/**
 * Typed model -> Value, checking it against the type: `undefined` becomes null, object
 * attributes missing from the model become null, keys not in the type are dropped.
 */
export function fromModel(m: unknown, type: CtyType, path: AttributePath = []): Value {
  if (m === undefined || m === null) return null;
  if (m instanceof Unknown) return unknown;
  const fail = (expected: string): never => {
    throw new ModelShapeError(path, `expected ${expected}, got ${describeJs(m)}`);
  };
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        return typeof m === 'string' ? m : fail('a string');
      case 'bool':
        return typeof m === 'boolean' ? m : fail('a bool');
      case 'number':
        if (typeof m === 'number') return Number.isFinite(m) ? m : fail('a finite number');
        if (typeof m === 'bigint')
          return Number.isSafeInteger(Number(m)) ? Number(m) : new BigNumber(m.toString());
        return m instanceof BigNumber ? m : fail('a number');
      case 'dynamic':
        return m instanceof Dynamic ? m : fail('a Dynamic value');
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set':
      if (!Array.isArray(m)) return fail(`a ${type[0]} (array)`);
      return m.map((e: unknown, i: number) =>
        fromModel(e, type[1], type[0] === 'set' ? path : child(path, { elementKeyInt: i })),
      );
    case 'tuple':
      if (!Array.isArray(m) || m.length !== type[1].length) return fail(`a tuple of ${type[1].length}`);
      return m.map((e: unknown, i: number) => fromModel(e, type[1][i], child(path, { elementKeyInt: i })));
    case 'map':
      if (!isPlainObject(m)) return fail('a map (object)');
      return Object.fromEntries(
        Object.entries(m).map(([k, e]) => [k, fromModel(e, type[1], child(path, { elementKeyString: k }))]),
      );
    case 'object': {
      if (!isPlainObject(m)) return fail('an object');
      const rec = m as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(type[1]).map(([k, t]) => [k, fromModel(rec[k], t, childAttr(path, k))]),
      );
    }
  }
}

function isPlainObject(m: unknown): m is object {
  return typeof m === 'object' && m !== null && !Array.isArray(m);
}

function describeJs(m: unknown): string {
  if (Array.isArray(m)) return 'an array';
  return typeof m === 'object' ? 'an object' : `a ${typeof m}`;
}
