/**
 * The provider definition: its type name, configuration schema, `configure` (which
 * turns configuration into the client every resource receives), and its resources,
 * data sources and ephemeral resources.
 *
 *   const kit = providerKit<NoteStore>();
 *   const note = kit.resource({ name: 'note', schema: {...}, create, read, update, delete });
 *   export const provider = kit.provider({ typeName: 'note', schema, configure, resources: [note] });
 */
import type { Attributes, ConfigOf } from './attributes';
import type { Awaitable, CallBase } from './context';
import type { DataSourceDefinition } from './data-source';
import type { EphemeralResourceDefinition } from './ephemeral-resource';
import type { ResourceDefinition, ValidateConfigRequest } from './resource';
import type { SchemaDefinition } from './schema';

export interface ConfigureRequest<A extends Attributes> extends CallBase {
  /** May hold unknowns when the configuration depends on resources not yet created. */
  readonly config: ConfigOf<A>;
  readonly terraformVersion: string;
}

// Definitions are stored type-erased: each one was type-checked against its own schema
// where it was written, and the server only drives them through the runtime schema.
/* eslint-disable @typescript-eslint/no-explicit-any */
export type AnyResource<C> = ResourceDefinition<C, any>;
export type AnyDataSource<C> = DataSourceDefinition<C, any>;
export type AnyEphemeralResource<C> = EphemeralResourceDefinition<C, any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface ProviderDefinition<C, A extends Attributes> {
  /** The provider type: resource type names are `${typeName}_${name}`. */
  readonly typeName: string;
  readonly schema: SchemaDefinition<A>;
  /** Build the client; add an error diagnostic (rather than throw) for bad configuration. */
  configure(req: ConfigureRequest<A>): Awaitable<C>;
  validateConfig?(req: ValidateConfigRequest<A>): Awaitable<void>;
  readonly resources?: readonly AnyResource<C>[];
  readonly dataSources?: readonly AnyDataSource<C>[];
  readonly ephemeralResources?: readonly AnyEphemeralResource<C>[];
}

/**
 * Binds the client type once, so that every resource declared with the kit sees a typed
 * `client` while its schema type is inferred from the definition itself.
 */
export function providerKit<C>() {
  return {
    resource: <A extends Attributes>(def: ResourceDefinition<C, A>): ResourceDefinition<C, A> => def,
    dataSource: <A extends Attributes>(def: DataSourceDefinition<C, A>): DataSourceDefinition<C, A> => def,
    ephemeralResource: <A extends Attributes>(
      def: EphemeralResourceDefinition<C, A>,
    ): EphemeralResourceDefinition<C, A> => def,
    provider: <A extends Attributes>(def: ProviderDefinition<C, A>): ProviderDefinition<C, A> => def,
  };
}
