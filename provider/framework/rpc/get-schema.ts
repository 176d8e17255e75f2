/** GetMetadata and GetProviderSchema: what the provider offers, derived from the compiled schemas. */
import type {
  GetMetadataResponse,
  GetProviderSchemaResponse,
  ServerCapabilities,
} from '../../protocol/server';
import type { ServerContext } from './server-context';
import type { SchemaRuntime } from './runtime';

const CAPABILITIES: ServerCapabilities = { planDestroy: true, getProviderSchemaOptional: true };

export function getMetadata<C>(server: ServerContext<C>): GetMetadataResponse {
  return {
    serverCapabilities: CAPABILITIES,
    resources: [...server.resources.keys()],
    dataSources: [...server.dataSources.keys()],
    ephemeralResources: [...server.ephemeral.keys()],
    functions: [],
  };
}

export function getProviderSchema<C>(server: ServerContext<C>): GetProviderSchemaResponse {
  const schemas = <D>(m: ReadonlyMap<string, SchemaRuntime<D>>) =>
    Object.fromEntries([...m].map(([k, v]) => [k, v.schema]));
  return {
    provider: server.provider.schema,
    resourceSchemas: schemas(server.resources),
    dataSourceSchemas: schemas(server.dataSources),
    ephemeralResourceSchemas: schemas(server.ephemeral),
    functions: {},
    serverCapabilities: CAPABILITIES,
  };
}
