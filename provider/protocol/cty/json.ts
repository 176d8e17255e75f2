/**
 * cty's JSON encoding, driven by the type. Terraform uses it for stored state
 * (UpgradeResourceState raw state) and as the fallback DynamicValue encoding.
 *
 * Unlike msgpack there is no way to write an unknown value. A `dynamic` slot
 * holds {"value": ..., "type": ...}; an untyped null is plain `null`.
 * Numbers are read and written as exact decimal text.
 */
import { CtyCodecError } from './errors';
import { JsonNumber, JsonSyntaxError, parseJsonText, type JsonTree } from './json-text';
import { numberFromText, numberToText } from './number';
import type { CtyType } from './type';
import { ctyTypeToJson, impliedType, parseCtyType } from './type-ops';
import { dedupeSetElements } from './equals';
import { BigNumber, Dynamic, Unknown, isObjectValue, type Value } from './value';
import { PathStack, hasOwn, setOwn } from './walk';

export interface JsonDecodeOptions {
  /**
   * Drop object attributes the type does not know instead of failing. Useful for
   * stored state written by an older schema that had more attributes.
   */
  readonly ignoreUndefinedAttributes?: boolean;
}

// ---------------------------------------------------------------- decoding

export function decodeJson(bytes: Uint8Array | string, type: CtyType, opts: JsonDecodeOptions = {}): Value {
  const text =
    typeof bytes === 'string'
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let tree: JsonTree;
  try {
    tree = parseJsonText(text);
  } catch (err) {
    throw new CtyCodecError(err instanceof JsonSyntaxError ? `invalid JSON: ${err.message}` : 'invalid JSON');
  }
  return fromTree(tree, type, new PathStack(), opts);
}

function kindOfTree(t: JsonTree): string {
  if (t === null) return 'null';
  if (typeof t === 'string') return 'a string';
  if (typeof t === 'boolean') return 'a bool';
  if (t instanceof JsonNumber) return 'a number';
  if (Array.isArray(t)) return 'an array';
  return 'an object';
}

/** Back to plain JSON data, for type descriptions (no big numbers there). */
function plain(t: JsonTree): unknown {
  if (t instanceof JsonNumber) return Number(t.text);
  if (Array.isArray(t)) return t.map(plain);
  if (t instanceof Map) {
    const o: Record<string, unknown> = {};
    for (const [k, v] of t) setOwn(o, k, plain(v));
    return o;
  }
  return t;
}

function fromTree(t: JsonTree, type: CtyType, path: PathStack, opts: JsonDecodeOptions): Value {
  if (t === null) return null;
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        // cty reads a number or bool token into a string attribute as its text.
        if (typeof t === 'string') return t;
        if (t instanceof JsonNumber) return t.text;
        if (typeof t === 'boolean') return t ? 'true' : 'false';
        throw path.error(`expected a string, found ${kindOfTree(t)}`);
      case 'number': {
        if (t instanceof JsonNumber || typeof t === 'string') {
          const n = numberFromText(t instanceof JsonNumber ? t.text : t);
          if (n !== undefined) return n;
          throw path.error('expected a number, found text that is not a number');
        }
        throw path.error(`expected a number, found ${kindOfTree(t)}`);
      }
      case 'bool':
        if (typeof t === 'boolean') return t;
        if (t === 'true' || t === 'false') return t === 'true';
        throw path.error(`expected a bool, found ${kindOfTree(t)}`);
      case 'dynamic': {
        if (!(t instanceof Map) || !t.has('type') || !t.has('value') || t.size !== 2) {
          throw path.error('expected {"value": ..., "type": ...} for a dynamic value');
        }
        const inner = path.wrap(() => parseCtyType(plain(t.get('type') as JsonTree)));
        return new Dynamic(inner, fromTree(t.get('value') as JsonTree, inner, path, opts));
      }
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'tuple': {
      if (!Array.isArray(t)) throw path.error(`expected an array for a ${type[0]}, found ${kindOfTree(t)}`);
      if (type[0] === 'tuple' && t.length !== type[1].length) {
        throw path.error(`expected a tuple of ${type[1].length} elements, found ${t.length}`);
      }
      return t.map((e, i) => {
        const et = type[0] === 'tuple' ? type[1][i] : type[1];
        const v = fromTree(e, et, path.index(i), opts);
        path.pop();
        return v;
      });
    }
    case 'map': {
      if (!(t instanceof Map)) throw path.error(`expected a map, found ${kindOfTree(t)}`);
      const out: Record<string, Value> = {};
      for (const [k, e] of t) {
        setOwn(out, k, fromTree(e, type[1], path.key(k), opts));
        path.pop();
      }
      return out;
    }
    case 'object': {
      if (!(t instanceof Map)) throw path.error(`expected an object, found ${kindOfTree(t)}`);
      const attrs = type[1];
      if (!opts.ignoreUndefinedAttributes) {
        for (const k of t.keys()) if (!hasOwn(attrs, k)) throw path.attr(k).error('unsupported attribute');
      }
      const out: Record<string, Value> = {};
      for (const k of Object.keys(attrs)) {
        const e = t.get(k);
        if (e === undefined) {
          setOwn(out, k, null);
        } else {
          setOwn(out, k, fromTree(e, attrs[k], path.attr(k), opts));
          path.pop();
        }
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------- encoding

export function encodeJson(value: Value, type: CtyType): Uint8Array {
  const parts: string[] = [];
  write(value, type, new PathStack(), parts);
  return Buffer.from(parts.join(''), 'utf8');
}

function str(s: string): string {
  return JSON.stringify(s.normalize('NFC'));
}

function write(value: Value, type: CtyType, path: PathStack, out: string[]): void {
  if (value instanceof Unknown) throw path.error('an unknown value cannot be encoded as JSON');
  if (type === 'dynamic') {
    if (value === null || value === undefined) {
      out.push('null');
      return;
    }
    // Typed nulls keep their type in JSON (unlike msgpack), as cty does.
    const [t, inner] = value instanceof Dynamic ? [value.type, value.value] : [impliedType(value), value];
    out.push('{"value":');
    write(inner, t, path, out);
    out.push(`,"type":${ctyTypeToJson(t)}}`);
    return;
  }
  if (value === null || value === undefined) {
    out.push('null');
    return;
  }
  if (value instanceof Dynamic) {
    write(value.value, type, path, out);
    return;
  }
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof value !== 'string') throw path.error('expected a string');
        out.push(str(value));
        return;
      case 'bool':
        if (typeof value !== 'boolean') throw path.error('expected a bool');
        out.push(value ? 'true' : 'false');
        return;
      case 'number': {
        if (typeof value !== 'number' && !(value instanceof BigNumber)) throw path.error('expected a number');
        if (typeof value === 'number' && !Number.isFinite(value)) {
          throw path.error('infinity and NaN cannot be encoded as JSON');
        }
        try {
          out.push(numberToText(value));
        } catch {
          throw path.error('not a valid number');
        }
        return;
      }
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set':
    case 'tuple': {
      if (!Array.isArray(value)) throw path.error(`expected an array for a ${type[0]}`);
      let list = value as readonly Value[];
      if (type[0] === 'tuple' && list.length !== type[1].length) {
        throw path.error(`expected a tuple of ${type[1].length} elements, found ${list.length}`);
      }
      if (type[0] === 'set') list = dedupeSetElements(list, type[1]);
      out.push('[');
      list.forEach((e, i) => {
        if (i > 0) out.push(',');
        write(e, type[0] === 'tuple' ? type[1][i] : type[1], path.index(i), out);
        path.pop();
      });
      out.push(']');
      return;
    }
    case 'map': {
      if (!isObjectValue(value)) throw path.error('expected a map');
      out.push('{');
      Object.keys(value)
        .sort()
        .forEach((k, i) => {
          if (i > 0) out.push(',');
          out.push(`${str(k)}:`);
          write(value[k], type[1], path.key(k), out);
          path.pop();
        });
      out.push('}');
      return;
    }
    case 'object': {
      if (!isObjectValue(value)) throw path.error('expected an object');
      const attrs = type[1];
      for (const k of Object.keys(value)) {
        if (!hasOwn(attrs, k)) throw path.attr(k).error('attribute is not part of the type');
      }
      out.push('{');
      Object.keys(attrs)
        .sort()
        .forEach((k, i) => {
          if (i > 0) out.push(',');
          out.push(`${str(k)}:`);
          write(hasOwn(value, k) ? value[k] : null, attrs[k], path.attr(k), out);
          path.pop();
        });
      out.push('}');
      return;
    }
  }
}
