/**
 * cty's msgpack encoding, driven by the type (the bytes alone are ambiguous:
 * a list and a set look the same, an object and a map too).
 *
 *   null            nil
 *   unknown         extension 0 (we write d4 00 00 like cty; on input any
 *                   extension 0, and extension 12 = unknown with refinements,
 *                   whose refinements we ignore)
 *   number          int / uint / float, or a string holding the decimal when
 *                   neither is exact (see number.ts); all accepted on input
 *   list/set/tuple  array
 *   map/object      map with string keys (written sorted, like cty)
 *   dynamic         [type JSON as bin, value] — except null and unknown, which
 *                   are written bare
 */
import { Decoder, DecodeError, Encoder, ExtData } from '@msgpack/msgpack';
import { CtyCodecError } from './errors';
import { numberFromBigInt, numberFromText, numberToMsgpack } from './number';
import type { CtyType } from './type';
import { ctyTypeToJson, impliedType, parseCtyTypeJson } from './type-ops';
import { dedupeSetElements } from './equals';
import { BigNumber, Dynamic, Unknown, isObjectValue, unknown, type Value } from './value';
import { PathStack, hasOwn, kindOf, setOwn } from './walk';

export const UNKNOWN_EXTENSION = 0;
export const REFINED_UNKNOWN_EXTENSION = 12;

type Raw = unknown;

// One of each, reused: the library's decode() and encode() build a new one, buffers
// included, for every value, and a plan of N resources encodes and decodes thousands.
// Both are safe to reuse: they are synchronous and clone themselves if re-entered.
const decoder = new Decoder({ useBigInt64: true });
const encoder = new Encoder({ useBigInt64: true, maxDepth: 1000, initialBufferSize: 512 });

// ---------------------------------------------------------------- decoding

export function decodeMsgpack(bytes: Uint8Array, type: CtyType): Value {
  let raw: Raw;
  try {
    raw = decoder.decode(bytes);
  } catch (err) {
    // The library's messages describe structure (offsets, formats), not content.
    const why = err instanceof DecodeError || err instanceof RangeError ? err.message : 'malformed data';
    throw new CtyCodecError(`invalid msgpack: ${why}`);
  }
  return fromRaw(raw, type, new PathStack());
}

function isMap(raw: Raw): raw is Record<string, Raw> {
  return (
    typeof raw === 'object' &&
    raw !== null &&
    !Array.isArray(raw) &&
    !(raw instanceof Uint8Array) &&
    !(raw instanceof ExtData)
  );
}

function fromRaw(raw: Raw, type: CtyType, path: PathStack): Value {
  if (raw === null || raw === undefined) return null;
  if (raw instanceof ExtData) {
    if (raw.type === UNKNOWN_EXTENSION || raw.type === REFINED_UNKNOWN_EXTENSION) return unknown;
    throw path.error(`unsupported msgpack extension type ${raw.type}`);
  }
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof raw === 'string') return raw;
        throw path.error(`expected a string, found ${kindOf(raw)}`);
      case 'bool':
        if (typeof raw === 'boolean') return raw;
        throw path.error(`expected a bool, found ${kindOf(raw)}`);
      case 'number': {
        if (typeof raw === 'number') return raw;
        if (typeof raw === 'bigint') return numberFromBigInt(raw);
        if (typeof raw === 'string') {
          const n = numberFromText(raw);
          if (n !== undefined) return n;
          throw path.error('expected a number, found text that is not a number');
        }
        throw path.error(`expected a number, found ${kindOf(raw)}`);
      }
      case 'dynamic': {
        if (!Array.isArray(raw) || raw.length !== 2)
          throw path.error('expected a [type, value] pair for a dynamic value');
        const [typeJson, inner] = raw as [Raw, Raw];
        if (!(typeJson instanceof Uint8Array) && typeof typeJson !== 'string') {
          throw path.error('the type of a dynamic value must be JSON text');
        }
        const t = path.wrap(() => parseCtyTypeJson(typeJson));
        return new Dynamic(t, fromRaw(inner, t, path));
      }
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      if (!Array.isArray(raw)) throw path.error(`expected an array for a ${type[0]}, found ${kindOf(raw)}`);
      return raw.map((e, i) => {
        const v = fromRaw(e, type[1], path.index(i));
        path.pop();
        return v;
      });
    }
    case 'tuple': {
      if (!Array.isArray(raw)) throw path.error(`expected an array for a tuple, found ${kindOf(raw)}`);
      if (raw.length !== type[1].length)
        throw path.error(`expected a tuple of ${type[1].length} elements, found ${raw.length}`);
      return raw.map((e, i) => {
        const v = fromRaw(e, type[1][i], path.index(i));
        path.pop();
        return v;
      });
    }
    case 'map': {
      if (!isMap(raw)) throw path.error(`expected a map, found ${kindOf(raw)}`);
      const out: Record<string, Value> = {};
      for (const k of Object.keys(raw)) {
        setOwn(out, k, fromRaw(raw[k], type[1], path.key(k)));
        path.pop();
      }
      return out;
    }
    case 'object': {
      if (!isMap(raw)) throw path.error(`expected an object, found ${kindOf(raw)}`);
      const attrs = type[1];
      for (const k of Object.keys(raw)) {
        if (!hasOwn(attrs, k)) throw path.attr(k).error('unsupported attribute');
      }
      const out: Record<string, Value> = {};
      for (const k of Object.keys(attrs)) {
        if (hasOwn(raw, k)) {
          setOwn(out, k, fromRaw(raw[k], attrs[k], path.attr(k)));
          path.pop();
        } else {
          setOwn(out, k, null);
        }
      }
      return out;
    }
  }
}

// ---------------------------------------------------------------- encoding

// cty writes exactly these three bytes for an unknown: fixext1, type 0, one zero byte.
const UNKNOWN_RAW = new ExtData(UNKNOWN_EXTENSION, Uint8Array.of(0));

export function encodeMsgpack(value: Value, type: CtyType): Uint8Array {
  const raw = toRaw(value, type, new PathStack());
  return encoder.encode(raw);
}

/**
 * cty stores strings in Unicode normal form C; terraform normalises what we send,
 * so we do it first and what we send is what terraform will compare.
 */
function nfc(s: string): string {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(s) ? s : s.normalize('NFC');
}

function toRaw(value: Value, type: CtyType, path: PathStack): Raw {
  if (value === null || value === undefined) return null;
  if (value instanceof Unknown) return UNKNOWN_RAW;
  if (type === 'dynamic') {
    const [t, inner] = value instanceof Dynamic ? [value.type, value.value] : [impliedType(value), value];
    if (inner === null || inner === undefined) return null;
    if (inner instanceof Unknown) return UNKNOWN_RAW;
    return [Buffer.from(ctyTypeToJson(t), 'utf8'), toRaw(inner, t, path)];
  }
  // A Dynamic wrapper in a slot whose type is already concrete carries nothing extra.
  if (value instanceof Dynamic) return toRaw(value.value, type, path);
  if (typeof type === 'string') {
    switch (type) {
      case 'string':
        if (typeof value === 'string') return nfc(value);
        throw path.error(`expected a string, found ${kindOf(value)}`);
      case 'bool':
        if (typeof value === 'boolean') return value;
        throw path.error(`expected a bool, found ${kindOf(value)}`);
      case 'number':
        if (typeof value === 'number' || value instanceof BigNumber) {
          try {
            return numberToMsgpack(value);
          } catch {
            throw path.error('not a valid number (NaN, or a BigNumber without decimal text)');
          }
        }
        throw path.error(`expected a number, found ${kindOf(value)}`);
    }
  }
  switch (type[0]) {
    case 'list':
    case 'set': {
      if (!Array.isArray(value))
        throw path.error(`expected an array for a ${type[0]}, found ${kindOf(value)}`);
      let elements = value as readonly Value[];
      if (type[0] === 'set') elements = dedupeSetElements(elements, type[1]);
      return elements.map((e, i) => {
        const r = toRaw(e, type[1], path.index(i));
        path.pop();
        return r;
      });
    }
    case 'tuple': {
      if (!Array.isArray(value)) throw path.error(`expected an array for a tuple, found ${kindOf(value)}`);
      const list = value as readonly Value[];
      if (list.length !== type[1].length)
        throw path.error(`expected a tuple of ${type[1].length} elements, found ${list.length}`);
      return list.map((e, i) => {
        const r = toRaw(e, type[1][i], path.index(i));
        path.pop();
        return r;
      });
    }
    case 'map': {
      if (!isObjectValue(value)) throw path.error(`expected a map, found ${kindOf(value)}`);
      // Null-prototype target: any key, "__proto__" included, is just a key.
      const out: Record<string, Raw> = Object.create(null);
      for (const k of Object.keys(value).sort()) {
        out[nfc(k)] = toRaw(value[k], type[1], path.key(k));
        path.pop();
      }
      return out;
    }
    case 'object': {
      if (!isObjectValue(value)) throw path.error(`expected an object, found ${kindOf(value)}`);
      const attrs = type[1];
      for (const k of Object.keys(value)) {
        if (!hasOwn(attrs, k)) throw path.attr(k).error('attribute is not part of the type');
      }
      const out: Record<string, Raw> = Object.create(null);
      for (const k of Object.keys(attrs).sort()) {
        if (hasOwn(value, k)) {
          out[k] = toRaw(value[k], attrs[k], path.attr(k));
          path.pop();
        } else {
          out[k] = null;
        }
      }
      return out;
    }
  }
}
