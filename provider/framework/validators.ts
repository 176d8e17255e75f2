/**
 * Attribute validators. The framework calls a validator only with a wholly known,
 * non-null value (unknowns are validated again once they are known), and hands it the
 * attribute path so that every diagnostic points at the configuration line.
 */
import type { CtyType } from '../protocol/cty/type';
import type { Diagnostics } from './diagnostics';
import { child, describePath, type AttributePath } from './path';

export interface ValidatorRequest<T> {
  readonly value: T;
  readonly path: AttributePath;
  /** The cty type of the value (tells a list from a set, both being arrays here). */
  readonly type: CtyType;
  readonly diagnostics: Diagnostics;
}

export interface Validator<T> {
  /** Plain text, e.g. "length between 1 and 64"; used in generated documentation. */
  readonly description: string;
  validate(req: ValidatorRequest<T>): void;
}

/**
 * A custom validator from a function returning an error message (or nothing when the
 * value is fine). For warnings or several messages, use `req.diagnostics` directly.
 */
export function validator<T>(
  description: string,
  check: (value: T, req: ValidatorRequest<T>) => string | undefined | void,
): Validator<T> {
  return {
    description,
    validate(req) {
      const message = check(req.value, req);
      if (typeof message === 'string') invalid(req, message);
    },
  };
}

/** Report an invalid value at the request's path, naming the attribute. */
export function invalid(req: ValidatorRequest<unknown>, detail: string): void {
  req.diagnostics.error(`Invalid value for "${describePath(req.path)}"`, detail, req.path);
}

function lengthOf(s: string): number {
  // Count characters as a person would, not UTF-16 code units.
  return [...s].length;
}

export function stringLength(bounds: { readonly min?: number; readonly max?: number }): Validator<string> {
  const { min, max } = bounds;
  const description =
    min !== undefined && max !== undefined
      ? `length between ${min} and ${max}`
      : min !== undefined
        ? `at least ${min} characters`
        : `at most ${max} characters`;
  return validator(description, (value) => {
    const n = lengthOf(value);
    if (min !== undefined && n < min) return `Must be at least ${min} characters long (got ${n}).`;
    if (max !== undefined && n > max) return `Must be at most ${max} characters long (got ${n}).`;
  });
}

/** `message` explains the expected form in words; the default quotes the pattern. */
export function stringMatches(pattern: RegExp, message?: string): Validator<string> {
  return validator(message ?? `matches ${pattern}`, (value) => {
    pattern.lastIndex = 0;
    if (!pattern.test(value)) return message ?? `Must match the pattern ${pattern}.`;
  });
}

export function oneOf<T extends string | number>(...allowed: readonly T[]): Validator<T> {
  const list = allowed.map((v) => JSON.stringify(v)).join(', ');
  return validator(`one of ${list}`, (value) => {
    if (!allowed.includes(value)) return `Must be one of ${list} (got ${JSON.stringify(value)}).`;
  });
}

export function isInteger(): Validator<number> {
  return validator('a whole number', (value) => {
    if (!Number.isInteger(value)) return `Must be a whole number (got ${value}).`;
  });
}

export function numberRange(bounds: { readonly min?: number; readonly max?: number }): Validator<number> {
  const { min, max } = bounds;
  return validator(`between ${min ?? '-inf'} and ${max ?? '+inf'}`, (value) => {
    if (min !== undefined && value < min) return `Must be at least ${min} (got ${value}).`;
    if (max !== undefined && value > max) return `Must be at most ${max} (got ${value}).`;
  });
}

/** A whole number within [min, max]. */
export function intRange(min: number, max: number): Validator<number> {
  return validator(`a whole number between ${min} and ${max}`, (value) => {
    if (!Number.isInteger(value)) return `Must be a whole number (got ${value}).`;
    if (value < min || value > max) return `Must be between ${min} and ${max} (got ${value}).`;
  });
}

type Sized = readonly unknown[] | { readonly [key: string]: unknown };

/** Number of elements of a list, set or map. */
export function sizeBetween(min: number, max = Infinity): Validator<Sized> {
  return validator(`between ${min} and ${max} elements`, (value) => {
    const n = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (n < min || n > max)
      return max === Infinity
        ? `Must have at least ${min} elements (got ${n}).`
        : `Must have between ${min} and ${max} elements (got ${n}).`;
  });
}

/**
 * Apply element validators to every element of a list, set or map. List elements get
 * an index path, map elements a key path; set elements have no path of their own in the
 * protocol, so they are reported on the set.
 */
export function each<E>(...validators: readonly Validator<E>[]): Validator<readonly E[] | Record<string, E>> {
  return {
    description: `each element: ${validators.map((v) => v.description).join('; ')}`,
    validate(req) {
      const isSet = Array.isArray(req.type) && req.type[0] === 'set';
      const elementType = (Array.isArray(req.type) ? req.type[1] : 'dynamic') as CtyType;
      const entries: [AttributePath, E][] = Array.isArray(req.value)
        ? (req.value as readonly E[]).map((e, i) => [
            isSet ? req.path : child(req.path, { elementKeyInt: i }),
            e,
          ])
        : Object.entries(req.value as Record<string, E>).map(([k, e]) => [
            child(req.path, { elementKeyString: k }),
            e,
          ]);
      for (const [path, value] of entries)
        for (const v of validators)
          v.validate({ value, path, type: elementType, diagnostics: req.diagnostics });
    },
  };
}
