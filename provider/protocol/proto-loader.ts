/**
 * gRPC service definitions for the protocol's services, built from the protobufjs
 * types of proto-descriptor.ts. Messages are (de)serialised exactly as
 * @grpc/proto-loader does with LOADER_OPTIONS (the handshake tests build their
 * client with it), but without what proto-loader adds for gRPC reflection: a
 * descriptor of every message and file, which costs more at start than the
 * service itself.
 */
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';
import type { Options } from '@grpc/proto-loader';
import type { IConversionOptions, Root, Type } from 'protobufjs';
import { protocolRoot } from './proto-descriptor';

/* eslint-disable @typescript-eslint/no-explicit-any -- generated message shapes */
export type AnyMethod = MethodDefinition<any, any>;
export type AnyService = ServiceDefinition<Record<string, AnyMethod>>;

export interface ProtocolDefinitions {
  readonly provider: AnyService;
  readonly controller: AnyService;
  readonly stdio: AnyService;
  readonly broker: AnyService;
  readonly health: AnyService;
}

/**
 * How messages look in JS: camelCase fields, enum names, int64 as decimal
 * strings (no precision loss, no Long objects), defaults filled in, and the
 * name of the set member of each oneof in a virtual field.
 */
export const LOADER_OPTIONS: Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

const CONVERSION: IConversionOptions = LOADER_OPTIONS;

function serializer(type: Type): (message: object) => Buffer {
  return (message) => {
    if (Array.isArray(message))
      throw new Error(
        `Failed to serialize message: expected object with ${type.name} structure, got array instead`,
      );
    const bytes = type.encode(type.fromObject(message)).finish();
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

function deserializer(type: Type): (bytes: Buffer) => any {
  return (bytes) => type.toObject(type.decode(bytes), CONVERSION);
}

/** proto-loader's originalName: the method name with a lower-case first letter. */
const lowerFirst = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);

function serviceDefinition(root: Root, name: string): AnyService {
  const service = root.lookupService(name);
  const def: Record<string, AnyMethod> = {};
  for (const method of service.methodsArray) {
    const request = method.resolvedRequestType;
    const response = method.resolvedResponseType;
    if (!request || !response) throw new Error(`${name}.${method.name} has unresolved message types`);
    def[method.name] = {
      path: `/${name}/${method.name}`,
      requestStream: Boolean(method.requestStream),
      responseStream: Boolean(method.responseStream),
      requestSerialize: serializer(request),
      requestDeserialize: deserializer(request),
      responseSerialize: serializer(response),
      responseDeserialize: deserializer(response),
      originalName: lowerFirst(method.name),
    };
  }
  return def;
}

/** The services of a root holding our .proto types (parsed, or rebuilt from the embedded descriptor). */
export function definitionsFrom(root: Root): ProtocolDefinitions {
  return {
    provider: serviceDefinition(root, 'tfplugin6.Provider'),
    controller: serviceDefinition(root, 'plugin.GRPCController'),
    stdio: serviceDefinition(root, 'plugin.GRPCStdio'),
    broker: serviceDefinition(root, 'plugin.GRPCBroker'),
    health: serviceDefinition(root, 'grpc.health.v1.Health'),
  };
}

let cached: ProtocolDefinitions | undefined;

export function loadProtocolDefinitions(): ProtocolDefinitions {
  cached ??= definitionsFrom(protocolRoot());
  return cached;
}
