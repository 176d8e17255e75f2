/**
 * Loads our .proto files at run time with @grpc/proto-loader. The files live
 * in provider/protocol/proto/ of the package; `tsc` does not copy them into
 * dist/, so both the source tree (ts-jest, ts-node) and the compiled tree find
 * them by walking up to the package root.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as protoLoader from '@grpc/proto-loader';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

const PROTO_SUBDIR = join('provider', 'protocol', 'proto');
const FILES = ['tfplugin6.proto', 'go-plugin.proto', 'health.proto'];

/** The directory holding our .proto files. */
export function findProtoDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, PROTO_SUBDIR);
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, FILES[0]))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `cannot find ${join(PROTO_SUBDIR, FILES[0])} above ${start}: the package is incomplete`,
      );
    }
    dir = parent;
  }
}

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
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
};

let cached: ProtocolDefinitions | undefined;

export function loadProtocolDefinitions(): ProtocolDefinitions {
  if (cached) return cached;
  const dir = findProtoDir();
  const pkg = protoLoader.loadSync(FILES, { ...LOADER_OPTIONS, includeDirs: [dir] });
  const service = (name: string): AnyService => {
    const def = pkg[name];
    if (!def || typeof def !== 'object' || 'format' in def)
      throw new Error(`${name} is not a service in our protos`);
    return def as unknown as AnyService;
  };
  cached = {
    provider: service('tfplugin6.Provider'),
    controller: service('plugin.GRPCController'),
    stdio: service('plugin.GRPCStdio'),
    broker: service('plugin.GRPCBroker'),
    health: service('grpc.health.v1.Health'),
  };
  return cached;
}
