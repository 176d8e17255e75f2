/**
 * Infomaniak's published OpenAPI 3.1 reference: where it is, how it is loaded, and the two
 * in-memory adjustments a JSON Schema 2020-12 validator needs before it can judge traffic
 * with it. The file itself is never copied into the repository nor written back.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export const REFERENCE_ENV = 'INFOMANIAK_OPENAPI';
/** The nearest package.json upwards: the same from test/contract/ (jest) and dist/test/contract/ (the command). */
export const REPO_ROOT = findRoot(__dirname);
/** Beside the clean clone, as on CI and in the steering repository's layout. */
export const DEFAULT_REFERENCE = join('..', 'shared', 'api', 'infomaniak.openapi.json');
export const REFERENCE_SOURCE =
  'Infomaniak publishes it at https://developer.infomaniak.com ("API Reference"); a normalised copy ' +
  "lives in the steering repository's shared/api/ (infomaniak.openapi.json). Put it at " +
  `${DEFAULT_REFERENCE} (relative to the repository root) or point ${REFERENCE_ENV} at it.`;

/** The reference's path: INFOMANIAK_OPENAPI (relative ones from the repository root) or the default. */
export function referencePath(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[REFERENCE_ENV]?.trim();
  const path = given ? given : DEFAULT_REFERENCE;
  return isAbsolute(path) ? path : resolve(REPO_ROOT, path);
}

export class ReferenceMissingError extends Error {
  constructor(readonly path: string) {
    super(`The Infomaniak API reference is not at ${path}. ${REFERENCE_SOURCE}`);
    this.name = 'ReferenceMissingError';
  }
}

/** One place where the document was changed in memory to be usable as JSON Schema. */
export interface Adjustment {
  readonly pointer: string;
  readonly what: string;
}

export interface OpenApiDocument {
  readonly openapi?: string;
  readonly paths: Record<string, Record<string, unknown>>;
  readonly components?: Record<string, Record<string, unknown>>;
  readonly [key: string]: unknown;
}

export interface PreparedReference {
  readonly path: string;
  readonly document: OpenApiDocument;
  readonly adjustments: readonly Adjustment[];
}

/** Reads and prepares the reference at `path`; a missing file says where to get it. */
export function loadReference(path: string = referencePath()): PreparedReference {
  if (!existsSync(path)) throw new ReferenceMissingError(path);
  const document = JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
  if (typeof document !== 'object' || document === null || typeof document.paths !== 'object')
    throw new Error(`${path} is not an OpenAPI document (no "paths")`);
  return { path, ...prepareDocument(document) };
}

const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);
/** Not schemas: their `type` means something else (e.g. security schemes' "http"). */
const NOT_SCHEMAS = new Set(['securitySchemes', 'examples', 'example', 'enum', 'const', 'default']);

/**
 * Returns a deep copy of `source` ready for ajv (draft 2020-12), with what was changed.
 *
 * `nullable: true` is OpenAPI 3.0's spelling; it appears in this 3.1 document (the generator
 * kept it), where 2020-12 would ignore it and refuse every `null` the API sends for such a
 * field. It is honoured as OpenAPI 3.0 defines it, "null is also allowed": the type list gains
 * "null", an enum gains null (else the enum would still refuse it), and a type-less schema
 * (a `oneOf`) becomes `anyOf: [itself, {type: "null"}]`. ajv's own `nullable` support is not
 * enough: it refuses a typeless `nullable` and still checks the enum. `nullable: false` is
 * the default and is dropped.
 *
 * Shapes ajv cannot compile at all are read as described at fixShape.
 *
 * `type` names that are not JSON types (the generator's "datetime", "bool", class names...)
 * would make ajv refuse to compile the whole schema; they are dropped (the value is left
 * unconstrained) and listed as adjustments so the summary shows them. None of them sits on a
 * route this project uses; if one ever does, the adjustment list names it.
 */
export function prepareDocument(source: OpenApiDocument): {
  document: OpenApiDocument;
  adjustments: Adjustment[];
} {
  const adjustments: Adjustment[] = [];
  const document = structuredClone(source);
  walk(document, '', adjustments);
  return { document, adjustments };
}

function walk(node: unknown, pointer: string, adjustments: Adjustment[]): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => walk(item, `${pointer}/${i}`, adjustments));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const schema = node as Record<string, unknown>;
  for (const [key, value] of Object.entries(schema)) {
    if (NOT_SCHEMAS.has(key)) continue;
    if (key === 'properties' && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      // Property names such as "type" or "nullable" are names here, not keywords.
      for (const [name, sub] of Object.entries(value))
        walk(sub, `${pointer}/properties/${escape(name)}`, adjustments);
      continue;
    }
    walk(value, `${pointer}/${escape(key)}`, adjustments);
  }
  fixShape(schema, pointer, adjustments);
  fixType(schema, pointer, adjustments);
  fixNullable(schema, pointer, adjustments);
}

/**
 * Two generator slips ajv cannot compile, read the way the reference's own correct.py reads
 * them: `properties: []` (a PHP empty array) is no properties; and `type: array` whose `items`
 * is a map of property schemas is an object with those properties. correct.py finds the
 * latter only when no property is called like a keyword, so it missed `UserAccess.ksuite`
 * (properties `type`, `ksuite_customer_name`); this pass catches the case where `items.type`
 * is itself a schema, which no real `items` can have.
 */
function fixShape(schema: Record<string, unknown>, pointer: string, adjustments: Adjustment[]): void {
  if (schema.properties === null || (Array.isArray(schema.properties) && schema.properties.length === 0)) {
    schema.properties = {};
    adjustments.push({ pointer, what: 'properties written as an empty list: no properties' });
  }
  const items = schema.items;
  if (
    schema.type === 'array' &&
    isPlainObject(items) &&
    isPlainObject(items.type) &&
    Object.values(items).every(isPlainObject)
  ) {
    schema.type = 'object';
    schema.properties = items;
    delete schema.items;
    adjustments.push({
      pointer,
      what: 'an array whose items is a map of property schemas: an object with them',
    });
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fixType(schema: Record<string, unknown>, pointer: string, adjustments: Adjustment[]): void {
  const type = schema.type;
  if (typeof type === 'string' && !JSON_TYPES.has(type)) {
    delete schema.type;
    adjustments.push({ pointer, what: `type "${type}" is not a JSON type: left unconstrained` });
  }
}

function fixNullable(schema: Record<string, unknown>, pointer: string, adjustments: Adjustment[]): void {
  if (!('nullable' in schema) || typeof schema.nullable !== 'boolean') return;
  const nullable = schema.nullable;
  delete schema.nullable;
  if (!nullable) return;
  if (Array.isArray(schema.enum) && !schema.enum.includes(null)) schema.enum = [...schema.enum, null];
  const type = schema.type;
  if (typeof type === 'string') schema.type = type === 'null' ? type : [type, 'null'];
  else if (Array.isArray(type)) schema.type = type.includes('null') ? type : [...type, 'null'];
  else {
    const inner = { ...schema };
    for (const key of Object.keys(schema)) delete schema[key];
    schema.anyOf = [inner, { type: 'null' }];
  }
  adjustments.push({ pointer, what: 'nullable: true became a "null" alternative' });
}

function findRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return join(from, '..', '..');
  }
}

/** JSON Pointer escaping of one reference token. */
export function escape(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}
