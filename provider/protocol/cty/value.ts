/**
 * The in-memory model of a cty value, shared by the codecs and the framework.
 *
 *   null                      -> null (of any type)
 *   Unknown                   -> an unknown value (of any type), optionally refined
 *   string                    -> string
 *   boolean                   -> bool
 *   CtyNumber                 -> number (see below)
 *   Value[]                   -> list, set (order not significant) or tuple
 *   { [k: string]: Value }    -> map or object (plain object, no prototype tricks)
 *   DynamicValue wrapper      -> a value whose type is `dynamic` in the schema carries its
 *                                concrete type: { dynamicType, value } (class Dynamic)
 *
 * Numbers: cty numbers are arbitrary precision. A JS `number` is used when the value
 * round-trips exactly; otherwise a `BigNumber` holding the exact decimal string.
 */
export class Unknown {
  /** Refinements sent by terraform (msgpack ext 12) are accepted and ignored on input. */
  static readonly instance = new Unknown();
  // A distinguishing member, so `Exclude<Value, Unknown>` and negated `isUnknown`
  // guards narrow correctly instead of removing every object and array type.
  readonly kind = 'unknown';
  private constructor() {}
  toString(): string {
    return '(unknown)';
  }
}
export const unknown = Unknown.instance;

export class BigNumber {
  constructor(readonly decimal: string) {}
  toString(): string {
    return this.decimal;
  }
}
export type CtyNumber = number | BigNumber;

import type { CtyType } from './type';
export class Dynamic {
  constructor(
    readonly type: CtyType,
    readonly value: Value,
  ) {}
}

export type Value =
  | null
  | Unknown
  | string
  | boolean
  | CtyNumber
  | Dynamic
  | readonly Value[]
  | { readonly [key: string]: Value };

export function isUnknown(v: unknown): v is Unknown {
  return v instanceof Unknown;
}

export type ValueObject = { readonly [key: string]: Value };

/** A map or object value: a plain object, not one of the value classes. */
export function isObjectValue(v: Value | undefined): v is ValueObject {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof Unknown) &&
    !(v instanceof BigNumber) &&
    !(v instanceof Dynamic)
  );
}
