/**
 * The shape of one RPC's mapping (wire message → ProviderServer call → wire
 * message), shared by the files of this folder. Each mapping is built once per
 * served provider, so a call costs no more than the mapping's own work.
 */
import { diagnosticsToWire, type WireMessage } from '../convert';
import type { CallContext, Diagnostic } from '../server';

export type Responder = (ctx: CallContext, req: WireMessage) => Promise<WireMessage>;

export interface Rpc {
  /** Builds the response; may throw. */
  readonly run: Responder;
  /** The response that carries a failure (diagnostics, or the function error). */
  readonly failure: (d: Diagnostic) => WireMessage;
}

const diagnosticsFailure = (d: Diagnostic): WireMessage => ({ diagnostics: diagnosticsToWire([d]) });

/** An RPC whose response reports failures in its `diagnostics` field, as most do. */
export const plain = (run: Responder): Rpc => ({ run, failure: diagnosticsFailure });

export function unsupportedDiagnostic(rpc: string): Diagnostic {
  return {
    severity: 'error',
    summary: 'Unsupported operation',
    detail: `This provider does not support ${rpc}. The configuration uses a feature the provider does not offer.`,
  };
}

/** The answer of an optional RPC the server lacks: terraform shows the diagnostic, not a transport error. */
export const unsupported = (rpc: string): Promise<WireMessage> =>
  Promise.resolve({ diagnostics: diagnosticsToWire([unsupportedDiagnostic(rpc)]) });
