/**
 * Managed resources: a schema plus a few small methods. The framework does the
 * planning, the checks terraform would otherwise fail on, and the encoding; methods see
 * typed values and return typed state.
 */
import type { Attributes, ConfigOf, ModelOf, PlanOf } from './attributes';
import type { Awaitable, CallBase, ClientCall, PrivateData } from './context';
import type { PathLike } from './path';
import type { SchemaDefinition } from './schema';

export interface CreateRequest<C, A extends Attributes> extends ClientCall<C> {
  /** Wholly known; the only place write-only values appear. */
  readonly config: ModelOf<A>;
  /** Computed attributes may be unknown: the returned state must set them. */
  readonly plan: PlanOf<A>;
  readonly private: PrivateData | undefined;
}

export interface UpdateRequest<C, A extends Attributes> extends CreateRequest<C, A> {
  readonly state: ModelOf<A>;
}

export interface ReadRequest<C, A extends Attributes> extends ClientCall<C> {
  readonly state: ModelOf<A>;
  readonly private: PrivateData | undefined;
}

export interface DeleteRequest<C, A extends Attributes> extends ClientCall<C> {
  readonly state: ModelOf<A>;
  readonly private: PrivateData | undefined;
}

export interface ApplyResult<A extends Attributes> {
  /** The full new state; it must match every known planned value. */
  readonly state: ModelOf<A>;
  /** Replaces private state; omitted keeps the planned private state. */
  readonly private?: PrivateData;
}

/** `{ gone: true }` when the remote object no longer exists: terraform plans to create it again. */
export type ReadResult<A extends Attributes> =
  | { readonly state: ModelOf<A>; readonly private?: PrivateData; readonly gone?: false }
  | { readonly gone: true };

export interface ImportRequest<C> extends ClientCall<C> {
  /** What the user wrote in `terraform import ADDR ID` or an `import` block. */
  readonly id: string;
}

export interface ImportResult<A extends Attributes> {
  /** Enough state for `read` to find the object (usually the identifying attributes); the rest is null. */
  readonly state: Partial<ModelOf<A>>;
  readonly private?: PrivateData;
}

export interface UpgradeStateRequest<C> extends ClientCall<C | undefined> {
  /** The schema version the stored state was written with (lower than the current one). */
  readonly version: number;
  /** The stored state as plain JSON. */
  readonly state: { readonly [key: string]: unknown };
}

export interface ModifyPlanRequest<C, A extends Attributes> extends ClientCall<C> {
  readonly config: ConfigOf<A>;
  /** null when creating. */
  readonly state: ModelOf<A> | null;
  /** The plan after defaults, unknown marking and attribute plan modifiers. */
  readonly plan: PlanOf<A>;
  readonly private: PrivateData | undefined;
}

export interface ModifyPlanResult<A extends Attributes> {
  readonly plan?: PlanOf<A>;
  readonly requiresReplace?: readonly PathLike[];
  readonly private?: PrivateData;
}

export interface ValidateConfigRequest<A extends Attributes> extends CallBase {
  /** Anything may still be unknown; validate what is known. */
  readonly config: ConfigOf<A>;
}

export interface ResourceDefinition<C, A extends Attributes> {
  /** Type name without the provider prefix: `note` in provider `note` is `note_note`. */
  readonly name: string;
  readonly schema: SchemaDefinition<A>;

  create(req: CreateRequest<C, A>): Awaitable<ApplyResult<A>>;
  read(req: ReadRequest<C, A>): Awaitable<ReadResult<A>>;
  /** Omit when every configurable attribute requires replacement. */
  update?(req: UpdateRequest<C, A>): Awaitable<ApplyResult<A>>;
  delete(req: DeleteRequest<C, A>): Awaitable<void>;

  importState?(req: ImportRequest<C>): Awaitable<ImportResult<A>>;
  /** Turn state stored by an older schema version into the current model. */
  upgradeState?(req: UpgradeStateRequest<C>): Awaitable<ModelOf<A>>;
  /** Last say on a plan (not called for destroy). */
  modifyPlan?(req: ModifyPlanRequest<C, A>): Awaitable<ModifyPlanResult<A> | void>;
  /** Cross-attribute checks; attribute validators have already run. */
  validateConfig?(req: ValidateConfigRequest<A>): Awaitable<void>;
}

/** `importState` for resources identified by one string attribute. */
export function importById<A extends Attributes>(
  attribute: keyof A & string,
): (req: ImportRequest<unknown>) => ImportResult<A> {
  return (req) => ({ state: { [attribute]: req.id } as Partial<ModelOf<A>> });
}
