/** Data sources: read-only lookups; the framework checks the result keeps the configuration. */
import type { Attributes, ModelOf } from './attributes';
import type { Awaitable, ClientCall } from './context';
import type { ValidateConfigRequest } from './resource';
import type { SchemaDefinition } from './schema';

export interface DataSourceReadRequest<C, A extends Attributes> extends ClientCall<C> {
  /** Wholly known (terraform defers the read until it is); computed attributes are null. */
  readonly config: ModelOf<A>;
}

export interface DataSourceDefinition<C, A extends Attributes> {
  readonly name: string;
  readonly schema: SchemaDefinition<A>;
  read(req: DataSourceReadRequest<C, A>): Awaitable<{ readonly state: ModelOf<A> }>;
  validateConfig?(req: ValidateConfigRequest<A>): Awaitable<void>;
}
