/** Open, Renew and CloseEphemeralResource: values that live for one terraform run and are never stored. */
import type {
  CallContext,
  CloseEphemeralResourceRequest,
  DiagnosticsOnly,
  OpenEphemeralResourceRequest,
  OpenEphemeralResourceResponse,
  RenewEphemeralResourceRequest,
  RenewEphemeralResourceResponse,
} from '../../protocol/server';
import { Diagnostics } from '../diagnostics';
import { checkAgainstConfig } from '../plan';
import { decodePrivate, encodePrivate } from '../private-state';
import { rejectUnknowns } from './known-result';
import { callBase, done, guard, lookup, type ServerContext } from './server-context';

export async function openEphemeralResource<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: OpenEphemeralResourceRequest,
): Promise<OpenEphemeralResourceResponse> {
  const diagnostics = new Diagnostics();
  const e = lookup(server.ephemeral, 'ephemeral resource', req.typeName, diagnostics);
  const client = e && server.client(diagnostics);
  if (!e || !client) return done(diagnostics);
  let response: OpenEphemeralResourceResponse = {};
  await guard(`Opening ${e.typeName}`, diagnostics, async () => {
    const config = e.decode(req.config);
    const result = await e.def.open({
      ...callBase(ctx, e, diagnostics),
      client: client.client,
      config: config.model ?? {},
    });
    if (diagnostics.hasErrors()) return;
    const value = rejectUnknowns(e.typeName, 'open', e.fromModel(result.result), e.type, diagnostics);
    checkAgainstConfig(e.typeName, e.attributes, value, config.value, diagnostics, 'read');
    response = {
      result: e.encode(value),
      ...(result.private !== undefined ? { private: encodePrivate(result.private) } : {}),
      ...(result.renewAt !== undefined ? { renewAt: result.renewAt } : {}),
    };
  });
  return { ...done(diagnostics), ...response };
}

export async function renewEphemeralResource<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: RenewEphemeralResourceRequest,
): Promise<RenewEphemeralResourceResponse> {
  const diagnostics = new Diagnostics();
  const e = lookup(server.ephemeral, 'ephemeral resource', req.typeName, diagnostics);
  const client = e && server.client(diagnostics);
  if (!e || !client) return done(diagnostics);
  const renew = e.def.renew?.bind(e.def);
  if (!renew) return { ...done(diagnostics), private: req.private };
  let response: RenewEphemeralResourceResponse = {};
  await guard(`Renewing ${e.typeName}`, diagnostics, async () => {
    const result = await renew({
      ...callBase(ctx, e, diagnostics),
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

export async function closeEphemeralResource<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: CloseEphemeralResourceRequest,
): Promise<DiagnosticsOnly> {
  const diagnostics = new Diagnostics();
  const e = lookup(server.ephemeral, 'ephemeral resource', req.typeName, diagnostics);
  const client = e && server.client(diagnostics);
  if (!e || !client) return done(diagnostics);
  const close = e.def.close?.bind(e.def);
  if (close)
    await guard(`Closing ${e.typeName}`, diagnostics, () =>
      close({ ...callBase(ctx, e, diagnostics), client: client.client, private: decodePrivate(req.private) }),
    );
  return done(diagnostics);
}
