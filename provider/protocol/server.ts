/**
 * The contract between the wire (gRPC + protobuf, in this folder) and whatever
 * implements a provider (provider/framework/). Message shapes follow tfplugin6 6.8
 * with camelCase names; encoded values stay encoded (`DynamicValue`) so that the
 * implementation decodes them with the schema it alone knows.
 *
 * Methods are optional where the protocol lets a provider not support a feature:
 * the protocol layer answers an unimplemented method with an "unsupported" error
 * diagnostic, never with a gRPC failure.
 */
import type { CtyType } from './cty/type';

/** Exactly one of the two is set; msgpack is what terraform sends for config and state. */
export interface DynamicValue {
  readonly msgpack?: Uint8Array;
  readonly json?: Uint8Array;
}

export type AttributePathStep =
  | { readonly attributeName: string }
  | { readonly elementKeyString: string }
  | { readonly elementKeyInt: number };
export type AttributePath = readonly AttributePathStep[];

export interface Diagnostic {
  readonly severity: 'error' | 'warning';
  readonly summary: string;
  readonly detail?: string;
  readonly attribute?: AttributePath;
}

export type StringKind = 'plain' | 'markdown';

export interface SchemaAttribute {
  readonly name: string;
  /** Set unless `nestedType` is. */
  readonly type?: CtyType;
  readonly nestedType?: SchemaObject;
  readonly description?: string;
  readonly descriptionKind?: StringKind;
  readonly required?: boolean;
  readonly optional?: boolean;
  readonly computed?: boolean;
  readonly sensitive?: boolean;
  readonly deprecated?: boolean;
  readonly writeOnly?: boolean;
}

export interface SchemaObject {
  readonly attributes: readonly SchemaAttribute[];
  readonly nesting: 'single' | 'list' | 'set' | 'map';
}

export interface SchemaNestedBlock {
  readonly typeName: string;
  readonly block: SchemaBlock;
  readonly nesting: 'single' | 'list' | 'set' | 'map' | 'group';
  readonly minItems?: number;
  readonly maxItems?: number;
}

export interface SchemaBlock {
  readonly version?: number;
  readonly attributes: readonly SchemaAttribute[];
  readonly blockTypes?: readonly SchemaNestedBlock[];
  readonly description?: string;
  readonly descriptionKind?: StringKind;
  readonly deprecated?: boolean;
}

export interface Schema {
  readonly version: number;
  readonly block: SchemaBlock;
}

export interface FunctionParameter {
  readonly name: string;
  readonly type: CtyType;
  readonly allowNullValue?: boolean;
  readonly allowUnknownValues?: boolean;
  readonly description?: string;
  readonly descriptionKind?: StringKind;
}

export interface FunctionDefinition {
  readonly parameters: readonly FunctionParameter[];
  readonly variadicParameter?: FunctionParameter;
  readonly returnType: CtyType;
  readonly summary?: string;
  readonly description?: string;
  readonly descriptionKind?: StringKind;
  readonly deprecationMessage?: string;
}

export interface ServerCapabilities {
  readonly planDestroy?: boolean;
  readonly getProviderSchemaOptional?: boolean;
  readonly moveResourceState?: boolean;
}

export interface ClientCapabilities {
  readonly deferralAllowed: boolean;
  readonly writeOnlyAttributesAllowed: boolean;
}

export type DeferredReason =
  'unknown' | 'resource_config_unknown' | 'provider_config_unknown' | 'absent_prereq';

export interface RawState {
  readonly json?: Uint8Array;
  readonly flatmap?: Readonly<Record<string, string>>;
}

/** Every call carries a signal that aborts when terraform asks the provider to stop. */
export interface CallContext {
  readonly signal: AbortSignal;
}

type Diags = { readonly diagnostics?: readonly Diagnostic[] };

export interface GetMetadataResponse extends Diags {
  readonly serverCapabilities?: ServerCapabilities;
  readonly resources: readonly string[];
  readonly dataSources: readonly string[];
  readonly ephemeralResources: readonly string[];
  readonly functions: readonly string[];
}

export interface GetProviderSchemaResponse extends Diags {
  readonly provider: Schema;
  readonly providerMeta?: Schema;
  readonly resourceSchemas: Readonly<Record<string, Schema>>;
  readonly dataSourceSchemas: Readonly<Record<string, Schema>>;
  readonly ephemeralResourceSchemas: Readonly<Record<string, Schema>>;
  readonly functions: Readonly<Record<string, FunctionDefinition>>;
  readonly serverCapabilities?: ServerCapabilities;
}

export interface ValidateConfigRequest {
  readonly typeName: string;
  readonly config: DynamicValue;
}

export interface UpgradeResourceStateRequest {
  readonly typeName: string;
  readonly version: number;
  readonly rawState: RawState;
}
export interface UpgradeResourceStateResponse extends Diags {
  readonly upgradedState?: DynamicValue;
}

export interface ConfigureProviderRequest {
  readonly terraformVersion: string;
  readonly config: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}

export interface ReadResourceRequest {
  readonly typeName: string;
  readonly currentState: DynamicValue;
  readonly private: Uint8Array;
  readonly providerMeta?: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface ReadResourceResponse extends Diags {
  /** A null value (encoded) means the remote object is gone. */
  readonly newState?: DynamicValue;
  readonly private?: Uint8Array;
  readonly deferred?: DeferredReason;
}

export interface PlanResourceChangeRequest {
  readonly typeName: string;
  readonly priorState: DynamicValue;
  readonly proposedNewState: DynamicValue;
  readonly config: DynamicValue;
  readonly priorPrivate: Uint8Array;
  readonly providerMeta?: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface PlanResourceChangeResponse extends Diags {
  readonly plannedState?: DynamicValue;
  readonly requiresReplace?: readonly AttributePath[];
  readonly plannedPrivate?: Uint8Array;
  readonly deferred?: DeferredReason;
}

export interface ApplyResourceChangeRequest {
  readonly typeName: string;
  readonly priorState: DynamicValue;
  readonly plannedState: DynamicValue;
  readonly config: DynamicValue;
  readonly plannedPrivate: Uint8Array;
  readonly providerMeta?: DynamicValue;
}
export interface ApplyResourceChangeResponse extends Diags {
  readonly newState?: DynamicValue;
  readonly private?: Uint8Array;
}

export interface ImportResourceStateRequest {
  readonly typeName: string;
  readonly id: string;
  readonly clientCapabilities: ClientCapabilities;
}
export interface ImportedResource {
  readonly typeName: string;
  readonly state: DynamicValue;
  readonly private?: Uint8Array;
}
export interface ImportResourceStateResponse extends Diags {
  readonly importedResources?: readonly ImportedResource[];
  readonly deferred?: DeferredReason;
}

export interface MoveResourceStateRequest {
  readonly sourceProviderAddress: string;
  readonly sourceTypeName: string;
  readonly sourceSchemaVersion: number;
  readonly sourceState: RawState;
  readonly targetTypeName: string;
  readonly sourcePrivate: Uint8Array;
}
export interface MoveResourceStateResponse extends Diags {
  readonly targetState?: DynamicValue;
  readonly targetPrivate?: Uint8Array;
}

export interface ReadDataSourceRequest {
  readonly typeName: string;
  readonly config: DynamicValue;
  readonly providerMeta?: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface ReadDataSourceResponse extends Diags {
  readonly state?: DynamicValue;
  readonly deferred?: DeferredReason;
}

export interface OpenEphemeralResourceRequest {
  readonly typeName: string;
  readonly config: DynamicValue;
  readonly clientCapabilities: ClientCapabilities;
}
export interface OpenEphemeralResourceResponse extends Diags {
  readonly renewAt?: Date;
  readonly result?: DynamicValue;
  readonly private?: Uint8Array;
  readonly deferred?: DeferredReason;
}
export interface RenewEphemeralResourceRequest {
  readonly typeName: string;
  readonly private?: Uint8Array;
}
export interface RenewEphemeralResourceResponse extends Diags {
  readonly renewAt?: Date;
  readonly private?: Uint8Array;
}
export interface CloseEphemeralResourceRequest {
  readonly typeName: string;
  readonly private?: Uint8Array;
}

export interface CallFunctionRequest {
  readonly name: string;
  readonly arguments: readonly DynamicValue[];
}
export interface CallFunctionResponse {
  readonly result?: DynamicValue;
  readonly error?: { readonly text: string; readonly functionArgument?: number };
}

/**
 * What the protocol layer serves. Implementations return diagnostics as values;
 * a thrown exception is a bug, which the protocol layer turns into an error
 * diagnostic (without the exception's message details leaking values) rather than
 * a crashed RPC.
 */
export interface ProviderServer {
  getMetadata(ctx: CallContext): Promise<GetMetadataResponse>;
  getProviderSchema(ctx: CallContext): Promise<GetProviderSchemaResponse>;
  validateProviderConfig(ctx: CallContext, req: { readonly config: DynamicValue }): Promise<Diags>;
  validateResourceConfig(ctx: CallContext, req: ValidateConfigRequest): Promise<Diags>;
  validateDataResourceConfig(ctx: CallContext, req: ValidateConfigRequest): Promise<Diags>;
  upgradeResourceState(
    ctx: CallContext,
    req: UpgradeResourceStateRequest,
  ): Promise<UpgradeResourceStateResponse>;
  configureProvider(ctx: CallContext, req: ConfigureProviderRequest): Promise<Diags>;
  readResource(ctx: CallContext, req: ReadResourceRequest): Promise<ReadResourceResponse>;
  planResourceChange(ctx: CallContext, req: PlanResourceChangeRequest): Promise<PlanResourceChangeResponse>;
  applyResourceChange(
    ctx: CallContext,
    req: ApplyResourceChangeRequest,
  ): Promise<ApplyResourceChangeResponse>;
  importResourceState(
    ctx: CallContext,
    req: ImportResourceStateRequest,
  ): Promise<ImportResourceStateResponse>;
  readDataSource(ctx: CallContext, req: ReadDataSourceRequest): Promise<ReadDataSourceResponse>;

  moveResourceState?(ctx: CallContext, req: MoveResourceStateRequest): Promise<MoveResourceStateResponse>;
  validateEphemeralResourceConfig?(ctx: CallContext, req: ValidateConfigRequest): Promise<Diags>;
  openEphemeralResource?(
    ctx: CallContext,
    req: OpenEphemeralResourceRequest,
  ): Promise<OpenEphemeralResourceResponse>;
  renewEphemeralResource?(
    ctx: CallContext,
    req: RenewEphemeralResourceRequest,
  ): Promise<RenewEphemeralResourceResponse>;
  closeEphemeralResource?(ctx: CallContext, req: CloseEphemeralResourceRequest): Promise<Diags>;
  getFunctions?(
    ctx: CallContext,
  ): Promise<Diags & { readonly functions: Readonly<Record<string, FunctionDefinition>> }>;
  callFunction?(ctx: CallContext, req: CallFunctionRequest): Promise<CallFunctionResponse>;

  /** Terraform asked the provider to stop: abort in-flight work. The protocol layer also aborts every CallContext signal. */
  stop?(): Promise<void>;
}

export type { Diags as DiagnosticsOnly };
