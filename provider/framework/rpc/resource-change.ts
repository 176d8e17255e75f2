/** One planned change of a managed resource, decoded once, as create, update and delete receive it. */
import type { DynamicValue } from '../../protocol/server';
import { checkAppliedState } from '../apply-check';
import type { ClientCall, PrivateData } from '../context';
import type { Diagnostics } from '../diagnostics';
import { encodePrivate } from '../private-state';
import type { AnyResource } from '../provider';
import type { Decoded, SchemaRuntime } from './runtime';

export interface ResourceChange<C> {
  readonly resource: SchemaRuntime<AnyResource<C>>;
  readonly prior: Decoded;
  readonly planned: Decoded;
  readonly config: Decoded;
  /** The part of every create / update / delete request that does not depend on the operation. */
  readonly request: ClientCall<C> & { readonly private: PrivateData | undefined };
  readonly diagnostics: Diagnostics;
  /** What the response carries if the operation stops now; operations move it forward as they go. */
  readonly outcome: ApplyOutcome;
}

export interface ApplyOutcome {
  newState: DynamicValue;
  newPrivate: Uint8Array;
}

/**
 * Records what create or update returned: checked against the plan, and kept even with
 * errors, since it describes the object that now exists.
 */
export function recordApplied<C>(
  change: ResourceChange<C>,
  operation: 'create' | 'update',
  result: { readonly state?: unknown; readonly private?: PrivateData } | null | undefined,
): void {
  const { resource: r, diagnostics } = change;
  if (result === undefined || result === null || !isPlainRecord(result.state)) {
    if (!diagnostics.hasErrors())
      diagnostics.error(
        `${operation === 'create' ? 'Create' : 'Update'} of ${r.typeName} returned no state`,
        'This is a bug in the provider.',
      );
    return;
  }
  const value = checkAppliedState(
    r.typeName,
    operation,
    r.attributes,
    change.planned.value,
    r.fromModel(result.state),
    diagnostics,
  );
  change.outcome.newState = r.encode(value);
  if (result.private !== undefined) change.outcome.newPrivate = encodePrivate(result.private);
}

function isPlainRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
