/**
 * Operations on cty types: validation of type JSON received from the wire,
 * structural equality, and the type a bare value implies (for `dynamic`).
 */
import type { AttributePath } from '../server';
import { CtyCodecError } from './errors';
import type { CtyType } from './type';
import { BigNumber, Dynamic, Unknown, type Value } from './value';

const PRIMITIVES = new Set(['string', 'number', 'bool', 'dynamic']);

/** Validates an already-parsed JSON type description (cty's JSON type encoding). */
export function parseCtyType(json: unknown, path: AttributePath = []): CtyType {
  if (typeof json === 'string') {
    if (PRIMITIVES.has(json)) return json as CtyType;
    throw new CtyCodecError('unsupported type name in type description', path);
  }
  if (!Array.isArray(json) || json.length < 2 || typeof json[0] !== 'string') {
    throw new CtyCodecError('malformed type description', path);
  }
  const [kind, arg] = json as [string, unknown, unknown?];
  switch (kind) {
    case 'list':
    case 'set':
    case 'map':
      if (json.length !== 2) break;
      return [kind, parseCtyType(arg, path)] as CtyType;
    case 'tuple':
      if (json.length !== 2 || !Array.isArray(arg)) break;
      return ['tuple', arg.map((t) => parseCtyType(t, path))];
    case 'object': {
      if (json.length > 3 || typeof arg !== 'object' || arg === null || Array.isArray(arg)) break;
      const attrs: Record<string, CtyType> = {};
      for (const [name, t] of Object.entries(arg)) {
        Object.defineProperty(attrs, name, {
          value: parseCtyType(t, path),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      if (json.length === 3) {
        const optional = json[2];
        if (!Array.isArray(optional) || !optional.every((o) => typeof o === 'string' && o in attrs)) break;
        return optional.length > 0 ? ['object', attrs, [...optional] as string[]] : ['object', attrs];
      }
      return ['object', attrs];
    }
  }
  throw new CtyCodecError('malformed type description', path);
}

/** Parses type JSON bytes/text as it appears on the wire. */
export function parseCtyTypeJson(text: string | Uint8Array, path: AttributePath = []): CtyType {
  let json: unknown;
  try {
    json = JSON.parse(typeof text === 'string' ? text : Buffer.from(text).toString('utf8'));
  } catch {
    throw new CtyCodecError('type description is not valid JSON', path);
  }
  return parseCtyType(json, path);
}

/** cty's JSON type encoding; object attributes sorted so equal types give equal text. */
export function ctyTypeToJson(type: CtyType): string {
  return JSON.stringify(canonicalType(type));
}

function canonicalType(type: CtyType): unknown {
  if (typeof type === 'string') return type;
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'map':
      return [type[0], canonicalType(type[1])];
    case 'tuple':
      return ['tuple', type[1].map(canonicalType)];
    case 'object': {
      const attrs: Record<string, unknown> = {};
      for (const name of Object.keys(type[1]).sort()) {
        Object.defineProperty(attrs, name, { value: canonicalType(type[1][name]), enumerable: true });
      }
      const optional = type.length === 3 ? [...type[2]].sort() : [];
      return optional.length > 0 ? ['object', attrs, optional] : ['object', attrs];
    }
  }
}

export function ctyTypeEquals(a: CtyType, b: CtyType): boolean {
  if (typeof a === 'string' || typeof b === 'string') return a === b;
  if (a[0] !== b[0]) return false;
  switch (a[0]) {
    case 'list':
    case 'set':
    case 'map':
      return ctyTypeEquals(a[1], b[1] as CtyType);
    case 'tuple': {
      const be = b[1] as readonly CtyType[];
      return a[1].length === be.length && a[1].every((t, i) => ctyTypeEquals(t, be[i]));
    }
    case 'object': {
      const ba = b[1] as { readonly [k: string]: CtyType };
      const ak = Object.keys(a[1]);
      if (ak.length !== Object.keys(ba).length) return false;
      if (!ak.every((k) => Object.prototype.hasOwnProperty.call(ba, k) && ctyTypeEquals(a[1][k], ba[k]))) {
        return false;
      }
      const ao = new Set(a.length === 3 ? a[2] : []);
      const bo = b.length === 3 ? (b[2] as readonly string[]) : [];
      return ao.size === new Set(bo).size && bo.every((k) => ao.has(k));
    }
  }
}

/**
 * The type a value implies when it sits in a `dynamic` slot without a `Dynamic`
 * wrapper: primitives as themselves, arrays as tuples, plain objects as objects.
 * Nulls and unknowns imply `dynamic`.
 */
export function impliedType(value: Value): CtyType {
  if (value === null || value instanceof Unknown) return 'dynamic';
  if (value instanceof Dynamic) return value.type;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number' || value instanceof BigNumber) return 'number';
  if (Array.isArray(value)) return ['tuple', (value as readonly Value[]).map(impliedType)];
  const attrs: Record<string, CtyType> = {};
  for (const [k, v] of Object.entries(value as { readonly [k: string]: Value })) {
    Object.defineProperty(attrs, k, {
      value: impliedType(v),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return ['object', attrs];
}
