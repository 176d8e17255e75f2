/**
 * Mapping between the protobuf messages as @grpc/proto-loader presents them
 * (camelCase fields, enums as names, int64 as decimal strings, bytes as
 * Buffers, oneofs named by a virtual field) and the shapes of server.ts.
 */
import type {
  AttributePath,
  AttributePathStep,
  ClientCapabilities,
  DeferredReason,
  Diagnostic,
  DynamicValue,
  FunctionDefinition,
  FunctionParameter,
  RawState,
  Schema,
  SchemaAttribute,
  SchemaBlock,
  SchemaNestedBlock,
  SchemaObject,
  ServerCapabilities,
  StringKind,
} from './server';
import { ctyTypeToJson } from './cty/type-ops';

/* eslint-disable @typescript-eslint/no-explicit-any -- proto-loader objects are untyped */
export type WireMessage = Record<string, any>;

const EMPTY = Buffer.alloc(0);

// ------------------------------------------------------------------ scalars

/** int64 arrives as a decimal string (longs: String); ours fit in a double. */
export function int64FromWire(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && v !== '') return Number(v);
  if (v && typeof v === 'object' && 'toString' in v) return Number(String(v));
  return 0;
}

export function bytesFromWire(v: unknown): Uint8Array {
  return v instanceof Uint8Array ? v : EMPTY;
}

export function bytesToWire(v: Uint8Array | undefined): Buffer {
  if (!v) return EMPTY;
  return Buffer.isBuffer(v) ? v : Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

/** google.protobuf.Timestamp <-> Date. */
export function timestampFromWire(v: WireMessage | null | undefined): Date | undefined {
  if (!v) return undefined;
  return new Date(int64FromWire(v.seconds) * 1000 + Math.floor((v.nanos ?? 0) / 1e6));
}

export function timestampToWire(d: Date | undefined): WireMessage | undefined {
  if (!d) return undefined;
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}

// ------------------------------------------------------------------ values

export function dynamicValueFromWire(v: WireMessage | null | undefined): DynamicValue {
  if (!v) return {};
  const msgpack = bytesFromWire(v.msgpack);
  const json = bytesFromWire(v.json);
  return {
    ...(msgpack.length > 0 ? { msgpack } : {}),
    ...(json.length > 0 ? { json } : {}),
  };
}

/** Optional values (provider_meta): undefined when terraform sent nothing. */
export function optionalDynamicValueFromWire(v: WireMessage | null | undefined): DynamicValue | undefined {
  const dv = dynamicValueFromWire(v);
  return dv.msgpack || dv.json ? dv : undefined;
}

export function dynamicValueToWire(v: DynamicValue | undefined): WireMessage | undefined {
  if (!v) return undefined;
  return { msgpack: bytesToWire(v.msgpack), json: bytesToWire(v.json) };
}

export function rawStateFromWire(v: WireMessage | null | undefined): RawState {
  if (!v) return {};
  const json = bytesFromWire(v.json);
  const flatmap =
    v.flatmap && Object.keys(v.flatmap).length > 0 ? (v.flatmap as Record<string, string>) : undefined;
  return { ...(json.length > 0 ? { json } : {}), ...(flatmap ? { flatmap } : {}) };
}

// ------------------------------------------------------------------ paths and diagnostics

export function attributePathFromWire(v: WireMessage | null | undefined): AttributePath {
  const steps: AttributePathStep[] = [];
  for (const s of (v?.steps ?? []) as WireMessage[]) {
    switch (s.selector) {
      case 'attributeName':
        steps.push({ attributeName: s.attributeName });
        break;
      case 'elementKeyString':
        steps.push({ elementKeyString: s.elementKeyString });
        break;
      case 'elementKeyInt':
        steps.push({ elementKeyInt: int64FromWire(s.elementKeyInt) });
        break;
    }
  }
  return steps;
}

export function attributePathToWire(path: AttributePath): WireMessage {
  return {
    steps: path.map((s) =>
      'attributeName' in s
        ? { attributeName: s.attributeName }
        : 'elementKeyString' in s
          ? { elementKeyString: s.elementKeyString }
          : { elementKeyInt: s.elementKeyInt },
    ),
  };
}

export function diagnosticToWire(d: Diagnostic): WireMessage {
  return {
    severity: d.severity === 'warning' ? 'WARNING' : 'ERROR',
    summary: d.summary,
    detail: d.detail ?? '',
    ...(d.attribute && d.attribute.length > 0 ? { attribute: attributePathToWire(d.attribute) } : {}),
  };
}

export function diagnosticsToWire(ds: readonly Diagnostic[] | undefined): WireMessage[] {
  return (ds ?? []).map(diagnosticToWire);
}

// ------------------------------------------------------------------ capabilities, deferral

export function clientCapabilitiesFromWire(v: WireMessage | null | undefined): ClientCapabilities {
  return {
    deferralAllowed: Boolean(v?.deferralAllowed),
    writeOnlyAttributesAllowed: Boolean(v?.writeOnlyAttributesAllowed),
  };
}

export function serverCapabilitiesToWire(c: ServerCapabilities | undefined): WireMessage | undefined {
  if (!c) return undefined;
  return {
    planDestroy: Boolean(c.planDestroy),
    getProviderSchemaOptional: Boolean(c.getProviderSchemaOptional),
    moveResourceState: Boolean(c.moveResourceState),
  };
}

export function deferredToWire(reason: DeferredReason | undefined): WireMessage | undefined {
  return reason ? { reason: reason.toUpperCase() } : undefined;
}

// ------------------------------------------------------------------ schemas

const stringKind = (k: StringKind | undefined): string => (k === 'markdown' ? 'MARKDOWN' : 'PLAIN');

function attributeToWire(a: SchemaAttribute): WireMessage {
  return {
    name: a.name,
    type: a.type !== undefined && !a.nestedType ? Buffer.from(ctyTypeToJson(a.type), 'utf8') : EMPTY,
    ...(a.nestedType ? { nestedType: objectToWire(a.nestedType) } : {}),
    description: a.description ?? '',
    descriptionKind: stringKind(a.descriptionKind),
    required: Boolean(a.required),
    optional: Boolean(a.optional),
    computed: Boolean(a.computed),
    sensitive: Boolean(a.sensitive),
    deprecated: Boolean(a.deprecated),
    writeOnly: Boolean(a.writeOnly),
  };
}

function objectToWire(o: SchemaObject): WireMessage {
  return { attributes: o.attributes.map(attributeToWire), nesting: o.nesting.toUpperCase() };
}

function nestedBlockToWire(b: SchemaNestedBlock): WireMessage {
  return {
    typeName: b.typeName,
    block: blockToWire(b.block),
    nesting: b.nesting.toUpperCase(),
    minItems: b.minItems ?? 0,
    maxItems: b.maxItems ?? 0,
  };
}

function blockToWire(b: SchemaBlock): WireMessage {
  return {
    version: b.version ?? 0,
    attributes: b.attributes.map(attributeToWire),
    blockTypes: (b.blockTypes ?? []).map(nestedBlockToWire),
    description: b.description ?? '',
    descriptionKind: stringKind(b.descriptionKind),
    deprecated: Boolean(b.deprecated),
  };
}

export function schemaToWire(s: Schema | undefined): WireMessage | undefined {
  if (!s) return undefined;
  return { version: s.version, block: blockToWire(s.block) };
}

export function schemaMapToWire(
  m: Readonly<Record<string, Schema>> | undefined,
): Record<string, WireMessage> {
  const out: Record<string, WireMessage> = {};
  for (const [name, s] of Object.entries(m ?? {})) out[name] = schemaToWire(s) as WireMessage;
  return out;
}

function parameterToWire(p: FunctionParameter): WireMessage {
  return {
    name: p.name,
    type: Buffer.from(ctyTypeToJson(p.type), 'utf8'),
    allowNullValue: Boolean(p.allowNullValue),
    allowUnknownValues: Boolean(p.allowUnknownValues),
    description: p.description ?? '',
    descriptionKind: stringKind(p.descriptionKind),
  };
}

export function functionToWire(f: FunctionDefinition): WireMessage {
  return {
    parameters: f.parameters.map(parameterToWire),
    ...(f.variadicParameter ? { variadicParameter: parameterToWire(f.variadicParameter) } : {}),
    return: { type: Buffer.from(ctyTypeToJson(f.returnType), 'utf8') },
    summary: f.summary ?? '',
    description: f.description ?? '',
    descriptionKind: stringKind(f.descriptionKind),
    deprecationMessage: f.deprecationMessage ?? '',
  };
}

export function functionMapToWire(
  m: Readonly<Record<string, FunctionDefinition>> | undefined,
): Record<string, WireMessage> {
  const out: Record<string, WireMessage> = {};
  for (const [name, f] of Object.entries(m ?? {})) out[name] = functionToWire(f);
  return out;
}
