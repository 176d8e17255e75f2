/** GetMetadata and GetProviderSchema: what the provider offers, asked before anything else. */
import {
  diagnosticsToWire,
  functionMapToWire,
  schemaMapToWire,
  schemaToWire,
  serverCapabilitiesToWire,
} from '../convert';
import type { ProviderServer } from '../server';
import { plain, type Rpc } from './rpc';

export function getMetadata(s: ProviderServer): Rpc {
  return plain(async (ctx) => {
    const r = await s.getMetadata(ctx);
    return {
      serverCapabilities: serverCapabilitiesToWire(r.serverCapabilities),
      diagnostics: diagnosticsToWire(r.diagnostics),
      dataSources: r.dataSources.map((typeName) => ({ typeName })),
      resources: r.resources.map((typeName) => ({ typeName })),
      functions: r.functions.map((name) => ({ name })),
      ephemeralResources: r.ephemeralResources.map((typeName) => ({ typeName })),
    };
  });
}

export function getProviderSchema(s: ProviderServer): Rpc {
  return plain(async (ctx) => {
    const r = await s.getProviderSchema(ctx);
    return {
      provider: schemaToWire(r.provider),
      resourceSchemas: schemaMapToWire(r.resourceSchemas),
      dataSourceSchemas: schemaMapToWire(r.dataSourceSchemas),
      functions: functionMapToWire(r.functions),
      ephemeralResourceSchemas: schemaMapToWire(r.ephemeralResourceSchemas),
      diagnostics: diagnosticsToWire(r.diagnostics),
      providerMeta: schemaToWire(r.providerMeta),
      serverCapabilities: serverCapabilitiesToWire(r.serverCapabilities),
    };
  });
}
