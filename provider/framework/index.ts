/**
 * Write Terraform providers in TypeScript: declare schemas and small resource methods;
 * the framework plans, validates, checks apply results and speaks to the protocol layer.
 */
export { attr, objectType } from './attributes';
export type {
  Attribute,
  AttributeOptions,
  Attributes,
  ConfigOf,
  ModelOf,
  Nesting,
  PlanOf,
  PrimitiveKind,
  Unk,
} from './attributes';
export type { Awaitable, CallBase, ClientCall, PrivateData } from './context';
export { Diagnostics, DiagnosticError } from './diagnostics';
export type { Diagnostic } from './diagnostics';
export { attrPath, describePath, toPath } from './path';
export type { AttributePath, PathLike, PathSegment } from './path';
export {
  each,
  intRange,
  invalid,
  isInteger,
  numberRange,
  oneOf,
  sizeBetween,
  stringLength,
  stringMatches,
  validator,
} from './validators';
export type { Validator, ValidatorRequest } from './validators';
export { planModifier, requiresReplace, requiresReplaceIf, useStateForUnknown } from './plan-modifiers';
export type { PlanModifier, PlanModifierRequest, PlanModifierResponse } from './plan-modifiers';
export { toProtocolSchema, schemaType } from './schema';
export type { SchemaDefinition } from './schema';
export { importById } from './resource';
export type {
  ApplyResult,
  CreateRequest,
  DeleteRequest,
  ImportRequest,
  ImportResult,
  ModifyPlanRequest,
  ModifyPlanResult,
  ReadRequest,
  ReadResult,
  ResourceDefinition,
  UpdateRequest,
  UpgradeStateRequest,
  ValidateConfigRequest,
} from './resource';
export type { DataSourceDefinition, DataSourceReadRequest } from './data-source';
export type {
  EphemeralResourceDefinition,
  OpenRequest,
  OpenResult,
  RenewRequest,
} from './ephemeral-resource';
export { providerKit } from './provider';
export type { ConfigureRequest, ProviderDefinition } from './provider';
export { FrameworkServer, providerServer } from './server';
export type { FrameworkServerOptions } from './server';
export { isUnknownValue as isUnknown } from './values';
export { unknown } from '../protocol/cty/value';
