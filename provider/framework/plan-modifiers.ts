/**
 * Attribute plan modifiers: small rules that adjust one attribute's planned value or
 * ask for replacement. They run after the framework has applied defaults and marked
 * computed attributes unknown, in the order they are declared.
 */
import type { Unk } from './attributes';
import type { Diagnostics } from './diagnostics';
import type { AttributePath } from './path';
import { isUnknownValue } from './values';

export interface PlanModifierRequest<T> {
  readonly path: AttributePath;
  /** The attribute in configuration (null when not set; may be unknown). */
  readonly config: Unk<T> | null;
  /** The attribute in prior state; null when creating (or when a nested element is new). */
  readonly state: T | null;
  /** The value planned so far. */
  readonly plan: Unk<T> | null;
  /** The whole resource is being created (no prior state). */
  readonly creating: boolean;
  /** The planned value differs from prior state (an unknown plan counts as different). */
  readonly changed: boolean;
  readonly diagnostics: Diagnostics;
}

export interface PlanModifierResponse<T> {
  /** A new planned value for the attribute. */
  readonly plan?: Unk<T> | null;
  /** Changing this attribute cannot be done in place. */
  readonly requiresReplace?: boolean;
}

export interface PlanModifier<T> {
  /** Plain text, used in generated documentation. */
  readonly description: string;
  modify(req: PlanModifierRequest<T>): PlanModifierResponse<T> | void;
}

/**
 * Keep the prior state value instead of "known after apply" for a computed attribute
 * that does not change once set (ids, creation dates, generated secrets).
 */
export function useStateForUnknown<T>(): PlanModifier<T> {
  return {
    description: 'Once set, the value does not change unless the resource is replaced.',
    modify(req) {
      if (req.creating || req.state === null) return;
      if (!isUnknownValue(req.plan)) return;
      if (isUnknownValue(req.config)) return;
      return { plan: req.state as Unk<T> };
    },
  };
}

/** A change of this attribute destroys and re-creates the resource. */
export function requiresReplace<T>(): PlanModifier<T> {
  return requiresReplaceIf<T>(() => true, 'Changing this value replaces the resource.');
}

/** Replacement only when `condition` holds for a change (e.g. only when a value grows). */
export function requiresReplaceIf<T>(
  condition: (req: PlanModifierRequest<T>) => boolean,
  description: string,
): PlanModifier<T> {
  return {
    description,
    modify(req) {
      if (req.creating || !req.changed) return;
      // A computed attribute left unknown by the plan has not been decided to change.
      if (isUnknownValue(req.plan) && req.config === null) return;
      if (condition(req)) return { requiresReplace: true };
    },
  };
}

/** A modifier from a function; return the new plan value, or undefined to keep it. */
export function planModifier<T>(
  description: string,
  modify: (req: PlanModifierRequest<T>) => PlanModifierResponse<T> | void,
): PlanModifier<T> {
  return { description, modify };
}
