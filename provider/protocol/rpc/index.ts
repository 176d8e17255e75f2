/**
 * Every RPC of tfplugin6.Provider (protocol 6.8), keyed by its method name in the
 * service definition, each mapped by a small function in this folder. The dispatcher
 * (../provider-service.ts) refuses to serve a method missing here.
 */
import type { ProviderServiceOptions } from '../provider-service';
import { callFunction, getFunctions } from './functions';
import { readDataSource } from './data-source';
import {
  closeEphemeralResource,
  openEphemeralResource,
  renewEphemeralResource,
  validateEphemeralResourceConfig,
} from './ephemeral';
import { configureProvider, stopProvider } from './lifecycle';
import {
  applyResourceChange,
  importResourceState,
  moveResourceState,
  planResourceChange,
  readResource,
  upgradeResourceState,
} from './resource';
import type { Rpc } from './rpc';
import { getMetadata, getProviderSchema } from './schema';
import { validateDataResourceConfig, validateProviderConfig, validateResourceConfig } from './validate';

export type { Rpc } from './rpc';
export { unsupportedDiagnostic } from './rpc';

export function providerRpcs(opts: ProviderServiceOptions): Record<string, Rpc> {
  const s = opts.server;
  return {
    GetMetadata: getMetadata(s),
    GetProviderSchema: getProviderSchema(s),
    ValidateProviderConfig: validateProviderConfig(s),
    ValidateResourceConfig: validateResourceConfig(s),
    ValidateDataResourceConfig: validateDataResourceConfig(s),
    UpgradeResourceState: upgradeResourceState(s),
    ConfigureProvider: configureProvider(s),
    ReadResource: readResource(s),
    PlanResourceChange: planResourceChange(s),
    ApplyResourceChange: applyResourceChange(s),
    ImportResourceState: importResourceState(s),
    MoveResourceState: moveResourceState(s),
    ReadDataSource: readDataSource(s),
    ValidateEphemeralResourceConfig: validateEphemeralResourceConfig(s),
    OpenEphemeralResource: openEphemeralResource(s),
    RenewEphemeralResource: renewEphemeralResource(s),
    CloseEphemeralResource: closeEphemeralResource(s),
    GetFunctions: getFunctions(s),
    CallFunction: callFunction(s),
    StopProvider: stopProvider(opts),
  };
}
