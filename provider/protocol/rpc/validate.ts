/** The Validate…Config RPCs of the provider block, resources and data sources: diagnostics only. */
import { diagnosticsToWire, dynamicValueFromWire } from '../convert';
import type { ProviderServer } from '../server';
import { plain, type Rpc } from './rpc';

export function validateProviderConfig(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    const r = await s.validateProviderConfig(ctx, { config: dynamicValueFromWire(req.config) });
    return { diagnostics: diagnosticsToWire(r.diagnostics) };
  });
}

export function validateResourceConfig(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    const r = await s.validateResourceConfig(ctx, {
      typeName: req.typeName,
      config: dynamicValueFromWire(req.config),
    });
    return { diagnostics: diagnosticsToWire(r.diagnostics) };
  });
}

export function validateDataResourceConfig(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    const r = await s.validateDataResourceConfig(ctx, {
      typeName: req.typeName,
      config: dynamicValueFromWire(req.config),
    });
    return { diagnostics: diagnosticsToWire(r.diagnostics) };
  });
}
