/**
 * The protocol's types rebuilt from their parsed descriptor (protobufjs JSON), with
 * protobufjs' parser-less build. The bundle's proto-descriptor module calls this with
 * the descriptor the build embedded (scripts/bundle-provider.ts).
 */
import { Root, type INamespace } from 'protobufjs/light';

export function rootFromDescriptor(descriptor: INamespace): Root {
  const root = Root.fromJSON(descriptor);
  root.resolveAll();
  return root;
}
