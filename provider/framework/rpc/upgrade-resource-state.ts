/**
 * UpgradeResourceState: stored JSON state → the current schema. The same version is
 * decoded as it is; an older one goes through the definition's `upgradeState`.
 */
import type {
  CallContext,
  DynamicValue,
  UpgradeResourceStateRequest,
  UpgradeResourceStateResponse,
} from '../../protocol/server';
import { Diagnostics } from '../diagnostics';
import type { Value } from '../../protocol/cty/value';
import { callBase, done, guard, lookup, type ServerContext } from './server-context';

export async function upgradeResourceState<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: UpgradeResourceStateRequest,
): Promise<UpgradeResourceStateResponse> {
  const diagnostics = new Diagnostics();
  const r = lookup(server.resources, 'resource', req.typeName, diagnostics);
  if (!r) return done(diagnostics);
  const current = r.version;
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
      value = r.decodeStoredJson(json).value;
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
        ...callBase(ctx, r, diagnostics),
        client: server.clientIfConfigured(),
        version: req.version,
        state: isPlainRecord(raw) ? raw : {},
      });
      if (diagnostics.hasErrors()) return;
      value = r.fromModel(model);
    }
    upgradedState = r.encode(r.storable(value));
  });
  return { ...done(diagnostics), ...(upgradedState ? { upgradedState } : {}) };
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
