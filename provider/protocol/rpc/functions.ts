/**
 * Provider-defined functions. CallFunction has no diagnostics field: failures,
 * including exceptions, travel in its `error` message instead.
 */
import {
  diagnosticsToWire,
  dynamicValueFromWire,
  dynamicValueToWire,
  functionMapToWire,
  type WireMessage,
} from '../convert';
import type { ProviderServer } from '../server';
import { plain, type Rpc } from './rpc';

export function getFunctions(s: ProviderServer): Rpc {
  return plain(async (ctx) => {
    if (s.getFunctions) {
      const r = await s.getFunctions(ctx);
      return { functions: functionMapToWire(r.functions), diagnostics: diagnosticsToWire(r.diagnostics) };
    }
    // The schema already lists the functions (possibly none): answer from it
    // rather than claim the RPC is unsupported.
    const r = await s.getProviderSchema(ctx);
    return { functions: functionMapToWire(r.functions), diagnostics: diagnosticsToWire(r.diagnostics) };
  });
}

export function callFunction(s: ProviderServer): Rpc {
  return {
    run: async (ctx, req) => {
      if (!s.callFunction)
        return { error: { text: `This provider does not offer provider-defined functions.` } };
      const r = await s.callFunction(ctx, {
        name: req.name ?? '',
        arguments: ((req.arguments ?? []) as WireMessage[]).map(dynamicValueFromWire),
      });
      return {
        result: dynamicValueToWire(r.result),
        ...(r.error
          ? {
              error: {
                text: r.error.text,
                ...(r.error.functionArgument !== undefined
                  ? { functionArgument: r.error.functionArgument }
                  : {}),
              },
            }
          : {}),
      };
    },
    failure: (d) => ({ error: { text: `${d.summary}: ${d.detail ?? ''}`.trim() } }),
  };
}
