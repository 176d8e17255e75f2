/** ReadDataSource (its validation is in validate.ts with the other Validate…Config RPCs). */
import {
  clientCapabilitiesFromWire,
  deferredToWire,
  diagnosticsToWire,
  dynamicValueFromWire,
  dynamicValueToWire,
  optionalDynamicValueFromWire,
} from '../convert';
import type { ProviderServer } from '../server';
import { plain, type Rpc } from './rpc';

export function readDataSource(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    const r = await s.readDataSource(ctx, {
      typeName: req.typeName,
      config: dynamicValueFromWire(req.config),
      providerMeta: optionalDynamicValueFromWire(req.providerMeta),
      clientCapabilities: clientCapabilitiesFromWire(req.clientCapabilities),
    });
    return {
      state: dynamicValueToWire(r.state),
      diagnostics: diagnosticsToWire(r.diagnostics),
      deferred: deferredToWire(r.deferred),
    };
  });
}
