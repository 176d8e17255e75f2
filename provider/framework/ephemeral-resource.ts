/**
 * Ephemeral resources (terraform >= 1.10): values that exist only during one terraform
 * run and are never stored (short-lived credentials, for example).
 */
import type { Attributes, ModelOf } from './attributes';
import type { Awaitable, ClientCall, PrivateData } from './context';
import type { ValidateConfigRequest } from './resource';
import type { SchemaDefinition } from './schema';

export interface OpenRequest<C, A extends Attributes> extends ClientCall<C> {
  readonly config: ModelOf<A>;
}

export interface OpenResult<A extends Attributes> {
  readonly result: ModelOf<A>;
  /** Handed to renew and close. */
  readonly private?: PrivateData;
  /** When terraform should call renew, if the value expires during the run. */
  readonly renewAt?: Date;
}

export interface RenewRequest<C> extends ClientCall<C> {
  readonly private: PrivateData | undefined;
}

export interface EphemeralResourceDefinition<C, A extends Attributes> {
  readonly name: string;
  readonly schema: SchemaDefinition<A>;
  open(req: OpenRequest<C, A>): Awaitable<OpenResult<A>>;
  renew?(req: RenewRequest<C>): Awaitable<{ readonly private?: PrivateData; readonly renewAt?: Date }>;
  close?(req: RenewRequest<C>): Awaitable<void>;
  validateConfig?(req: ValidateConfigRequest<A>): Awaitable<void>;
}
