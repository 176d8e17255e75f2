/**
 * tfplugin6.Provider over gRPC: decodes each request, calls the ProviderServer,
 * encodes the response. Every RPC of protocol 6.8 answers with a response:
 * optional methods the server lacks give an "unsupported" error diagnostic, an
 * exception gives an "internal provider error" diagnostic. A gRPC error status
 * would show up in terraform as a confusing transport failure, so none is used.
 *
 * Messages go through the handler as raw bytes and are (de)serialised here,
 * inside the same try/catch, so even a malformed message or an unencodable
 * response becomes a diagnostic instead of a failed call.
 *
 * What each RPC reads from its request and writes to its response is in rpc/,
 * one small mapping per RPC; this file turns them into grpc-js handlers.
 */
import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import type { CallRegistry } from './calls';
import type { WireMessage } from './convert';
import { CtyCodecError } from './cty/errors';
import type { Logger } from './log';
import type { AnyMethod, AnyService } from './proto-loader';
import { providerRpcs, type Rpc } from './rpc';
import type { Diagnostic, ProviderServer } from './server';

export { unsupportedDiagnostic } from './rpc';

/** A diagnostic for an exception: what failed and where, never the exception's text (it may hold values). */
export function internalErrorDiagnostic(rpc: string, err: unknown, typeName?: string): Diagnostic {
  const where = typeName ? `${rpc} for ${typeName}` : rpc;
  if (err instanceof CtyCodecError) {
    // Codec messages are built to be value-free, and the path is what a user needs.
    return {
      severity: 'error',
      summary: 'Internal provider error',
      detail: `The provider could not process a value while handling ${where}: ${err.message}. This is a bug in the provider.`,
      ...(err.path.length > 0 ? { attribute: err.path } : {}),
    };
  }
  const kind = err instanceof Error ? err.name : typeof err;
  return {
    severity: 'error',
    summary: 'Internal provider error',
    detail:
      `The provider failed unexpectedly while handling ${where} (${kind}). This is a bug in the provider, ` +
      'not in your configuration. Run terraform with TF_LOG_PROVIDER=debug to see the details in the log.',
  };
}

export interface ProviderServiceOptions {
  readonly server: ProviderServer;
  readonly logger: Logger;
  readonly calls: CallRegistry;
  /** StopProvider hook for the serve loop (after in-flight calls are aborted). */
  readonly onStop?: () => void;
}

/** The handler table, keyed by the method names of the service definition. */
export function providerHandlers(
  def: AnyService,
  opts: ProviderServiceOptions,
): {
  service: AnyService;
  handlers: grpc.UntypedServiceImplementation;
} {
  const rpcs = providerRpcs(opts);
  const service: Record<string, AnyMethod> = {};
  const handlers: grpc.UntypedServiceImplementation = {};
  for (const [name, method] of Object.entries(def)) {
    // Pass bytes through grpc-js; we (de)serialise in the handler, see the file comment.
    service[name] = {
      ...method,
      requestDeserialize: (b: Buffer) => b,
      responseSerialize: (b: Buffer) => b,
    };
    const rpc = rpcs[name];
    if (!rpc) throw new Error(`no handler for tfplugin6.Provider/${name}`);
    handlers[name] = unaryHandler(name, method, rpc, opts);
  }
  return { service, handlers };
}

function unaryHandler(
  name: string,
  method: AnyMethod,
  rpc: Rpc,
  opts: ProviderServiceOptions,
): grpc.handleUnaryCall<Buffer, Buffer> {
  const log = opts.logger;
  return (call, callback) => {
    const handle = opts.calls.begin();
    const onCancel = (): void => handle.abort();
    call.on('cancelled', onCancel);
    const started = process.hrtime.bigint();
    let fields: Record<string, unknown> = { tf_rpc: name, tf_req_id: randomUUID() };

    const respond = (message: WireMessage): Buffer => method.responseSerialize(message) as Buffer;
    const fail = (err: unknown, typeName?: string): Buffer => {
      log.error('Error handling request', {
        ...fields,
        error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
      });
      if (err instanceof Error && err.stack) log.debug('Stack of the error', { ...fields, stack: err.stack });
      return respond(rpc.failure(internalErrorDiagnostic(name, err, typeName)));
    };

    void (async (): Promise<Buffer> => {
      let req: WireMessage;
      try {
        req = method.requestDeserialize(call.request) as WireMessage;
      } catch (err) {
        return fail(err);
      }
      const typeName = typeof req.typeName === 'string' && req.typeName !== '' ? req.typeName : undefined;
      if (typeName) fields = { ...fields, tf_resource_type: typeName };
      log.debug('Received request', fields);
      try {
        const res = await rpc.run({ signal: handle.signal }, req);
        return respond(res);
      } catch (err) {
        return fail(err, typeName);
      }
    })()
      .catch((err: unknown) => {
        // Only reachable if encoding the failure response itself failed.
        log.error('Could not encode a response', { ...fields, error: String(err) });
        return Buffer.alloc(0);
      })
      .then((bytes) => {
        call.removeListener('cancelled', onCancel);
        handle.end();
        if (log.enabled('debug')) {
          log.debug('Served request', {
            ...fields,
            duration_ms: Number(process.hrtime.bigint() - started) / 1e6,
          });
        }
        callback(null, bytes);
      });
  };
}
