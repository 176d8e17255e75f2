/**
 * cty types, represented exactly as cty's own JSON type encoding so that
 * `JSON.stringify(type)` is what goes on the wire (schema attribute `type`,
 * and the first element of a dynamic value).
 *
 *   "string" | "number" | "bool" | "dynamic"
 *   ["list", T] | ["set", T] | ["map", T]
 *   ["object", {attr: T}] | ["object", {attr: T}, ["optional_attr", ...]]
 *   ["tuple", [T, ...]]
 */
export type CtyPrimitiveType = 'string' | 'number' | 'bool';
export type CtyType =
  | CtyPrimitiveType
  | 'dynamic'
  | readonly ['list', CtyType]
  | readonly ['set', CtyType]
  | readonly ['map', CtyType]
  | readonly ['object', { readonly [attr: string]: CtyType }]
  | readonly ['object', { readonly [attr: string]: CtyType }, readonly string[]]
  | readonly ['tuple', readonly CtyType[]];

export const CtyType = {
  string: 'string',
  number: 'number',
  bool: 'bool',
  dynamic: 'dynamic',
  list: (element: CtyType): CtyType => ['list', element],
  set: (element: CtyType): CtyType => ['set', element],
  map: (element: CtyType): CtyType => ['map', element],
  object: (attrs: { readonly [attr: string]: CtyType }, optional?: readonly string[]): CtyType =>
    optional && optional.length > 0 ? ['object', attrs, optional] : ['object', attrs],
  tuple: (elements: readonly CtyType[]): CtyType => ['tuple', elements],
} as const;
