/**
 * Attribute builders: the one place where a schema is declared. Each builder returns a
 * runtime description (used to produce the protocol schema, the cty type, and to drive
 * planning) that also carries phantom TypeScript types, so that `ModelOf<typeof attrs>`
 * gives resource authors typed values without a second declaration.
 *
 *   const attributes = {
 *     title: attr.string({ required: true, validators: [stringLength({ min: 1 })] }),
 *     tags: attr.map('string', { optional: true }),
 *     secret: attr.string({ computed: true, sensitive: true }),
 *   };
 */
import type { CtyType } from '../protocol/cty/type';
import type { Unknown } from '../protocol/cty/value';
import type { PlanModifier } from './plan-modifiers';
import type { Validator } from './validators';
import { isInteger } from './validators';

export type PrimitiveKind = 'string' | 'number' | 'bool';
export type Nesting = 'single' | 'list' | 'set' | 'map';
export type CollectionKind = 'list' | 'set' | 'map';

export type PrimitiveOf<K extends PrimitiveKind> = K extends 'string'
  ? string
  : K extends 'number'
    ? number
    : K extends 'bool'
      ? boolean
      : never;

/** `T`, where any part may also be unknown (config during validation and planning, plans). */
export type Unk<T> = T extends null
  ? null
  : T extends readonly (infer E)[]
    ? Unk<E>[] | Unknown
    : T extends object
      ? { [K in keyof T]: Unk<T[K]> } | Unknown
      : T | Unknown;

export type AttributeShape =
  | { readonly kind: 'primitive'; readonly primitive: PrimitiveKind }
  | { readonly kind: 'collection'; readonly collection: CollectionKind; readonly element: PrimitiveKind }
  | { readonly kind: 'nested'; readonly nesting: Nesting; readonly attributes: Attributes };

export interface AttributeOptions<T> {
  /** Must be set in configuration. */
  readonly required?: boolean;
  /** May be set in configuration. */
  readonly optional?: boolean;
  /** Set by the provider (with `optional`: by the provider when the configuration leaves it null). */
  readonly computed?: boolean;
  /** Terraform hides the value in plans and output. */
  readonly sensitive?: boolean;
  /** Only in configuration: never planned, never stored in state (Terraform >= 1.11). */
  readonly writeOnly?: boolean;
  /** Markdown, shown in `terraform providers schema` and generated docs. */
  readonly description?: string;
  /** Using the attribute produces this warning. */
  readonly deprecationMessage?: string;
  /** Planned when the configuration leaves the attribute null; makes the attribute computed. */
  readonly default?: T;
  readonly validators?: readonly Validator<T>[];
  readonly planModifiers?: readonly PlanModifier<T>[];
}

/** Phantom types carried by an attribute; never present at runtime. */
export interface AttributeTypes<T, P, R extends boolean, C extends boolean> {
  readonly model: T;
  readonly plan: P;
  readonly required: R;
  readonly computed: C;
}

export interface Attribute<
  T = unknown,
  P = unknown,
  R extends boolean = boolean,
  C extends boolean = boolean,
> {
  readonly shape: AttributeShape;
  readonly type: CtyType;
  readonly required: boolean;
  readonly optional: boolean;
  readonly computed: boolean;
  readonly sensitive: boolean;
  readonly writeOnly: boolean;
  readonly description?: string;
  readonly deprecationMessage?: string;
  readonly hasDefault: boolean;
  readonly default?: unknown;
  readonly validators: readonly ErasedValidator[];
  readonly planModifiers: readonly ErasedPlanModifier[];
  readonly __types?: AttributeTypes<T, P, R, C>;
}

export type Attributes = { readonly [name: string]: Attribute };

// Validators and plan modifiers are stored type-erased, like resource definitions (see
// AnyResource): each was type-checked against its attribute where it was attached, and
// the attribute's cty type vouches for the values the framework hands it.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type ErasedValidator = Validator<any>;
export type ErasedPlanModifier = PlanModifier<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

type IsRequired<O> = O extends { required: true } ? (O extends { writeOnly: true } ? false : true) : false;
type IsComputed<O> = O extends { computed: true } ? true : O extends { default: unknown } ? true : false;

/** Values as they are in state and in a wholly known configuration. */
export type ModelOf<A extends Attributes> = {
  -readonly [K in keyof A]: A[K] extends Attribute<infer T, unknown, infer R, boolean>
    ? R extends true
      ? T
      : T | null
    : never;
};

/** Planned values: computed attributes (and computed parts of nested ones) may be unknown. */
export type PlanOf<A extends Attributes> = {
  -readonly [K in keyof A]: A[K] extends Attribute<infer T, infer P, infer R, infer C>
    ? C extends true
      ? Unk<T> | null
      : R extends true
        ? P
        : P | null
    : never;
};

/** Configuration as seen while validating and planning: anything may still be unknown. */
export type ConfigOf<A extends Attributes> = {
  -readonly [K in keyof A]: A[K] extends Attribute<infer T, unknown, infer R, boolean>
    ? Unk<R extends true ? T : T | null>
    : never;
};

function build<T, P, R extends boolean, C extends boolean>(
  shape: AttributeShape,
  type: CtyType,
  options: AttributeOptions<T>,
  extraValidators: readonly ErasedValidator[] = [],
): Attribute<T, P, R, C> {
  const hasDefault = options.default !== undefined;
  return {
    shape,
    type,
    required: options.required === true,
    optional: options.optional === true || (hasDefault && options.required !== true),
    computed: options.computed === true || hasDefault,
    sensitive: options.sensitive === true,
    writeOnly: options.writeOnly === true,
    description: options.description,
    deprecationMessage: options.deprecationMessage,
    hasDefault,
    default: options.default,
    validators: [...extraValidators, ...(options.validators ?? [])],
    planModifiers: options.planModifiers ?? [],
  };
}

function primitive<K extends PrimitiveKind>(kind: K) {
  return <const O extends AttributeOptions<PrimitiveOf<K>>>(
    options: O,
  ): Attribute<PrimitiveOf<K>, PrimitiveOf<K>, IsRequired<O>, IsComputed<O>> =>
    build({ kind: 'primitive', primitive: kind }, kind, options);
}

function collection<C extends CollectionKind>(kind: C) {
  return <E extends PrimitiveKind, const O extends AttributeOptions<CollectionOf<C, PrimitiveOf<E>>>>(
    element: E,
    options: O,
  ): Attribute<
    CollectionOf<C, PrimitiveOf<E>>,
    CollectionOf<C, PrimitiveOf<E>>,
    IsRequired<O>,
    IsComputed<O>
  > => build({ kind: 'collection', collection: kind, element }, [kind, element] as CtyType, options);
}

type CollectionOf<C extends CollectionKind, T> = C extends 'map' ? Record<string, T> : T[];

function nested<N extends Nesting>(nesting: N) {
  return <A extends Attributes, const O extends AttributeOptions<NestedOf<N, ModelOf<A>>>>(
    attributes: A,
    options: O,
  ): Attribute<NestedOf<N, ModelOf<A>>, NestedOf<N, PlanOf<A>>, IsRequired<O>, IsComputed<O>> => {
    const object = objectType(attributes);
    const type: CtyType = nesting === 'single' ? object : ([nesting, object] as CtyType);
    return build({ kind: 'nested', nesting, attributes }, type, options);
  };
}

type NestedOf<N extends Nesting, T> = N extends 'single' ? T : N extends 'map' ? Record<string, T> : T[];

/** The cty object type of a set of attributes (what terraform sends for a resource or a nested object). */
export function objectType(attributes: Attributes): CtyType {
  const out: { [name: string]: CtyType } = {};
  for (const [name, a] of Object.entries(attributes)) out[name] = a.type;
  return ['object', out];
}

export const attr = {
  string: primitive('string'),
  number: primitive('number'),
  bool: primitive('bool'),
  /** A number that must be a whole number (terraform has no integer type). */
  int: <const O extends AttributeOptions<number>>(
    options: O,
  ): Attribute<number, number, IsRequired<O>, IsComputed<O>> =>
    build({ kind: 'primitive', primitive: 'number' }, 'number', options, [isInteger()]),
  list: collection('list'),
  set: collection('set'),
  map: collection('map'),
  /** A single nested object: `x = { a = 1 }`. */
  object: nested('single'),
  listNested: nested('list'),
  setNested: nested('set'),
  mapNested: nested('map'),
};
