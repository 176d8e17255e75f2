/**
 * Our service definitions against @grpc/proto-loader's, which the provider used before
 * and the handshake tests' client still uses: same methods, and byte-for-byte the same
 * messages for every request and response type, from the parsed .proto files and from
 * the descriptor the bundle embeds (scripts/bundle-provider.ts).
 */
import * as protoLoader from '@grpc/proto-loader';
import { Enum, Type, type Field, type Root } from 'protobufjs';
import { findProtoDir, parseProtoFiles, PROTO_FILES } from './proto-files';
import { rootFromDescriptor } from './proto-json';
import { definitionsFrom, LOADER_OPTIONS, type AnyService, type ProtocolDefinitions } from './proto-loader';

const SERVICES: Record<keyof ProtocolDefinitions, string> = {
  provider: 'tfplugin6.Provider',
  controller: 'plugin.GRPCController',
  stdio: 'plugin.GRPCStdio',
  broker: 'plugin.GRPCBroker',
  health: 'grpc.health.v1.Health',
};

const reference = protoLoader.loadSync(PROTO_FILES, { ...LOADER_OPTIONS, includeDirs: [findProtoDir()] });
const referenceService = (name: string): AnyService => reference[name] as unknown as AnyService;

/** A message with every field set (one member per oneof), nested messages a few levels deep. */
function sample(type: Type, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const oneofsSet = new Set<string>();
  for (const field of type.fieldsArray) {
    field.resolve();
    if (field.partOf) {
      if (oneofsSet.has(field.partOf.name)) continue;
      oneofsSet.add(field.partOf.name);
    }
    const value = (): unknown => sampleValue(field, depth);
    out[field.name] = field.map ? { key: value() } : field.repeated ? [value(), value()] : value();
  }
  return out;
}

function sampleValue(field: Field, depth: number): unknown {
  const t = field.resolvedType;
  if (t instanceof Enum) return Object.keys(t.values).at(-1);
  if (t instanceof Type) return depth < 4 ? sample(t, depth + 1) : {};
  switch (field.type) {
    case 'string':
      return `${field.name} ✓`;
    case 'bool':
      return true;
    case 'bytes':
      return Buffer.from([0, 1, 2, 250]);
    case 'int64':
    case 'uint64':
    case 'sint64':
    case 'fixed64':
    case 'sfixed64':
      return '9007199254740993';
    case 'double':
    case 'float':
      return 1.5;
    default:
      return 7;
  }
}

function messageType(root: Root, service: string, method: string, side: 'request' | 'response'): Type {
  const m = root.lookupService(service).methods[method];
  m.resolve();
  const t = side === 'request' ? m.resolvedRequestType : m.resolvedResponseType;
  if (!t) throw new Error(`${service}.${method} has no ${side} type`);
  return t;
}

const parsed = parseProtoFiles();
const roots: Array<[string, Root]> = [
  ['parsed from the .proto files', parsed],
  ['rebuilt from the embedded descriptor', rootFromDescriptor(JSON.parse(JSON.stringify(parsed.toJSON())))],
];

describe.each(roots)('service definitions, %s', (_label, root) => {
  const ours = definitionsFrom(root);

  it.each(Object.entries(SERVICES))('%s has proto-loader’s methods, paths and streaming', (key, name) => {
    const mine = ours[key as keyof ProtocolDefinitions];
    const theirs = referenceService(name);
    expect(Object.keys(mine).sort()).toEqual(Object.keys(theirs).sort());
    for (const [method, def] of Object.entries(theirs)) {
      expect(mine[method]).toMatchObject({
        path: def.path,
        requestStream: def.requestStream,
        responseStream: def.responseStream,
        originalName: def.originalName,
      });
    }
  });

  it.each(Object.entries(SERVICES))('%s (de)serialises every message as proto-loader does', (key, name) => {
    const mine = ours[key as keyof ProtocolDefinitions];
    const theirs = referenceService(name);
    for (const [method, def] of Object.entries(theirs)) {
      for (const side of ['request', 'response'] as const) {
        const type = messageType(parsed, name, method, side);
        const message = sample(type);
        const serialize = side === 'request' ? 'requestSerialize' : 'responseSerialize';
        const deserialize = side === 'request' ? 'requestDeserialize' : 'responseDeserialize';
        const bytes = Buffer.from(def[serialize](message));
        // Every field set means bytes to compare (google.protobuf.Empty has none to set).
        expect(bytes.length > 0).toBe(type.fieldsArray.length > 0);
        expect(Buffer.from(mine[method][serialize](message))).toEqual(bytes);
        expect(mine[method][deserialize](bytes)).toEqual(def[deserialize](bytes));
        // An empty message decodes to the same defaults (defaults: true).
        expect(mine[method][deserialize](Buffer.alloc(0))).toEqual(def[deserialize](Buffer.alloc(0)));
      }
    }
  });
});

it('the embedded descriptor describes the same types as the .proto files', () => {
  const json = parsed.toJSON();
  expect(rootFromDescriptor(JSON.parse(JSON.stringify(json))).toJSON()).toEqual(json);
});
