/**
 * ConfigureProvider and StopProvider: the provider process as a whole. StopProvider
 * answers in its own `Error` string field, which is why it is not a `plain` RPC.
 */
import { clientCapabilitiesFromWire, diagnosticsToWire, dynamicValueFromWire } from '../convert';
import type { ProviderServiceOptions } from '../provider-service';
import type { ProviderServer } from '../server';
import { plain, type Rpc } from './rpc';

export function configureProvider(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    const r = await s.configureProvider(ctx, {
      terraformVersion: req.terraformVersion ?? '',
      config: dynamicValueFromWire(req.config),
      clientCapabilities: clientCapabilitiesFromWire(req.clientCapabilities),
    });
    return { diagnostics: diagnosticsToWire(r.diagnostics) };
  });
}

/** Terraform sends it to cancel work in progress (Ctrl-C), so every in-flight call's signal aborts. */
export function stopProvider(opts: ProviderServiceOptions): Rpc {
  const s = opts.server;
  return {
    run: async () => {
      const aborted = opts.calls.abortAll();
      opts.logger.info('Stop requested by terraform', { tf_rpc: 'StopProvider', aborted_calls: aborted });
      opts.onStop?.();
      if (s.stop) await s.stop();
      return { Error: '' };
    },
    failure: (d) => ({ Error: `${d.summary}: ${d.detail ?? ''}` }),
  };
}
