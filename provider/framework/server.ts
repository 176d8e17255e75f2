/**
 * FrameworkServer: a provider definition served through the protocol's ProviderServer
 * interface. It decodes values with the schema, runs validation and planning rules,
 * calls the definition's methods with typed values, checks their results and encodes
 * them back. Nothing here knows about gRPC.
 */
import type { CtyType } from '../protocol/cty/type';
import { decodeDynamicValue, decodeJsonValue, encodeDynamicValue } from '../protocol/cty/codec';
import type { Value } from '../protocol/cty/value';
import { registerSecret, silentLogger, type Logger } from '../protocol/log';
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  CallContext,
  CloseEphemeralResourceRequest,
  ConfigureProviderRequest,
  Diagnostic,
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
  Schema,
  ServerCapabilities,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
  ValidateConfigRequest,
} from '../protocol/server';
import { checkAppliedState } from './apply-check';
import type { Attributes } from './attributes';
import type { CallBase, PrivateData } from './context';
import { Diagnostics } from './diagnostics';
import { reportException } from './errors';
import { checkAgainstConfig, nullWriteOnly, planResource } from './plan';
import { describePath, toPath } from './path';
import { decodePrivate, encodePrivate } from './private-state';
import type { AnyDataSource, AnyEphemeralResource, AnyResource, ProviderDefinition } from './provider';
import { checkSchema, schemaType, toProtocolSchema, type SchemaDefinition, type SchemaKind } from './schema';
import { registerSecrets, type SecretSink } from './secrets';
import { validateAttributes } from './validate';
import { fromModel, toModel, unknownPaths, unknownsToNull, valuesEqual } from './values';

export interface FrameworkServerOptions {
  /** Receives every sensitive and write-only string value seen; defaults to the protocol logger's redaction. */
  readonly registerSecret?: SecretSink;
  /** Trace lines about each operation (never values); defaults to silent. */
  readonly logger?: Logger;
}

/** A schema with what the server derives from it once. */
interface Compiled<D> {
  readonly typeName: string;
  readonly def: D;
  readonly attributes: Attributes;
  readonly type: CtyType;
  readonly schema: Schema;
}

const CAPABILITIES: ServerCapabilities = { planDestroy: true, getProviderSchemaOptional: true };

// The definition is type-erased here; see AnyResource in provider.ts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyProvider<C> = ProviderDefinition<C, any>;

export class FrameworkServer<C> implements ProviderServer {
  private readonly provider: Compiled<AnyProvider<C>>;
  private readonly resources = new Map<string, Compiled<AnyResource<C>>>();
  private readonly dataSources = new Map<string, Compiled<AnyDataSource<C>>>();
  private readonly ephemeral = new Map<string, Compiled<AnyEphemeralResource<C>>>();
  private readonly secretSink: SecretSink;
  private readonly log: Logger;
  private configured: { readonly client: C } | undefined;

  constructor(definition: AnyProvider<C>, options: FrameworkServerOptions = {}) {
    this.secretSink = options.registerSecret ?? registerSecret;
    this.log = options.logger ?? silentLogger;
    if (!/^[a-z][a-z0-9]*$/.test(definition.typeName))
      throw new Error(
        `Invalid provider type name "${definition.typeName}": lowercase letters and digits only`,
      );
    this.provider = compile(definition.typeName, 'provider', definition, definition.schema);
    const prefix = `${definition.typeName}_`;
    for (const r of definition.resources ?? [])
      add(this.resources, compile(prefix + r.name, 'resource', r, r.schema));
    for (const d of definition.dataSources ?? [])
      add(this.dataSources, compile(prefix + d.name, 'data source', d, d.schema));
    for (const e of definition.ephemeralResources ?? [])
      add(this.ephemeral, compile(prefix + e.name, 'ephemeral resource', e, e.schema));
  }

  // ------------------------------------------------------------------ schema

  async getMetadata(): Promise<GetMetadataResponse> {
    return {
      serverCapabilities: CAPABILITIES,
      resources: [...this.resources.keys()],
      dataSources: [...this.dataSources.keys()],
      ephemeralResources: [...this.ephemeral.keys()],
      functions: [],
    };
  }

  async getProviderSchema(): Promise<GetProviderSchemaResponse> {
    const schemas = <D>(m: Map<string, Compiled<D>>) =>
      Object.fromEntries([...m].map(([k, v]) => [k, v.schema]));
    return {
      provider: this.provider.schema,
      resourceSchemas: schemas(this.resources),
      dataSourceSchemas: schemas(this.dataSources),
      ephemeralResourceSchemas: schemas(this.ephemeral),
      functions: {},
      serverCapabilities: CAPABILITIES,
    };
  }

  async getFunctions(): Promise<DiagnosticsOnly & { readonly functions: Record<string, never> }> {
    return { functions: {} };
  }

  // -------------------------------------------------------------- validation

  async validateProviderConfig(
    ctx: CallContext,
    req: { readonly config: DynamicValue },
  ): Promise<DiagnosticsOnly> {
    return this.validate(ctx, this.provider, req.config);
  }

  async validateResourceConfig(ctx: CallContext, req: ValidateConfigRequest): Promise<DiagnosticsOnly> {
    const diagnostics = new Diagnostics();
    const r = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
    return r ? this.validate(ctx, r, req.config) : done(diagnostics);
  }

  async validateDataResourceConfig(ctx: CallContext, req: ValidateConfigRequest): Promise<DiagnosticsOnly> {
    const diagnostics = new Diagnostics();
    const d = this.lookup(this.dataSources, 'data source', req.typeName, diagnostics);
    return d ? this.validate(ctx, d, req.config) : done(diagnostics);
  }

  async validateEphemeralResourceConfig(
    ctx: CallContext,
    req: ValidateConfigRequest,
  ): Promise<DiagnosticsOnly> {
    const diagnostics = new Diagnostics();
    const e = this.lookup(this.ephemeral, 'ephemeral resource', req.typeName, diagnostics);
    return e ? this.validate(ctx, e, req.config) : done(diagnostics);
  }

  private async validate(
    ctx: CallContext,
    target: Compiled<{ validateConfig?(req: CallBase & { config: never }): unknown }>,
    encoded: DynamicValue,
  ): Promise<DiagnosticsOnly> {
    const diagnostics = new Diagnostics();
    await guard(`Validating ${target.typeName}`, diagnostics, async () => {
      const config = decodeDynamicValue(encoded, target.type);
      registerSecrets(target.attributes, config, this.secretSink);
      validateAttributes(target.attributes, config, diagnostics);
      if (target.def.validateConfig)
        await target.def.validateConfig({
          ...this.base(ctx, target, diagnostics),
          config: toModel(config) as never,
        });
    });
    return done(diagnostics);
  }

  // ------------------------------------------------------------- configure

  async configureProvider(ctx: CallContext, req: ConfigureProviderRequest): Promise<DiagnosticsOnly> {
    const diagnostics = new Diagnostics();
    await guard('Configuring the provider', diagnostics, async () => {
      const config = decodeDynamicValue(req.config, this.provider.type);
      registerSecrets(this.provider.attributes, config, this.secretSink);
      const client = await this.provider.def.configure({
        ...this.base(ctx, this.provider, diagnostics),
        config: toModel(config) as never,
        terraformVersion: req.terraformVersion,
      });
      if (!diagnostics.hasErrors()) this.configured = { client };
    });
    return done(diagnostics);
  }

  // ------------------------------------------------------------- resources

  async upgradeResourceState(
    ctx: CallContext,
    req: UpgradeResourceStateRequest,
  ): Promise<UpgradeResourceStateResponse> {
    const diagnostics = new Diagnostics();
    const r = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
    if (!r) return done(diagnostics);
    const current = r.def.schema.version ?? 0;
    let upgradedState: DynamicValue | undefined;
    await guard(`Upgrading the stored state of ${r.typeName}`, diagnostics, async () => {
      const json = req.rawState.json;
      if (json === undefined || json.length === 0) {
        diagnostics.error(
          `Cannot upgrade the stored state of ${r.typeName}`,
          'The state is in the legacy flatmap form, which this provider never wrote.',
        );
        return;
      }
      let value: Value;
      if (req.version === current) {
        // Same shape: tolerate attributes removed since (terraform keeps them until we drop them).
        value = decodeJsonValue(json, r.type, { ignoreUndefinedAttributes: true });
      } else if (req.version > current) {
        diagnostics.error(
          `The stored state of ${r.typeName} is newer than this provider`,
          `It was written with schema version ${req.version}; this provider knows version ${current}. ` +
            'Use the provider version that wrote it (or newer).',
        );
        return;
      } else if (!r.def.upgradeState) {
        diagnostics.error(
          `Cannot upgrade the stored state of ${r.typeName}`,
          `The state has schema version ${req.version}, the resource is at version ${current}, and it ` +
            'defines no upgradeState. This is a bug in the provider.',
        );
        return;
      } else {
        const raw: unknown = JSON.parse(Buffer.from(json).toString('utf8'));
        const model = await r.def.upgradeState({
          ...this.base(ctx, r, diagnostics),
          client: this.configured?.client,
          version: req.version,
          state: (isPlainRecord(raw) ? raw : {}) as Record<string, unknown>,
        });
        if (diagnostics.hasErrors()) return;
        value = fromModel(model, r.type);
      }
      value = unknownsToNull(nullWriteOnly(r.attributes, value), r.type);
      registerSecrets(r.attributes, value, this.secretSink);
      upgradedState = encodeDynamicValue(value, r.type);
    });
    return { ...done(diagnostics), ...(upgradedState ? { upgradedState } : {}) };
  }

  async readResource(ctx: CallContext, req: ReadResourceRequest): Promise<ReadResourceResponse> {
    const diagnostics = new Diagnostics();
    const r = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
    const client = r && this.client(diagnostics);
    if (!r || !client) return { ...done(diagnostics), newState: req.currentState };
    let newState: DynamicValue = req.currentState;
    let newPrivate: Uint8Array = req.private;
    await guard(`Reading ${r.typeName}`, diagnostics, async () => {
      const state = decodeDynamicValue(req.currentState, r.type);
      if (state === null) return;
      registerSecrets(r.attributes, state, this.secretSink);
      this.log.trace('reading resource', { type: r.typeName });
      const result = await r.def.read({
        ...this.base(ctx, r, diagnostics),
        client: client.client,
        state: toModel(state) as never,
        private: decodePrivate(req.private),
      });
      if (diagnostics.hasErrors()) return;
      if (result.gone) {
        newState = encodeDynamicValue(null, r.type);
        return;
      }
      let value = nullWriteOnly(r.attributes, fromModel(result.state, r.type));
      value = this.rejectUnknowns(r.typeName, 'read', value, r.type, diagnostics);
      registerSecrets(r.attributes, value, this.secretSink);
      newState = encodeDynamicValue(value, r.type);
      if (result.private !== undefined) newPrivate = encodePrivate(result.private);
    });
    return { ...done(diagnostics), newState, private: newPrivate };
  }

  async planResourceChange(
    ctx: CallContext,
    req: PlanResourceChangeRequest,
  ): Promise<PlanResourceChangeResponse> {
    const diagnostics = new Diagnostics();
    const r = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
    if (!r) return done(diagnostics);
    let response: PlanResourceChangeResponse = {
      plannedState: req.proposedNewState,
      plannedPrivate: req.priorPrivate,
    };
    await guard(`Planning ${r.typeName}`, diagnostics, async () => {
      const prior = decodeDynamicValue(req.priorState, r.type);
      const proposed = decodeDynamicValue(req.proposedNewState, r.type);
      const config = decodeDynamicValue(req.config, r.type);
      registerSecrets(r.attributes, config, this.secretSink);
      registerSecrets(r.attributes, prior, this.secretSink);
      if (proposed === null) {
        // Destroy: nothing to decide, but answer with a proper null of the schema's type.
        response = { plannedState: encodeDynamicValue(null, r.type), plannedPrivate: req.priorPrivate };
        return;
      }
      const outcome = planResource(r.attributes, { prior, proposed, config }, diagnostics);
      let planned = outcome.planned;
      const requiresReplace = [...outcome.requiresReplace];
      let privateData = decodePrivate(req.priorPrivate);
      let privateChanged = false;
      if (r.def.modifyPlan && !diagnostics.hasErrors()) {
        const client = this.client(diagnostics);
        if (!client) return;
        const result = await r.def.modifyPlan({
          ...this.base(ctx, r, diagnostics),
          client: client.client,
          config: toModel(config) as never,
          state: (prior === null ? null : toModel(prior)) as never,
          plan: toModel(planned) as never,
          private: privateData,
        });
        if (result?.plan !== undefined) planned = fromModel(result.plan, r.type);
        for (const p of result?.requiresReplace ?? []) requiresReplace.push(toPath(p));
        if (result?.private !== undefined) {
          privateData = result.private;
          privateChanged = true;
        }
      }
      planned = nullWriteOnly(r.attributes, planned);
      checkAgainstConfig(r.typeName, r.attributes, planned, config, diagnostics);
      if (
        prior !== null &&
        !r.def.update &&
        requiresReplace.length === 0 &&
        !valuesEqual(planned, prior, r.type)
      )
        diagnostics.error(
          `${r.typeName} cannot be updated in place`,
          `The plan changes ${r.typeName}, but the resource has no update and no changed attribute requires ` +
            'replacement. Mark the attributes that can change with requiresReplace(). This is a bug in the provider.',
        );
      registerSecrets(r.attributes, planned, this.secretSink);
      response = {
        plannedState: encodeDynamicValue(planned, r.type),
        requiresReplace,
        plannedPrivate: privateChanged ? encodePrivate(privateData) : req.priorPrivate,
      };
    });
    return { ...done(diagnostics), ...response };
  }

  async applyResourceChange(
    ctx: CallContext,
    req: ApplyResourceChangeRequest,
  ): Promise<ApplyResourceChangeResponse> {
    const diagnostics = new Diagnostics();
    const r = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
    const client = r && this.client(diagnostics);
    if (!r || !client) return done(diagnostics);
    // Until an operation succeeds, terraform keeps what it had: the prior state.
    let newState: DynamicValue = req.priorState;
    let newPrivate: Uint8Array = req.plannedPrivate;
    let prior: Value = null;
    let operation = 'apply';
    await guard(
      () => `${cap(operation)} of ${r.typeName}`,
      diagnostics,
      async () => {
        prior = decodeDynamicValue(req.priorState, r.type);
        const planned = decodeDynamicValue(req.plannedState, r.type);
        const config = decodeDynamicValue(req.config, r.type);
        registerSecrets(r.attributes, config, this.secretSink);
        registerSecrets(r.attributes, prior, this.secretSink);
        const privateData = decodePrivate(req.plannedPrivate);
        const base = { ...this.base(ctx, r, diagnostics), client: client.client, private: privateData };

        if (planned === null) {
          operation = 'delete';
          this.log.trace('deleting resource', { type: r.typeName });
          await r.def.delete({ ...base, state: toModel(prior) as never });
          if (!diagnostics.hasErrors()) {
            newState = encodeDynamicValue(null, r.type);
            newPrivate = new Uint8Array();
          }
          return;
        }

        operation = prior === null ? 'create' : 'update';
        if (prior === null) newState = encodeDynamicValue(null, r.type);
        this.log.trace(`${operation} resource`, { type: r.typeName });
        const typedConfig = toModel(config) as never;
        const typedPlan = toModel(planned) as never;
        let result;
        if (prior === null) {
          result = await r.def.create({ ...base, config: typedConfig, plan: typedPlan });
        } else if (r.def.update) {
          result = await r.def.update({
            ...base,
            config: typedConfig,
            plan: typedPlan,
            state: toModel(prior) as never,
          });
        } else {
          diagnostics.error(`${r.typeName} cannot be updated in place`, 'The resource defines no update.');
          return;
        }
        if (result === undefined || result === null || !isPlainRecord(result.state)) {
          if (!diagnostics.hasErrors())
            diagnostics.error(
              `${cap(operation)} of ${r.typeName} returned no state`,
              'This is a bug in the provider.',
            );
          return;
        }
        const value = checkAppliedState(
          r.typeName,
          operation,
          r.attributes,
          planned,
          fromModel(result.state, r.type),
          diagnostics,
        );
        registerSecrets(r.attributes, value, this.secretSink);
        // Returned even with errors: it describes the object that now exists.
        newState = encodeDynamicValue(value, r.type);
        if (result.private !== undefined) newPrivate = encodePrivate(result.private);
      },
    );
    return { ...done(diagnostics), newState, private: newPrivate };
  }

  async importResourceState(
    ctx: CallContext,
    req: ImportResourceStateRequest,
  ): Promise<ImportResourceStateResponse> {
    const diagnostics = new Diagnostics();
    const r = this.lookup(this.resources, 'resource', req.typeName, diagnostics);
    const client = r && this.client(diagnostics);
    if (!r || !client) return done(diagnostics);
    if (!r.def.importState) {
      diagnostics.error(
        `${r.typeName} cannot be imported`,
        `The ${r.typeName} resource does not support import.`,
      );
      return done(diagnostics);
    }
    const importState = r.def.importState.bind(r.def);
    let imported: ImportResourceStateResponse['importedResources'];
    await guard(`Importing ${r.typeName}`, diagnostics, async () => {
      const result = await importState({
        ...this.base(ctx, r, diagnostics),
        client: client.client,
        id: req.id,
      });
      if (diagnostics.hasErrors()) return;
      const value = unknownsToNull(nullWriteOnly(r.attributes, fromModel(result.state, r.type)), r.type);
      registerSecrets(r.attributes, value, this.secretSink);
      imported = [
        {
          typeName: r.typeName,
          state: encodeDynamicValue(value, r.type),
          ...(result.private !== undefined ? { private: encodePrivate(result.private) } : {}),
        },
      ];
    });
    return { ...done(diagnostics), ...(imported ? { importedResources: imported } : {}) };
  }

  // ---------------------------------------------------------- data sources

  async readDataSource(ctx: CallContext, req: ReadDataSourceRequest): Promise<ReadDataSourceResponse> {
    const diagnostics = new Diagnostics();
    const d = this.lookup(this.dataSources, 'data source', req.typeName, diagnostics);
    const client = d && this.client(diagnostics);
    if (!d || !client) return done(diagnostics);
    let state: DynamicValue | undefined;
    await guard(`Reading data source ${d.typeName}`, diagnostics, async () => {
      const config = decodeDynamicValue(req.config, d.type);
      registerSecrets(d.attributes, config, this.secretSink);
      const result = await d.def.read({
        ...this.base(ctx, d, diagnostics),
        client: client.client,
        config: toModel(config) as never,
      });
      if (diagnostics.hasErrors()) return;
      const value = this.rejectUnknowns(
        d.typeName,
        'read',
        fromModel(result.state, d.type),
        d.type,
        diagnostics,
      );
      checkAgainstConfig(d.typeName, d.attributes, value, config, diagnostics, 'read');
      registerSecrets(d.attributes, value, this.secretSink);
      state = encodeDynamicValue(value, d.type);
    });
    return { ...done(diagnostics), ...(state ? { state } : {}) };
  }

  // --------------------------------------------------- ephemeral resources

  async openEphemeralResource(
    ctx: CallContext,
    req: OpenEphemeralResourceRequest,
  ): Promise<OpenEphemeralResourceResponse> {
    const diagnostics = new Diagnostics();
    const e = this.lookup(this.ephemeral, 'ephemeral resource', req.typeName, diagnostics);
    const client = e && this.client(diagnostics);
    if (!e || !client) return done(diagnostics);
    let response: OpenEphemeralResourceResponse = {};
    await guard(`Opening ${e.typeName}`, diagnostics, async () => {
      const config = decodeDynamicValue(req.config, e.type);
      registerSecrets(e.attributes, config, this.secretSink);
      const result = await e.def.open({
        ...this.base(ctx, e, diagnostics),
        client: client.client,
        config: toModel(config) as never,
      });
      if (diagnostics.hasErrors()) return;
      const value = this.rejectUnknowns(
        e.typeName,
        'open',
        fromModel(result.result, e.type),
        e.type,
        diagnostics,
      );
      checkAgainstConfig(e.typeName, e.attributes, value, config, diagnostics, 'read');
      registerSecrets(e.attributes, value, this.secretSink);
      response = {
        result: encodeDynamicValue(value, e.type),
        ...(result.private !== undefined ? { private: encodePrivate(result.private) } : {}),
        ...(result.renewAt !== undefined ? { renewAt: result.renewAt } : {}),
      };
    });
    return { ...done(diagnostics), ...response };
  }

  async renewEphemeralResource(
    ctx: CallContext,
    req: RenewEphemeralResourceRequest,
  ): Promise<RenewEphemeralResourceResponse> {
    const diagnostics = new Diagnostics();
    const e = this.lookup(this.ephemeral, 'ephemeral resource', req.typeName, diagnostics);
    const client = e && this.client(diagnostics);
    if (!e || !client) return done(diagnostics);
    const renew = e.def.renew?.bind(e.def);
    if (!renew) return { ...done(diagnostics), private: req.private };
    let response: RenewEphemeralResourceResponse = {};
    await guard(`Renewing ${e.typeName}`, diagnostics, async () => {
      const result = await renew({
        ...this.base(ctx, e, diagnostics),
        client: client.client,
        private: decodePrivate(req.private),
      });
      response = {
        private: result.private !== undefined ? encodePrivate(result.private) : req.private,
        ...(result.renewAt !== undefined ? { renewAt: result.renewAt } : {}),
      };
    });
    return { ...done(diagnostics), ...response };
  }

  async closeEphemeralResource(
    ctx: CallContext,
    req: CloseEphemeralResourceRequest,
  ): Promise<DiagnosticsOnly> {
    const diagnostics = new Diagnostics();
    const e = this.lookup(this.ephemeral, 'ephemeral resource', req.typeName, diagnostics);
    const client = e && this.client(diagnostics);
    if (!e || !client) return done(diagnostics);
    const close = e.def.close?.bind(e.def);
    if (close)
      await guard(`Closing ${e.typeName}`, diagnostics, () =>
        close({
          ...this.base(ctx, e, diagnostics),
          client: client.client,
          private: decodePrivate(req.private),
        }),
      );
    return done(diagnostics);
  }

  // ---------------------------------------------------------------- helpers

  private base(ctx: CallContext, target: { typeName: string }, diagnostics: Diagnostics): CallBase {
    return { typeName: target.typeName, signal: ctx.signal, diagnostics };
  }

  private lookup<D>(
    map: Map<string, Compiled<D>>,
    kind: string,
    typeName: string,
    diagnostics: Diagnostics,
  ): Compiled<D> | undefined {
    const found = map.get(typeName);
    if (!found)
      diagnostics.error(
        `Unknown ${kind} type "${typeName}"`,
        `This provider has no ${kind} named "${typeName}". Known: ${[...map.keys()].join(', ') || 'none'}.`,
      );
    return found;
  }

  private client(diagnostics: Diagnostics): { readonly client: C } | undefined {
    if (!this.configured)
      diagnostics.error(
        'Provider not configured',
        'Terraform called the provider before configuring it, or configuring it failed (see the error above).',
      );
    return this.configured;
  }

  private rejectUnknowns(
    typeName: string,
    operation: string,
    value: Value,
    type: CtyType,
    diagnostics: Diagnostics,
  ): Value {
    const paths = unknownPaths(value, type);
    for (const path of paths)
      diagnostics.error(
        `${typeName}: "${describePath(path)}" is unknown after ${operation}`,
        `Every value returned by ${operation} must be known. This is a bug in the provider.`,
        path,
      );
    return paths.length > 0 ? unknownsToNull(value, type) : value;
  }
}

/** Serve a provider definition: the ProviderServer to hand to the protocol's `serve`. */
export function providerServer<C>(
  definition: AnyProvider<C>,
  options?: FrameworkServerOptions,
): FrameworkServer<C> {
  return new FrameworkServer(definition, options);
}

function compile<D>(typeName: string, kind: SchemaKind, def: D, schema: SchemaDefinition): Compiled<D> {
  checkSchema(typeName, kind, schema);
  return {
    typeName,
    def,
    attributes: schema.attributes,
    type: schemaType(schema),
    schema: toProtocolSchema(schema),
  };
}

function add<D>(map: Map<string, Compiled<D>>, entry: Compiled<D>): void {
  if (map.has(entry.typeName)) throw new Error(`Duplicate type name "${entry.typeName}"`);
  map.set(entry.typeName, entry);
}

async function guard(
  what: string | (() => string),
  diagnostics: Diagnostics,
  fn: () => Promise<unknown> | unknown,
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    reportException(err, typeof what === 'string' ? what : what(), diagnostics);
  }
}

function done(diagnostics: Diagnostics): { readonly diagnostics: readonly Diagnostic[] } {
  return { diagnostics: diagnostics.toArray() };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export type { PrivateData };
