/**
 * FrameworkServer: a provider definition served through the protocol's ProviderServer
 * interface. Each RPC lives in its own file under rpc/; they share the compiled schemas
 * (rpc/runtime.ts), which are the only place values are decoded, converted and
 * encoded. Nothing here knows about gRPC.
 */
import { registerSecret, silentLogger, type Logger } from '../protocol/log';
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  CallContext,
  CloseEphemeralResourceRequest,
  ConfigureProviderRequest,
  DiagnosticsOnly,
  DynamicValue,
  GetMetadataResponse,
  GetProviderSchemaResponse,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
  OpenEphemeralResourceRequest,
  OpenEphemeralResourceResponse,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
  ProviderServer,
  ReadDataSourceRequest,
  ReadDataSourceResponse,
  ReadResourceRequest,
  ReadResourceResponse,
  RenewEphemeralResourceRequest,
  RenewEphemeralResourceResponse,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
  ValidateConfigRequest,
} from '../protocol/server';
import { Diagnostics } from './diagnostics';
import { applyResourceChange } from './rpc/apply-resource-change';
import { configureProvider } from './rpc/configure-provider';
import {
  closeEphemeralResource,
  openEphemeralResource,
  renewEphemeralResource,
} from './rpc/ephemeral-resource';
import { getMetadata, getProviderSchema } from './rpc/get-schema';
import { importResourceState } from './rpc/import-resource-state';
import { planResourceChange } from './rpc/plan-resource-change';
import { readDataSource } from './rpc/read-data-source';
import { readResource } from './rpc/read-resource';
import type { SchemaRuntime } from './rpc/runtime';
import { done, lookup, ServerContext, type AnyProvider } from './rpc/server-context';
import { upgradeResourceState } from './rpc/upgrade-resource-state';
import { validateConfig } from './rpc/validate-config';
import type { SecretSink } from './secrets';

export interface FrameworkServerOptions {
  /** Receives every sensitive and write-only string value seen; defaults to the protocol logger's redaction. */
  readonly registerSecret?: SecretSink;
  /** Trace lines about each operation (never values); defaults to silent. */
  readonly logger?: Logger;
}

export class FrameworkServer<C> implements ProviderServer {
  private readonly server: ServerContext<C>;

  constructor(definition: AnyProvider<C>, options: FrameworkServerOptions = {}) {
    this.server = new ServerContext(
      definition,
      options.registerSecret ?? registerSecret,
      options.logger ?? silentLogger,
    );
  }

  async getMetadata(): Promise<GetMetadataResponse> {
    return getMetadata(this.server);
  }

  async getProviderSchema(): Promise<GetProviderSchemaResponse> {
    return getProviderSchema(this.server);
  }

  async getFunctions(): Promise<DiagnosticsOnly & { readonly functions: Record<string, never> }> {
    return { functions: {} };
  }

  async validateProviderConfig(
    ctx: CallContext,
    req: { readonly config: DynamicValue },
  ): Promise<DiagnosticsOnly> {
    return validateConfig(ctx, this.server.provider, req.config);
  }

  async validateResourceConfig(ctx: CallContext, req: ValidateConfigRequest): Promise<DiagnosticsOnly> {
    return this.validateOne(ctx, this.server.resources, 'resource', req);
  }

  async validateDataResourceConfig(ctx: CallContext, req: ValidateConfigRequest): Promise<DiagnosticsOnly> {
    return this.validateOne(ctx, this.server.dataSources, 'data source', req);
  }

  async validateEphemeralResourceConfig(
    ctx: CallContext,
    req: ValidateConfigRequest,
  ): Promise<DiagnosticsOnly> {
    return this.validateOne(ctx, this.server.ephemeral, 'ephemeral resource', req);
  }

  async configureProvider(ctx: CallContext, req: ConfigureProviderRequest): Promise<DiagnosticsOnly> {
    return configureProvider(this.server, ctx, req);
  }

  async upgradeResourceState(
    ctx: CallContext,
    req: UpgradeResourceStateRequest,
  ): Promise<UpgradeResourceStateResponse> {
    return upgradeResourceState(this.server, ctx, req);
  }

  async readResource(ctx: CallContext, req: ReadResourceRequest): Promise<ReadResourceResponse> {
    return readResource(this.server, ctx, req);
  }

  async planResourceChange(
    ctx: CallContext,
    req: PlanResourceChangeRequest,
  ): Promise<PlanResourceChangeResponse> {
    return planResourceChange(this.server, ctx, req);
  }

  async applyResourceChange(
    ctx: CallContext,
    req: ApplyResourceChangeRequest,
  ): Promise<ApplyResourceChangeResponse> {
    return applyResourceChange(this.server, ctx, req);
  }

  async importResourceState(
    ctx: CallContext,
    req: ImportResourceStateRequest,
  ): Promise<ImportResourceStateResponse> {
    return importResourceState(this.server, ctx, req);
  }

  async readDataSource(ctx: CallContext, req: ReadDataSourceRequest): Promise<ReadDataSourceResponse> {
    return readDataSource(this.server, ctx, req);
  }

  async openEphemeralResource(
    ctx: CallContext,
    req: OpenEphemeralResourceRequest,
  ): Promise<OpenEphemeralResourceResponse> {
    return openEphemeralResource(this.server, ctx, req);
  }

  async renewEphemeralResource(
    ctx: CallContext,
    req: RenewEphemeralResourceRequest,
  ): Promise<RenewEphemeralResourceResponse> {
    return renewEphemeralResource(this.server, ctx, req);
  }

  async closeEphemeralResource(
    ctx: CallContext,
    req: CloseEphemeralResourceRequest,
  ): Promise<DiagnosticsOnly> {
    return closeEphemeralResource(this.server, ctx, req);
  }

  private async validateOne<D extends Parameters<typeof validateConfig>[1]['def']>(
    ctx: CallContext,
    map: ReadonlyMap<string, SchemaRuntime<D>>,
    kind: 'resource' | 'data source' | 'ephemeral resource',
    req: ValidateConfigRequest,
  ): Promise<DiagnosticsOnly> {
    const diagnostics = new Diagnostics();
    const target = lookup(map, kind, req.typeName, diagnostics);
    return target ? validateConfig(ctx, target, req.config) : done(diagnostics);
  }
}

/** Serve a provider definition: the ProviderServer to hand to the protocol's `serve`. */
export function providerServer<C>(
  definition: AnyProvider<C>,
  options?: FrameworkServerOptions,
): FrameworkServer<C> {
  return new FrameworkServer(definition, options);
}
