/**
 * The services go-plugin's client expects besides tfplugin6.Provider:
 *
 * - GRPCController.Shutdown: terraform is done with us; answer, then exit.
 * - GRPCStdio.StreamStdio: opened once by the client right after connecting.
 *   Without it the client logs a warning. We keep it open and send nothing:
 *   console output is already turned into log lines on stderr (see log.ts),
 *   which terraform shows with proper levels, whereas stdio data would only
 *   appear as "unexpected data" noise.
 * - GRPCBroker.StartStream: opened by the client for side connections that a
 *   terraform provider never makes; kept open and idle so the client sees a
 *   healthy stream instead of an UNIMPLEMENTED error.
 * - grpc.health.v1.Health: the client's Ping checks service "plugin".
 */
import type * as grpc from '@grpc/grpc-js';
import type { Logger } from './log';

export const HEALTH_SERVICE_NAME = 'plugin';

/** Open server streams, ended when the server shuts down so the shutdown does not wait on them. */
export class StreamSet {
  private readonly open = new Set<{ end(): void }>();
  add(stream: { end(): void; on(event: 'cancelled' | 'close' | 'error', cb: () => void): unknown }): void {
    this.open.add(stream);
    const drop = (): void => {
      this.open.delete(stream);
    };
    stream.on('cancelled', drop);
    stream.on('close', drop);
    stream.on('error', drop);
  }
  endAll(): void {
    for (const s of this.open) {
      try {
        s.end();
      } catch {
        // Already gone.
      }
    }
    this.open.clear();
  }
}

export interface PluginServiceOptions {
  readonly logger: Logger;
  readonly streams: StreamSet;
  readonly onShutdown: () => void;
}

export function controllerHandlers(opts: PluginServiceOptions): grpc.UntypedServiceImplementation {
  const Shutdown: grpc.handleUnaryCall<unknown, unknown> = (_call, callback) => {
    opts.logger.debug('Shutdown requested by terraform');
    callback(null, {});
    // Let the response go out before the server starts closing.
    setImmediate(opts.onShutdown);
  };
  return { Shutdown };
}

export function stdioHandlers(opts: PluginServiceOptions): grpc.UntypedServiceImplementation {
  const StreamStdio: grpc.handleServerStreamingCall<unknown, unknown> = (call) => {
    opts.streams.add(call);
  };
  return { StreamStdio };
}

export function brokerHandlers(opts: PluginServiceOptions): grpc.UntypedServiceImplementation {
  const StartStream: grpc.handleBidiStreamingCall<unknown, unknown> = (call) => {
    opts.streams.add(call);
    // Nothing is ever brokered; drain what the client sends and close with it.
    call.on('data', () =>
      opts.logger.trace('Ignoring a broker message: this provider opens no side connections'),
    );
    call.on('end', () => call.end());
  };
  return { StartStream };
}

export function healthHandlers(opts: PluginServiceOptions): grpc.UntypedServiceImplementation {
  const known = (service: unknown): boolean => service === '' || service === HEALTH_SERVICE_NAME;
  const Check: grpc.handleUnaryCall<{ service?: string }, unknown> = (call, callback) => {
    if (!known(call.request.service ?? ''))
      return callback({ code: 5 /* NOT_FOUND */, details: 'unknown service' });
    callback(null, { status: 'SERVING' });
  };
  const Watch: grpc.handleServerStreamingCall<{ service?: string }, unknown> = (call) => {
    call.write({ status: known(call.request.service ?? '') ? 'SERVING' : 'SERVICE_UNKNOWN' });
    opts.streams.add(call);
  };
  return { Check, Watch };
}
