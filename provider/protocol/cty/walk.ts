/**
 * Shared plumbing for the codecs: a path stack that only becomes an
 * AttributePath when an error is thrown, and safe object construction.
 */
import type { AttributePathStep } from '../server';
import { CtyCodecError } from './errors';

export class PathStack {
  private readonly steps: AttributePathStep[] = [];
  attr(name: string): this {
    this.steps.push({ attributeName: name });
    return this;
  }
  key(key: string): this {
    this.steps.push({ elementKeyString: key });
    return this;
  }
  index(i: number): this {
    this.steps.push({ elementKeyInt: i });
    return this;
  }
  pop(): void {
    this.steps.pop();
  }
  /** Runs `fn`, re-anchoring any CtyCodecError it throws at the current position. */
  wrap<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (err instanceof CtyCodecError) throw new CtyCodecError(err.reason, [...this.steps, ...err.path]);
      throw err;
    }
  }
  error(reason: string): CtyCodecError {
    return new CtyCodecError(reason, [...this.steps]);
  }
}

/**
 * Sets an own property even for the key "__proto__", which plain assignment
 * would turn into a prototype change.
 */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') {
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[key] = value;
  }
}

export const hasOwn = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Describes a JS value's kind for error messages without revealing the value. */
export function kindOf(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'binary data';
  switch (typeof v) {
    case 'string':
      return 'a string';
    case 'number':
    case 'bigint':
      return 'a number';
    case 'boolean':
      return 'a bool';
    case 'object':
      return 'an object';
    default:
      return `a ${typeof v}`;
  }
}
