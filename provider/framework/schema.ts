/**
 * Schemas: a set of attributes plus block-level metadata. The schema definition is the
 * single source of truth: the protocol schema (with markdown descriptions) and the cty
 * type terraform encodes values with are both derived from it here.
 */
import type { CtyType } from '../protocol/cty/type';
import type { Schema, SchemaAttribute, SchemaObject } from '../protocol/server';
import { objectType, type Attribute, type Attributes } from './attributes';

export interface SchemaDefinition<A extends Attributes = Attributes> {
  readonly attributes: A;
  /** Markdown. */
  readonly description?: string;
  readonly deprecationMessage?: string;
  /** Resources only: bump when the stored shape changes, and implement `upgradeState`. */
  readonly version?: number;
}

export type SchemaKind = 'provider' | 'resource' | 'data source' | 'ephemeral resource';

export function schemaType(schema: SchemaDefinition): CtyType {
  return objectType(schema.attributes);
}

export function toProtocolSchema(schema: SchemaDefinition): Schema {
  return {
    version: schema.version ?? 0,
    block: {
      version: schema.version ?? 0,
      attributes: toProtocolAttributes(schema.attributes),
      ...describe(schema.description),
      ...(schema.deprecationMessage !== undefined ? { deprecated: true } : {}),
    },
  };
}

function toProtocolAttributes(attributes: Attributes): SchemaAttribute[] {
  // Sorted like terraform's own schemas, so generated docs and schema dumps are stable.
  return Object.keys(attributes)
    .sort()
    .map((name) => toProtocolAttribute(name, attributes[name]));
}

function toProtocolAttribute(name: string, a: Attribute): SchemaAttribute {
  const shape = a.shape;
  const nestedType: SchemaObject | undefined =
    shape.kind === 'nested'
      ? { nesting: shape.nesting, attributes: toProtocolAttributes(shape.attributes) }
      : undefined;
  return {
    name,
    ...(nestedType ? { nestedType } : { type: a.type }),
    ...describe(a.description),
    ...(a.required ? { required: true } : {}),
    ...(a.optional ? { optional: true } : {}),
    ...(a.computed ? { computed: true } : {}),
    ...(a.sensitive ? { sensitive: true } : {}),
    ...(a.writeOnly ? { writeOnly: true } : {}),
    ...(a.deprecationMessage !== undefined ? { deprecated: true } : {}),
  };
}

function describe(description: string | undefined): Pick<SchemaAttribute, 'description' | 'descriptionKind'> {
  return description === undefined ? {} : { description, descriptionKind: 'markdown' };
}

/**
 * Programming mistakes in a schema are thrown when the provider is built, long before
 * terraform would reject them with a less helpful message.
 */
export function checkSchema(owner: string, kind: SchemaKind, schema: SchemaDefinition): void {
  const problems: string[] = [];
  checkAttributes(kind, schema.attributes, '', problems);
  if (schema.version !== undefined && (!Number.isInteger(schema.version) || schema.version < 0))
    problems.push(`version must be a non-negative integer`);
  if (problems.length > 0)
    throw new Error(`Invalid schema for ${kind} ${owner}:\n  - ${problems.join('\n  - ')}`);
}

const NAME = /^[a-z_][a-z0-9_]*$/;

function checkAttributes(kind: SchemaKind, attributes: Attributes, prefix: string, problems: string[]): void {
  const names = Object.keys(attributes);
  if (prefix === '' && names.length === 0) problems.push('a schema needs at least one attribute');
  for (const name of names) {
    const a = attributes[name];
    const where = `attribute "${prefix}${name}"`;
    if (!NAME.test(name)) problems.push(`${where}: names are lowercase letters, digits and underscores`);
    const modes = [a.required, a.optional, a.computed].filter(Boolean).length;
    if (modes === 0) problems.push(`${where}: set one of required, optional or computed`);
    if (a.required && (a.optional || a.computed))
      problems.push(`${where}: required excludes optional, computed and default`);
    if (a.writeOnly) {
      if (a.computed) problems.push(`${where}: a write-only attribute cannot be computed or have a default`);
      if (kind !== 'resource' && kind !== 'provider')
        problems.push(`${where}: write-only attributes exist only in resources`);
    }
    if (kind === 'provider' && a.computed)
      problems.push(`${where}: provider configuration cannot be computed`);
    if (a.planModifiers.length > 0 && kind !== 'resource')
      problems.push(`${where}: plan modifiers exist only in resources`);
    if (a.shape.kind === 'nested') checkAttributes(kind, a.shape.attributes, `${prefix}${name}.`, problems);
  }
}
