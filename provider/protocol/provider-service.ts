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
 */
import { randomUUID } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import type { CallRegistry } from './calls';
import {
  attributePathToWire,
  bytesFromWire,
  bytesToWire,
  clientCapabilitiesFromWire,
  deferredToWire,
  diagnosticsToWire,
  dynamicValueFromWire,
  dynamicValueToWire,
  functionMapToWire,
  int64FromWire,
  optionalDynamicValueFromWire,
  rawStateFromWire,
  schemaMapToWire,
  schemaToWire,
  serverCapabilitiesToWire,
  timestampToWire,
  type WireMessage,
} from './convert';
import { CtyCodecError } from './cty/errors';
import type { Logger } from './log';
import type { AnyMethod, AnyService } from './proto-loader';
import type { CallContext, Diagnostic, ProviderServer } from './server';

type Responder = (ctx: CallContext, req: WireMessage) => Promise<WireMessage>;

interface Rpc {
  /** Builds the response; may throw. */
  readonly run: Responder;
  /** The response that carries a failure (diagnostics, or the function error). */
  readonly failure: (d: Diagnostic) => WireMessage;
}

const diagnosticsFailure = (d: Diagnostic): WireMessage => ({ diagnostics: diagnosticsToWire([d]) });

export function unsupportedDiagnostic(rpc: string): Diagnostic {
  return {
    severity: 'error',
    summary: 'Unsupported operation',
    detail: `This provider does not support ${rpc}. The configuration uses a feature the provider does not offer.`,
  };
}

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

function providerRpcs(opts: ProviderServiceOptions): Record<string, Rpc> {
  const s = opts.server;
  const unsupported = (rpc: string): Promise<WireMessage> =>
    Promise.resolve({ diagnostics: diagnosticsToWire([unsupportedDiagnostic(rpc)]) });
  const plain = (run: Responder): Rpc => ({ run, failure: diagnosticsFailure });

  return {
    GetMetadata: plain(async (ctx) => {
      const r = await s.getMetadata(ctx);
      return {
        serverCapabilities: serverCapabilitiesToWire(r.serverCapabilities),
        diagnostics: diagnosticsToWire(r.diagnostics),
        dataSources: r.dataSources.map((typeName) => ({ typeName })),
        resources: r.resources.map((typeName) => ({ typeName })),
        functions: r.functions.map((name) => ({ name })),
        ephemeralResources: r.ephemeralResources.map((typeName) => ({ typeName })),
      };
    }),

    GetProviderSchema: plain(async (ctx) => {
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
    }),

    ValidateProviderConfig: plain(async (ctx, req) => {
      const r = await s.validateProviderConfig(ctx, { config: dynamicValueFromWire(req.config) });
      return { diagnostics: diagnosticsToWire(r.diagnostics) };
    }),

    ValidateResourceConfig: plain(async (ctx, req) => {
      const r = await s.validateResourceConfig(ctx, {
        typeName: req.typeName,
        config: dynamicValueFromWire(req.config),
      });
      return { diagnostics: diagnosticsToWire(r.diagnostics) };
    }),

    ValidateDataResourceConfig: plain(async (ctx, req) => {
      const r = await s.validateDataResourceConfig(ctx, {
        typeName: req.typeName,
        config: dynamicValueFromWire(req.config),
      });
      return { diagnostics: diagnosticsToWire(r.diagnostics) };
    }),

    UpgradeResourceState: plain(async (ctx, req) => {
      const r = await s.upgradeResourceState(ctx, {
        typeName: req.typeName,
        version: int64FromWire(req.version),
        rawState: rawStateFromWire(req.rawState),
      });
      return {
        upgradedState: dynamicValueToWire(r.upgradedState),
        diagnostics: diagnosticsToWire(r.diagnostics),
      };
    }),

    ConfigureProvider: plain(async (ctx, req) => {
      const r = await s.configureProvider(ctx, {
        terraformVersion: req.terraformVersion ?? '',
        config: dynamicValueFromWire(req.config),
        clientCapabilities: clientCapabilitiesFromWire(req.clientCapabilities),
      });
      return { diagnostics: diagnosticsToWire(r.diagnostics) };
    }),

    ReadResource: plain(async (ctx, req) => {
      const r = await s.readResource(ctx, {
        typeName: req.typeName,
        currentState: dynamicValueFromWire(req.currentState),
        private: bytesFromWire(req.private),
        providerMeta: optionalDynamicValueFromWire(req.providerMeta),
        clientCapabilities: clientCapabilitiesFromWire(req.clientCapabilities),
      });
      return {
        newState: dynamicValueToWire(r.newState),
        diagnostics: diagnosticsToWire(r.diagnostics),
        private: bytesToWire(r.private),
        deferred: deferredToWire(r.deferred),
      };
    }),

    PlanResourceChange: plain(async (ctx, req) => {
      const r = await s.planResourceChange(ctx, {
        typeName: req.typeName,
        priorState: dynamicValueFromWire(req.priorState),
        proposedNewState: dynamicValueFromWire(req.proposedNewState),
        config: dynamicValueFromWire(req.config),
        priorPrivate: bytesFromWire(req.priorPrivate),
        providerMeta: optionalDynamicValueFromWire(req.providerMeta),
        clientCapabilities: clientCapabilitiesFromWire(req.clientCapabilities),
      });
      return {
        plannedState: dynamicValueToWire(r.plannedState),
        requiresReplace: (r.requiresReplace ?? []).map(attributePathToWire),
        plannedPrivate: bytesToWire(r.plannedPrivate),
        diagnostics: diagnosticsToWire(r.diagnostics),
        deferred: deferredToWire(r.deferred),
      };
    }),

    ApplyResourceChange: plain(async (ctx, req) => {
      const r = await s.applyResourceChange(ctx, {
        typeName: req.typeName,
        priorState: dynamicValueFromWire(req.priorState),
        plannedState: dynamicValueFromWire(req.plannedState),
        config: dynamicValueFromWire(req.config),
        plannedPrivate: bytesFromWire(req.plannedPrivate),
        providerMeta: optionalDynamicValueFromWire(req.providerMeta),
      });
      return {
        newState: dynamicValueToWire(r.newState),
        private: bytesToWire(r.private),
        diagnostics: diagnosticsToWire(r.diagnostics),
      };
    }),

    ImportResourceState: plain(async (ctx, req) => {
      const r = await s.importResourceState(ctx, {
        typeName: req.typeName,
        id: req.id ?? '',
        clientCapabilities: clientCapabilitiesFromWire(req.clientCapabilities),
      });
      return {
        importedResources: (r.importedResources ?? []).map((i) => ({
          typeName: i.typeName,
          state: dynamicValueToWire(i.state),
          private: bytesToWire(i.private),
        })),
        diagnostics: diagnosticsToWire(r.diagnostics),
        deferred: deferredToWire(r.deferred),
      };
    }),

    MoveResourceState: plain(async (ctx, req) => {
      if (!s.moveResourceState) return unsupported('MoveResourceState (moved blocks between resource types)');
      const r = await s.moveResourceState(ctx, {
        sourceProviderAddress: req.sourceProviderAddress ?? '',
        sourceTypeName: req.sourceTypeName ?? '',
        sourceSchemaVersion: int64FromWire(req.sourceSchemaVersion),
        sourceState: rawStateFromWire(req.sourceState),
        targetTypeName: req.targetTypeName ?? '',
        sourcePrivate: bytesFromWire(req.sourcePrivate),
      });
      return {
        targetState: dynamicValueToWire(r.targetState),
        diagnostics: diagnosticsToWire(r.diagnostics),
        targetPrivate: bytesToWire(r.targetPrivate),
      };
    }),

    ReadDataSource: plain(async (ctx, req) => {
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
    }),

    ValidateEphemeralResourceConfig: plain(async (ctx, req) => {
      if (!s.validateEphemeralResourceConfig) return unsupported('ephemeral resources');
      const r = await s.validateEphemeralResourceConfig(ctx, {
        typeName: req.typeName,
        config: dynamicValueFromWire(req.config),
      });
      return { diagnostics: diagnosticsToWire(r.diagnostics) };
    }),

    OpenEphemeralResource: plain(async (ctx, req) => {
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
    }),

    RenewEphemeralResource: plain(async (ctx, req) => {
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
    }),

    CloseEphemeralResource: plain(async (ctx, req) => {
      if (!s.closeEphemeralResource) return unsupported('ephemeral resources');
      const r = await s.closeEphemeralResource(ctx, {
        typeName: req.typeName,
        ...(req.private instanceof Uint8Array ? { private: req.private } : {}),
      });
      return { diagnostics: diagnosticsToWire(r.diagnostics) };
    }),

    GetFunctions: plain(async (ctx) => {
      if (s.getFunctions) {
        const r = await s.getFunctions(ctx);
        return { functions: functionMapToWire(r.functions), diagnostics: diagnosticsToWire(r.diagnostics) };
      }
      // The schema already lists the functions (possibly none): answer from it
      // rather than claim the RPC is unsupported.
      const r = await s.getProviderSchema(ctx);
      return { functions: functionMapToWire(r.functions), diagnostics: diagnosticsToWire(r.diagnostics) };
    }),

    CallFunction: {
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
    },

    StopProvider: {
      run: async () => {
        const aborted = opts.calls.abortAll();
        opts.logger.info('Stop requested by terraform', { tf_rpc: 'StopProvider', aborted_calls: aborted });
        opts.onStop?.();
        if (s.stop) await s.stop();
        return { Error: '' };
      },
      failure: (d) => ({ Error: `${d.summary}: ${d.detail ?? ''}` }),
    },
  };
}
