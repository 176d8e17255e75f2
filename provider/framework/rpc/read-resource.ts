/** ReadResource (refresh): the definition reads the object; `gone` tells terraform to plan it anew. */
import type {
  CallContext,
  DynamicValue,
  ReadResourceRequest,
  ReadResourceResponse,
} from '../../protocol/server';
import { Diagnostics } from '../diagnostics';
import { decodePrivate, encodePrivate } from '../private-state';
import { rejectUnknowns } from './known-result';
import { callBase, done, guard, lookup, type ServerContext } from './server-context';

export async function readResource<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: ReadResourceRequest,
): Promise<ReadResourceResponse> {
  const diagnostics = new Diagnostics();
  const r = lookup(server.resources, 'resource', req.typeName, diagnostics);
  const client = r && server.client(diagnostics);
  if (!r || !client) return { ...done(diagnostics), newState: req.currentState };
  let newState: DynamicValue = req.currentState;
  let newPrivate: Uint8Array = req.private;
  await guard(`Reading ${r.typeName}`, diagnostics, async () => {
    const state = r.decode(req.currentState).model;
    if (state === null) return;
    server.log.trace('reading resource', { type: r.typeName });
    const result = await r.def.read({
      ...callBase(ctx, r, diagnostics),
      client: client.client,
      state,
      private: decodePrivate(req.private),
    });
    if (diagnostics.hasErrors()) return;
    if (result.gone) {
      newState = r.encodeNull();
      return;
    }
    const value = r.withoutWriteOnly(r.fromModel(result.state));
    newState = r.encode(rejectUnknowns(r.typeName, 'read', value, r.type, diagnostics));
    if (result.private !== undefined) newPrivate = encodePrivate(result.private);
  });
  return { ...done(diagnostics), newState, private: newPrivate };
}
