/**
 * Where the protocol's message and service types come from. Here: parsed from the
 * .proto files on every start. The bundle build (scripts/bundle-provider.ts)
 * replaces this module with one that rebuilds the same types from the parsed
 * descriptor, as JSON embedded in the bundle, with protobufjs' parser-less build:
 * a provider start then reads and parses no .proto file.
 */
import type { Root } from 'protobufjs';
import { parseProtoFiles } from './proto-files';

export function protocolRoot(): Root {
  return parseProtoFiles();
}
