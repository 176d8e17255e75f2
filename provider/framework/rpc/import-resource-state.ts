/** ImportResourceState: the definition turns the user's import ID into enough state for a read. */
import type {
  CallContext,
  ImportResourceStateRequest,
  ImportResourceStateResponse,
} from '../../protocol/server';
import { Diagnostics } from '../diagnostics';
import { encodePrivate } from '../private-state';
import { callBase, done, guard, lookup, type ServerContext } from './server-context';

export async function importResourceState<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: ImportResourceStateRequest,
): Promise<ImportResourceStateResponse> {
  const diagnostics = new Diagnostics();
  const r = lookup(server.resources, 'resource', req.typeName, diagnostics);
  const client = r && server.client(diagnostics);
  if (!r || !client) return done(diagnostics);
  const importState = r.def.importState?.bind(r.def);
  if (!importState) {
    diagnostics.error(
      `${r.typeName} cannot be imported`,
      `The ${r.typeName} resource does not support import.`,
    );
    return done(diagnostics);
  }
  let imported: ImportResourceStateResponse['importedResources'];
  await guard(`Importing ${r.typeName}`, diagnostics, async () => {
    const result = await importState({ ...callBase(ctx, r, diagnostics), client: client.client, id: req.id });
    if (diagnostics.hasErrors()) return;
    imported = [
      {
        typeName: r.typeName,
        state: r.encode(r.storable(r.fromModel(result.state))),
        ...(result.private !== undefined ? { private: encodePrivate(result.private) } : {}),
      },
    ];
  });
  return { ...done(diagnostics), ...(imported ? { importedResources: imported } : {}) };
}
