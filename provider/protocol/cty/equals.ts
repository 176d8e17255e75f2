/**
 * Structural comparison of values under a type. Unknown equals unknown and null
 * equals null: this is "the same value as far as the wire can tell", which is
 * what a provider needs when checking a result against a plan. Sets compare
 * without regard to order.
 */
import type { CtyType } from './type';
import { ctyTypeEquals, ctyTypeToJson, impliedType } from './type-ops';
import { numberKey, numbersEqual } from './number';
import {
  BigNumber,
  Dynamic,
  Unknown,
  isObjectValue,
  type CtyNumber,
  type Value,
  type ValueObject,
} from './value';

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function isNumber(v: Value): v is CtyNumber {
  return typeof v === 'number' || v instanceof BigNumber;
}

function unwrap(v: Value, type: CtyType): [CtyType, Value] {
  if (v instanceof Dynamic) return [v.type, v.value];
  return [type === 'dynamic' ? impliedType(v) : type, v];
}

export function valueEquals(a: Value, b: Value, type: CtyType): boolean {
  if (a === b) return true;
  if (type === 'dynamic' || a instanceof Dynamic || b instanceof Dynamic) {
    if (a === null || b === null || a instanceof Unknown || b instanceof Unknown) return false;
    const [ta, va] = unwrap(a, type);
    const [tb, vb] = unwrap(b, type);
    return ctyTypeEquals(ta, tb) && valueEquals(va, vb, ta);
  }
  if (a === null || b === null || a instanceof Unknown || b instanceof Unknown) return false;
  if (typeof type === 'string') {
    switch (type) {
      case 'number':
        return isNumber(a) && isNumber(b) && numbersEqual(a, b);
      case 'string':
        return typeof a === 'string' && typeof b === 'string' && a.normalize('NFC') === b.normalize('NFC');
      default:
        return false; // bools are handled by a === b above
    }
  }
  switch (type[0]) {
    case 'list':
    case 'tuple': {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      const la = a as readonly Value[];
      const lb = b as readonly Value[];
      return la.every((v, i) =>
        valueEquals(v, lb[i], type[0] === 'list' ? (type[1] as CtyType) : (type[1] as readonly CtyType[])[i]),
      );
    }
    case 'set': {
      if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
      const ka = (a as readonly Value[]).map((v) => valueKey(v, type[1])).sort();
      const kb = (b as readonly Value[]).map((v) => valueKey(v, type[1])).sort();
      return ka.every((k, i) => k === kb[i]);
    }
    case 'map': {
      if (!isObjectValue(a) || !isObjectValue(b)) return false;
      const keys = Object.keys(a);
      if (keys.length !== Object.keys(b).length) return false;
      return keys.every((k) => has(b, k) && valueEquals(a[k], b[k], type[1]));
    }
    case 'object': {
      if (!isObjectValue(a) || !isObjectValue(b)) return false;
      // Missing attributes count as null, as they do when encoding.
      return Object.keys(type[1]).every((k) =>
        valueEquals(has(a, k) ? a[k] : null, has(b, k) ? b[k] : null, type[1][k]),
      );
    }
  }
}

/**
 * A canonical text for a value under its type: equal keys iff `valueEquals`.
 * Used for order-insensitive set comparison and de-duplication.
 */
export function valueKey(v: Value, type: CtyType): string {
  if (v === null) return 'N';
  if (v instanceof Unknown) return 'U';
  if (type === 'dynamic' || v instanceof Dynamic) {
    const [t, inner] = unwrap(v, type);
    return `D${ctyTypeToJson(t)}:${valueKey(inner, t)}`;
  }
  if (typeof type === 'string') {
    if (typeof v === 'string') return `s${JSON.stringify(v.normalize('NFC'))}`;
    if (typeof v === 'boolean') return v ? 'T' : 'F';
    if (isNumber(v)) return `n${numberKey(v)}`;
    return '?';
  }
  switch (type[0]) {
    case 'list':
      return Array.isArray(v)
        ? `[${(v as readonly Value[]).map((e) => valueKey(e, type[1])).join(',')}]`
        : '?';
    case 'tuple':
      return Array.isArray(v)
        ? `[${(v as readonly Value[]).map((e, i) => valueKey(e, type[1][i] ?? 'dynamic')).join(',')}]`
        : '?';
    case 'set':
      return Array.isArray(v)
        ? `{${(v as readonly Value[])
            .map((e) => valueKey(e, type[1]))
            .sort()
            .join(',')}}`
        : '?';
    case 'map':
      if (!isObjectValue(v)) return '?';
      return `(${Object.keys(v)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${valueKey(v[k], type[1])}`)
        .join(',')})`;
    case 'object':
      if (!isObjectValue(v)) return '?';
      return `(${Object.keys(type[1])
        .sort()
        .map((k) => `${JSON.stringify(k)}:${valueKey(has(v, k) ? v[k] : null, type[1][k])}`)
        .join(',')})`;
  }
}

/** True when no unknown value appears anywhere inside. */
export function isWhollyKnown(value: Value): boolean {
  if (value === null) return true;
  if (value instanceof Unknown) return false;
  if (value instanceof Dynamic) return isWhollyKnown(value.value);
  if (typeof value !== 'object' || value instanceof BigNumber) return true;
  if (Array.isArray(value)) return (value as readonly Value[]).every(isWhollyKnown);
  return Object.values(value as ValueObject).every(isWhollyKnown);
}

/**
 * Drops repeated known elements of a set. terraform merges equal elements when
 * it decodes a set, so doing it before sending keeps plan and result identical.
 * Elements with unknowns inside are never merged (cty does not either).
 */
export function dedupeSetElements(elements: readonly Value[], elementType: CtyType): readonly Value[] {
  if (elements.length < 2) return elements;
  const seen = new Set<string>();
  return elements.filter((e) => {
    if (!isWhollyKnown(e)) return true;
    const k = valueKey(e, elementType);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
