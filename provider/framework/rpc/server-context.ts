/**
 * What every RPC of the framework server shares: the compiled schemas, the configured
 * client, the logger, and the small steps every RPC takes the same way (find the
 * schema, require a configured client, run resource code so that an exception becomes a
 * diagnostic, answer with the collected diagnostics).
 */
import type { Logger } from '../../protocol/log';
import type { CallContext, Diagnostic } from '../../protocol/server';
import type { CallBase } from '../context';
import { Diagnostics } from '../diagnostics';
import { reportException } from '../errors';
import type { AnyDataSource, AnyEphemeralResource, AnyResource, ProviderDefinition } from '../provider';
import type { SecretSink } from '../secrets';
import { SchemaRuntime } from './runtime';

// The definition is type-erased here; see AnyResource in provider.ts.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProvider<C> = ProviderDefinition<C, any>;

type Kind = 'resource' | 'data source' | 'ephemeral resource';

export class ServerContext<C> {
  readonly provider: SchemaRuntime<AnyProvider<C>>;
  readonly resources = new Map<string, SchemaRuntime<AnyResource<C>>>();
  readonly dataSources = new Map<string, SchemaRuntime<AnyDataSource<C>>>();
  readonly ephemeral = new Map<string, SchemaRuntime<AnyEphemeralResource<C>>>();
  private configured: { readonly client: C } | undefined;

  constructor(
    definition: AnyProvider<C>,
    secrets: SecretSink,
    readonly log: Logger,
  ) {
    if (!/^[a-z][a-z0-9]*$/.test(definition.typeName))
      throw new Error(
        `Invalid provider type name "${definition.typeName}": lowercase letters and digits only`,
      );
    this.provider = new SchemaRuntime(
      definition.typeName,
      'provider',
      definition,
      definition.schema,
      secrets,
    );
    const prefix = `${definition.typeName}_`;
    const compile = <D extends { readonly name: string; readonly schema: AnyProvider<C>['schema'] }>(
      map: Map<string, SchemaRuntime<D>>,
      kind: Kind,
      defs: readonly D[] | undefined,
    ) => {
      for (const def of defs ?? []) {
        const runtime = new SchemaRuntime(prefix + def.name, kind, def, def.schema, secrets);
        if (map.has(runtime.typeName)) throw new Error(`Duplicate type name "${runtime.typeName}"`);
        map.set(runtime.typeName, runtime);
      }
    };
    compile(this.resources, 'resource', definition.resources);
    compile(this.dataSources, 'data source', definition.dataSources);
    compile(this.ephemeral, 'ephemeral resource', definition.ephemeralResources);
  }

  /** Remembers the client `configure` returned; every later call receives it. */
  configure(client: C): void {
    this.configured = { client };
  }

  /** The configured client, or an error diagnostic saying the provider is not configured. */
  client(diagnostics: Diagnostics): { readonly client: C } | undefined {
    if (!this.configured)
      diagnostics.error(
        'Provider not configured',
        'Terraform called the provider before configuring it, or configuring it failed (see the error above).',
      );
    return this.configured;
  }

  /** The optional client, for the calls that terraform may make before configuring (state upgrades). */
  clientIfConfigured(): C | undefined {
    return this.configured?.client;
  }
}

/** A compiled schema by type name, or an error diagnostic naming the known ones. */
export function lookup<D>(
  map: ReadonlyMap<string, SchemaRuntime<D>>,
  kind: Kind,
  typeName: string,
  diagnostics: Diagnostics,
): SchemaRuntime<D> | undefined {
  const found = map.get(typeName);
  if (!found)
    diagnostics.error(
      `Unknown ${kind} type "${typeName}"`,
      `This provider has no ${kind} named "${typeName}". Known: ${[...map.keys()].join(', ') || 'none'}.`,
    );
  return found;
}

/** What every call into definition code receives. */
export function callBase(ctx: CallContext, target: { typeName: string }, diagnostics: Diagnostics): CallBase {
  return { typeName: target.typeName, signal: ctx.signal, diagnostics };
}

/** Runs definition code; an exception becomes an error diagnostic about `what`. */
export async function guard(
  what: string | (() => string),
  diagnostics: Diagnostics,
  fn: () => Promise<unknown> | unknown,
): Promise<void> {
  try {
    await fn();
  } catch (err) {
    reportException(err, typeof what === 'string' ? what : what(), diagnostics);
  }
}

export function done(diagnostics: Diagnostics): { readonly diagnostics: readonly Diagnostic[] } {
  return { diagnostics: diagnostics.toArray() };
}
