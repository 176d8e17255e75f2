/** A managed resource's life: upgrade, read, plan, apply, import, and move between types. */
import {
  attributePathToWire,
  bytesFromWire,
  bytesToWire,
  clientCapabilitiesFromWire,
  deferredToWire,
  diagnosticsToWire,
  dynamicValueFromWire,
  dynamicValueToWire,
  int64FromWire,
  optionalDynamicValueFromWire,
  rawStateFromWire,
} from '../convert';
import type { ProviderServer } from '../server';
import { plain, unsupported, type Rpc } from './rpc';

export function upgradeResourceState(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
    const r = await s.upgradeResourceState(ctx, {
      typeName: req.typeName,
      version: int64FromWire(req.version),
      rawState: rawStateFromWire(req.rawState),
    });
    return {
      upgradedState: dynamicValueToWire(r.upgradedState),
      diagnostics: diagnosticsToWire(r.diagnostics),
    };
  });
}

export function readResource(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
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
  });
}

export function planResourceChange(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
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
  });
}

export function applyResourceChange(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
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
  });
}

export function importResourceState(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
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
  });
}

/** Optional: only `moved` blocks between resource types use it. */
export function moveResourceState(s: ProviderServer): Rpc {
  return plain(async (ctx, req) => {
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
  });
}
