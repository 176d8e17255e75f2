/** What every call into resource code receives, whatever the operation. */
import type { Diagnostics } from './diagnostics';

export type Awaitable<T> = T | Promise<T>;

/** Private state: provider-only data stored next to a resource's state, as JSON. */
export type PrivateData = { readonly [key: string]: unknown };

export interface CallBase {
  /** Full type name, e.g. `note_note`. */
  readonly typeName: string;
  /** Aborts when terraform asks the provider to stop (StopProvider, Ctrl-C). */
  readonly signal: AbortSignal;
  /** Add errors and warnings here; they reach terraform with their attribute paths. */
  readonly diagnostics: Diagnostics;
}

export interface ClientCall<C> extends CallBase {
  /** What the provider's `configure` returned. */
  readonly client: C;
}
