/** ReadDataSource: the definition reads; the result must be known and keep what was configured. */
import type {
  CallContext,
  DynamicValue,
  ReadDataSourceRequest,
  ReadDataSourceResponse,
} from '../../protocol/server';
import { Diagnostics } from '../diagnostics';
import { checkAgainstConfig } from '../plan';
import { rejectUnknowns } from './known-result';
import { callBase, done, guard, lookup, type ServerContext } from './server-context';

export async function readDataSource<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: ReadDataSourceRequest,
): Promise<ReadDataSourceResponse> {
  const diagnostics = new Diagnostics();
  const d = lookup(server.dataSources, 'data source', req.typeName, diagnostics);
  const client = d && server.client(diagnostics);
  if (!d || !client) return done(diagnostics);
  let state: DynamicValue | undefined;
  await guard(`Reading data source ${d.typeName}`, diagnostics, async () => {
    const config = d.decode(req.config);
    const result = await d.def.read({
      ...callBase(ctx, d, diagnostics),
      client: client.client,
      config: config.model ?? {},
    });
    if (diagnostics.hasErrors()) return;
    const value = rejectUnknowns(d.typeName, 'read', d.fromModel(result.state), d.type, diagnostics);
    checkAgainstConfig(d.typeName, d.attributes, value, config.value, diagnostics, 'read');
    state = d.encode(value);
  });
  return { ...done(diagnostics), ...(state ? { state } : {}) };
}
