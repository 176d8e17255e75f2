/**
 * Our .proto files, parsed with protobufjs. They live in provider/protocol/proto/
 * of the package; `tsc` does not copy them into dist/, so both the source tree
 * (ts-jest, ts-node) and the compiled tree find them by walking up to the package
 * root. The bundled provider never gets here: the build parses them once and
 * embeds the result (see proto-descriptor.ts).
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Root } from 'protobufjs';

const PROTO_SUBDIR = join('provider', 'protocol', 'proto');
export const PROTO_FILES = ['tfplugin6.proto', 'go-plugin.proto', 'health.proto'];

/** The directory holding our .proto files. */
export function findProtoDir(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, PROTO_SUBDIR);
    if (existsSync(join(dir, 'package.json')) && existsSync(join(candidate, PROTO_FILES[0])))
      return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(
        `cannot find ${join(PROTO_SUBDIR, PROTO_FILES[0])} above ${start}: the package is incomplete`,
      );
    }
    dir = parent;
  }
}

/**
 * Parses the files as @grpc/proto-loader would with our options: camelCase field
 * names (keepCase false), imports from the same directory, Google's well-known
 * types from protobufjs.
 */
export function parseProtoFiles(dir: string = findProtoDir()): Root {
  const root = new Root();
  root.resolvePath = (_origin, target) => join(dir, target);
  root.loadSync(PROTO_FILES, { keepCase: false });
  root.resolveAll();
  return root;
}
