/**
 * The codec entry points the framework uses: DynamicValue <-> Value, and the
 * JSON form of stored state.
 *
 *   decodeDynamicValue(dv, type)    msgpack (or JSON when only json is set) -> Value
 *   encodeDynamicValue(value, type) Value -> { msgpack }
 *   decodeJsonValue(bytes, type)    cty JSON (UpgradeResourceState raw state) -> Value
 *   encodeJsonValue(value, type)    Value -> cty JSON bytes (no unknowns allowed)
 *
 * All of them throw CtyCodecError carrying the AttributePath of the offending value.
 */
import type { DynamicValue } from '../server';
import { decodeJson, encodeJson, type JsonDecodeOptions } from './json';
import { decodeMsgpack, encodeMsgpack } from './msgpack';
import type { CtyType } from './type';
import type { Value } from './value';

export type { JsonDecodeOptions } from './json';

/** An absent DynamicValue (neither encoding set, as for an unset provider_meta) decodes as null. */
export function decodeDynamicValue(dv: DynamicValue | undefined, type: CtyType): Value {
  if (dv?.msgpack && dv.msgpack.length > 0) return decodeMsgpack(dv.msgpack, type);
  if (dv?.json && dv.json.length > 0) return decodeJson(dv.json, type);
  return null;
}

export function encodeDynamicValue(value: Value, type: CtyType): DynamicValue {
  return { msgpack: encodeMsgpack(value, type) };
}

export function decodeJsonValue(bytes: Uint8Array | string, type: CtyType, opts?: JsonDecodeOptions): Value {
  return decodeJson(bytes, type, opts);
}

export function encodeJsonValue(value: Value, type: CtyType): Uint8Array {
  return encodeJson(value, type);
}
