/** ConfigureProvider: the definition's `configure` builds the client every later call receives. */
import type { CallContext, ConfigureProviderRequest, DiagnosticsOnly } from '../../protocol/server';
import { Diagnostics } from '../diagnostics';
import { callBase, done, guard, type ServerContext } from './server-context';

export async function configureProvider<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: ConfigureProviderRequest,
): Promise<DiagnosticsOnly> {
  const diagnostics = new Diagnostics();
  const provider = server.provider;
  await guard('Configuring the provider', diagnostics, async () => {
    const config = provider.decode(req.config);
    const client = await provider.def.configure({
      ...callBase(ctx, provider, diagnostics),
      config: config.model ?? {},
      terraformVersion: req.terraformVersion,
    });
    if (!diagnostics.hasErrors()) server.configure(client);
  });
  return done(diagnostics);
}
