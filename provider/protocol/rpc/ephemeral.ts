/**
 * Ephemeral resources: validate, open, renew, close. All optional; a server without
 * them answers "unsupported". `renewAt` and `private` are left out rather than sent
 * empty when the server gives none.
 */
import {
  bytesToWire,
  clientCapabilitiesFromWire,
  deferredToWire,
  diagnosticsToWire,
  dynamicValueFromWire,
  dynamicValueToWire,
  timestampToWire,
} from '../convert';
import type { ProviderServer } from '../server';
import { plain, unsupported, type Rpc } from './rpc';

export function validateEphemeralResourceConfig(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    if (!s.validateEphemeralResourceConfig) return unsupported('ephemeral resources');
    const r = await s.validateEphemeralResourceConfig(ctx, {
      typeName: req.typeName,
      config: dynamicValueFromWire(req.config),
    });
    return { diagnostics: diagnosticsToWire(r.diagnostics) };
  });
}

export function openEphemeralResource(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    if (!s.openEphemeralResource) return unsupported('ephemeral resources');
    const r = await s.openEphemeralResource(ctx, {
      typeName: req.typeName,
      config: dynamicValueFromWire(req.config),
      clientCapabilities: clientCapabilitiesFromWire(req.clientCapabilities),
    });
    return {
      diagnostics: diagnosticsToWire(r.diagnostics),
      ...(r.renewAt ? { renewAt: timestampToWire(r.renewAt) } : {}),
      result: dynamicValueToWire(r.result),
      ...(r.private ? { private: bytesToWire(r.private) } : {}),
      deferred: deferredToWire(r.deferred),
    };
  });
}

export function renewEphemeralResource(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    if (!s.renewEphemeralResource) return unsupported('ephemeral resources');
    const r = await s.renewEphemeralResource(ctx, {
      typeName: req.typeName,
      ...(req.private instanceof Uint8Array ? { private: req.private } : {}),
    });
    return {
      diagnostics: diagnosticsToWire(r.diagnostics),
      ...(r.renewAt ? { renewAt: timestampToWire(r.renewAt) } : {}),
      ...(r.private ? { private: bytesToWire(r.private) } : {}),
    };
  });
}

export function closeEphemeralResource(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    if (!s.closeEphemeralResource) return unsupported('ephemeral resources');
    const r = await s.closeEphemeralResource(ctx, {
      typeName: req.typeName,
      ...(req.private instanceof Uint8Array ? { private: req.private } : {}),
    });
    return { diagnostics: diagnosticsToWire(r.diagnostics) };
  });
}
