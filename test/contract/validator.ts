/**
 * Judges one HTTP exchange against the reference: the route and method must exist, path and
 * query parameters and the JSON body must satisfy the operation, and the answer must be a
 * declared status whose body matches its schema. Schemas are never copied: the whole prepared
 * document is registered in ajv under one $id and every check compiles a JSON Pointer into it,
 * so `$ref: '#/components/...'` resolves exactly as in the file.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { Note, Violation } from './findings';
import { escape, type OpenApiDocument, type PreparedReference } from './reference';
import { HTTP_METHODS, RouteTable } from './routes';

const DOCUMENT_ID = 'https://contract.invalid/infomaniak.openapi.json';
const JSON_MEDIA = 'application/json';

export interface Exchange {
  readonly method: string;
  /** Path and query as sent (`/1/products?page=1`). */
  readonly url: string;
  readonly requestContentType?: string;
  /** Empty or absent: no body. */
  readonly requestBody?: string;
  readonly status: number;
  readonly responseContentType?: string;
  readonly responseBody?: string;
}

export interface Verdict {
  /** "METHOD template", or "METHOD path" when the route did not resolve. */
  readonly route: string;
  readonly resolved: boolean;
  readonly violations: Violation[];
  readonly notes: Note[];
}

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required: boolean;
  readonly style?: string;
  readonly explode?: boolean;
  /** Pointers of the schemas the value must satisfy (a referenced parameter plus its local override). */
  readonly schemas: readonly string[];
}

interface Operation {
  readonly template: string;
  readonly method: string;
  readonly pointer: string;
  readonly parameters: readonly Parameter[];
  readonly node: Record<string, unknown>;
}

export class ContractValidator {
  private readonly document: OpenApiDocument;
  private readonly routes: RouteTable;
  private readonly plain: Ajv2020;
  /** Parameters arrive as strings: "5" is an integer, a repeated key an array. */
  private readonly coercing: Ajv2020;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(reference: Pick<PreparedReference, 'document'>) {
    this.document = reference.document;
    this.routes = new RouteTable(Object.keys(this.document.paths));
    this.plain = makeAjv(this.document, false);
    this.coercing = makeAjv(this.document, true);
  }

  check(x: Exchange): Verdict {
    const method = x.method.toUpperCase();
    const [rawPath, rawQuery = ''] = splitUrl(x.url);
    const violations: Violation[] = [];
    const notes: Note[] = [];
    const match = this.routes.match(rawPath);
    const item = match ? this.document.paths[match.template] : undefined;
    const node = item?.[method.toLowerCase()];
    if (!match || !item || typeof node !== 'object' || node === null) {
      const message = match
        ? `the reference has ${match.template} but no ${method} on it (it has ${declaredMethods(item).join(', ') || 'none'})`
        : 'no path of the reference matches';
      violations.push({ kind: 'unresolved-route', method, path: rawPath, status: x.status, message });
      return { route: `${method} ${rawPath}`, resolved: false, violations, notes };
    }
    const op = this.operation(match.template, method, item, node as Record<string, unknown>);
    const base = { method, path: rawPath, route: match.template };
    const request = (message: string) => violations.push({ kind: 'request', ...base, message });

    this.checkPath(op, match.params, request);
    this.checkQuery(op, new URLSearchParams(rawQuery), request);
    this.checkRequestBody(op, x, request);
    this.checkResponse(op, x, base, violations, notes);
    return { route: `${method} ${match.template}`, resolved: true, violations, notes };
  }

  // ------------------------------------------------------------ request

  private checkPath(
    op: Operation,
    values: Readonly<Record<string, string>>,
    report: (m: string) => void,
  ): void {
    for (const p of op.parameters.filter((q) => q.in === 'path')) {
      const value = values[p.name];
      if (value === undefined) continue; // declared but not in the template: nothing to check
      for (const message of this.checkParameter(p, value)) report(`path parameter ${p.name} ${message}`);
    }
  }

  private checkQuery(op: Operation, query: URLSearchParams, report: (m: string) => void): void {
    const plain = new Map<string, string[]>();
    const nested = new Map<string, Record<string, unknown>>();
    for (const [key, value] of query) {
      const bracket = /^([^[\]]+)\[([^\]]*)\](\[\])?$/.exec(key);
      if (bracket) {
        const obj = nested.get(bracket[1]) ?? {};
        const prior = obj[bracket[2]];
        obj[bracket[2]] = bracket[3] || prior !== undefined ? [...toArray(prior), value] : value;
        nested.set(bracket[1], obj);
      } else plain.set(key, [...(plain.get(key) ?? []), value]);
    }
    const declared = op.parameters.filter((p) => p.in === 'query');
    for (const p of declared) {
      const values = plain.get(p.name);
      const object = nested.get(p.name);
      if (values === undefined && object === undefined) {
        if (p.required) report(`query parameter ${p.name} is required`);
        continue;
      }
      let value: unknown = object;
      if (values !== undefined) {
        const parts = p.explode === false ? values.flatMap((v) => v.split(',')) : values;
        value = parts.length === 1 && p.explode !== false ? parts[0] : parts;
      }
      for (const message of this.checkParameter(p, value)) report(`query parameter ${p.name} ${message}`);
    }
    const known = new Set(declared.map((p) => p.name));
    for (const key of new Set([...plain.keys(), ...nested.keys()]))
      if (!known.has(key)) report(`query parameter ${key} is not declared for this operation`);
  }

  private checkParameter(p: Parameter, value: unknown): string[] {
    if (p.schemas.length === 0) return [];
    // One schema: the referenced parameter's first, so its type coerces the string before the override's bounds.
    const validate = this.compile(this.coercing, `param:${p.schemas.join('|')}`, {
      type: 'object',
      properties: { value: { allOf: p.schemas.map((pointer) => ({ $ref: ref(pointer) })) } },
    });
    if (typeof validate === 'string') return [validate];
    return validate({ value }) ? [] : [...new Set(format(validate.errors, '/value', ''))];
  }

  private checkRequestBody(op: Operation, x: Exchange, report: (m: string) => void): void {
    const body = x.requestBody ?? '';
    const requestBody = this.deref(op.node.requestBody) as Record<string, unknown> | undefined;
    if (requestBody === undefined) {
      if (body.trim() !== '') report('the operation takes no request body, but one was sent');
      return;
    }
    if (body.trim() === '') {
      if (requestBody.required === true) report('the request body is required');
      return;
    }
    const content = (requestBody.content ?? {}) as Record<string, unknown>;
    if (!isJson(x.requestContentType)) {
      report(
        `request content type ${x.requestContentType ?? '(none)'} is not declared (${Object.keys(content).join(', ')})`,
      );
      return;
    }
    if (!(JSON_MEDIA in content)) {
      report(`the operation declares no ${JSON_MEDIA} body`);
      return;
    }
    const data = parseJson(body);
    if (data === undefined) {
      report('the request body is not JSON');
      return;
    }
    const pointer = `${op.pointer}/requestBody/content/${escape(JSON_MEDIA)}/schema`;
    for (const message of this.validateBody(pointer, data, 'body')) report(message);
  }

  // ------------------------------------------------------------ response

  private checkResponse(
    op: Operation,
    x: Exchange,
    base: { method: string; path: string; route: string },
    violations: Violation[],
    notes: Note[],
  ): void {
    const status = x.status;
    const responses = (op.node.responses ?? {}) as Record<string, unknown>;
    const key = [String(status), `${String(status)[0]}XX`, `${String(status)[0]}xx`, 'default'].find(
      (k) => k in responses,
    );
    const success = status < 400;
    const at = { ...base, status };
    if (key === undefined) {
      const declared = Object.keys(responses).join(', ') || 'none';
      if (success) {
        violations.push({
          kind: 'success-response',
          ...at,
          message: `status ${status} is not declared (declared: ${declared})`,
        });
        return;
      }
      notes.push({
        kind: 'undeclared-error-status',
        ...at,
        message: `status ${status} is not declared (declared: ${declared})`,
      });
      // The envelope still applies: the reference's generic error schema, when it has one.
      if (this.document.components?.schemas && 'ErrorResponse' in this.document.components.schemas)
        this.checkErrorBody('/components/schemas/ErrorResponse', x, at, violations, notes);
      return;
    }
    const responsePointer = this.derefPointer(`${op.pointer}/responses/${escape(key)}`);
    const response = this.at(responsePointer) as Record<string, unknown> | undefined;
    const content = (response?.content ?? {}) as Record<string, Record<string, unknown>>;
    if (!(JSON_MEDIA in content) || content[JSON_MEDIA].schema === undefined) return;
    const schemaPointer = `${responsePointer}/content/${escape(JSON_MEDIA)}/schema`;
    if (!success) {
      this.checkErrorBody(schemaPointer, x, at, violations, notes);
      return;
    }
    const data = isJson(x.responseContentType) ? parseJson(x.responseBody ?? '') : undefined;
    if (data === undefined) {
      violations.push({
        kind: 'success-response',
        ...at,
        message: `the answer is not JSON (${x.responseContentType ?? 'no content type'})`,
      });
      return;
    }
    for (const message of this.validateBody(schemaPointer, data, 'answer'))
      violations.push({ kind: 'success-response', ...at, message });
  }

  /** Error bodies: the shape must match; an error code outside the listed enum is only a note. */
  private checkErrorBody(
    pointer: string,
    x: Exchange,
    at: { method: string; path: string; route: string; status: number },
    violations: Violation[],
    notes: Note[],
  ): void {
    const data = isJson(x.responseContentType) ? parseJson(x.responseBody ?? '') : undefined;
    if (data === undefined) {
      violations.push({
        kind: 'error-response',
        ...at,
        message: `the error answer is not JSON (${x.responseContentType ?? 'no content type'})`,
      });
      return;
    }
    const validate = this.compile(this.plain, `body:${pointer}`, { $ref: ref(pointer) });
    if (typeof validate === 'string') {
      violations.push({ kind: 'error-response', ...at, message: validate });
      return;
    }
    if (validate(data)) return;
    const errors = validate.errors ?? [];
    const codeErrors = errors.filter((e) => e.instancePath === '/error/code' && e.keyword === 'enum');
    const shapeErrors = errors.filter((e) => !codeErrors.includes(e));
    if (codeErrors.length > 0) {
      const code = (data as { error?: { code?: unknown } }).error?.code;
      const listed = codeErrors.flatMap(
        (e) => (e.params as { allowedValues?: unknown[] }).allowedValues ?? [],
      );
      notes.push({
        kind: 'error-code',
        ...at,
        message: `error.code ${JSON.stringify(code)} is not listed (${[...new Set(listed)].join(', ')})`,
      });
    }
    for (const message of new Set(format(shapeErrors, '', 'answer')))
      violations.push({ kind: 'error-response', ...at, message });
  }

  // ------------------------------------------------------------ helpers

  private validateBody(pointer: string, data: unknown, label: string): string[] {
    const validate = this.compile(this.plain, `body:${pointer}`, { $ref: ref(pointer) });
    if (typeof validate === 'string') return [validate];
    return validate(data) ? [] : [...new Set(format(validate.errors, '', label))];
  }

  /** A compiled validator, or the reason the reference's schema could not be compiled. */
  private compile(ajv: Ajv2020, key: string, schema: object): ValidateFunction | string {
    const cacheKey = `${ajv === this.plain ? 'p' : 'c'}:${key}`;
    const cached = this.compiled.get(cacheKey);
    if (cached) return cached;
    try {
      const validate = ajv.compile(schema);
      this.compiled.set(cacheKey, validate);
      return validate;
    } catch (error) {
      return `the reference's schema at ${key} does not compile: ${(error as Error).message}`;
    }
  }

  private operation(
    template: string,
    method: string,
    item: Record<string, unknown>,
    node: Record<string, unknown>,
  ): Operation {
    const itemPointer = `/paths/${escape(template)}`;
    const pointer = `${itemPointer}/${method.toLowerCase()}`;
    const byKey = new Map<string, Parameter>();
    const collect = (list: unknown, listPointer: string) => {
      if (!Array.isArray(list)) return;
      list.forEach((raw: Record<string, unknown>, i) => {
        const own = `${listPointer}/${i}`;
        const target = typeof raw.$ref === 'string' ? this.derefPointer(own) : own;
        const resolved = this.at(target) as Record<string, unknown> | undefined;
        if (!resolved || typeof resolved.name !== 'string' || typeof resolved.in !== 'string') return;
        const schemas: string[] = [];
        if (resolved.schema !== undefined) schemas.push(`${target}/schema`);
        // The generator writes local overrides beside a $ref (e.g. PerPage's minimum): they apply too.
        if (target !== own && raw.schema !== undefined) schemas.push(`${own}/schema`);
        byKey.set(`${resolved.in}:${resolved.name}`, {
          name: resolved.name,
          in: resolved.in,
          required: resolved.required === true || resolved.in === 'path',
          style: typeof resolved.style === 'string' ? resolved.style : undefined,
          explode: typeof resolved.explode === 'boolean' ? resolved.explode : undefined,
          schemas,
        });
      });
    };
    collect(item.parameters, `${itemPointer}/parameters`);
    collect(node.parameters, `${pointer}/parameters`);
    return { template, method, pointer, parameters: [...byKey.values()], node };
  }

  /** Follows `$ref`s from the node at `pointer` to a pointer of the node they name. */
  private derefPointer(pointer: string): string {
    let current = pointer;
    for (let hops = 0; hops < 10; hops++) {
      const node = this.at(current) as { $ref?: unknown } | undefined;
      if (!node || typeof node.$ref !== 'string' || !node.$ref.startsWith('#')) return current;
      current = node.$ref.slice(1);
    }
    return current;
  }

  private deref(node: unknown): unknown {
    const r = (node as { $ref?: unknown } | undefined)?.$ref;
    return typeof r === 'string' && r.startsWith('#') ? this.at(this.derefPointer(r.slice(1))) : node;
  }

  private at(pointer: string): unknown {
    let node: unknown = this.document;
    for (const token of pointer.split('/').slice(1)) {
      if (typeof node !== 'object' || node === null) return undefined;
      node = (node as Record<string, unknown>)[token.replace(/~1/g, '/').replace(/~0/g, '~')];
    }
    return node;
  }
}

function makeAjv(document: OpenApiDocument, coerce: boolean): Ajv2020 {
  // strict: false because OpenAPI adds keywords JSON Schema does not know (example, xml...).
  const ajv = new Ajv2020({
    strict: false,
    allErrors: true,
    coerceTypes: coerce ? 'array' : false,
    logger: false,
  });
  addFormats(ajv);
  // Formats the reference invents ("timestamp", "datetime", "string"...) are annotations, not checks.
  for (const name of collectFormats(document)) if (!ajv.formats[name]) ajv.addFormat(name, true);
  ajv.addSchema({ ...document, $id: DOCUMENT_ID } as object);
  return ajv;
}

function collectFormats(node: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(node)) for (const item of node) collectFormats(item, out);
  else if (typeof node === 'object' && node !== null)
    for (const [key, value] of Object.entries(node)) {
      if (key === 'format' && typeof value === 'string') out.add(value);
      else collectFormats(value, out);
    }
  return out;
}

function ref(pointer: string): string {
  // A JSON Pointer in a URI fragment: each token percent-encoded ("{" is not allowed raw).
  return `${DOCUMENT_ID}#${pointer
    .split('/')
    .map((t) => encodeURIComponent(t))
    .join('/')}`;
}

/** ajv errors as short sentences: where, what; never the offending value (it may be a secret). */
function format(errors: ErrorObject[] | null | undefined, strip: string, label: string): string[] {
  return (errors ?? []).map((e) => {
    const path = e.instancePath.startsWith(strip) ? e.instancePath.slice(strip.length) : e.instancePath;
    const where = label ? `${label}${path}` : path || '';
    const params = e.params as Record<string, unknown>;
    let detail = e.message ?? e.keyword;
    if (e.keyword === 'enum' && Array.isArray(params.allowedValues))
      detail = `must be one of ${params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    if (e.keyword === 'additionalProperties')
      detail = `has an unknown property ${String(params.additionalProperty)}`;
    return where ? `${where} ${detail}` : detail;
  });
}

function declaredMethods(item: Record<string, unknown> | undefined): string[] {
  return HTTP_METHODS.filter((m) => item && m in item).map((m) => m.toUpperCase());
}

function splitUrl(url: string): [string, string?] {
  const i = url.indexOf('?');
  return i < 0 ? [url] : [url.slice(0, i), url.slice(i + 1)];
}

function isJson(contentType: string | undefined): boolean {
  const media = contentType?.split(';')[0].trim().toLowerCase() ?? '';
  return media === JSON_MEDIA || media.endsWith('+json');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function toArray(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
