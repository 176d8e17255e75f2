/** The create half of ApplyResourceChange. */
import { recordApplied, type ResourceChange } from './resource-change';

export async function createResource<C>(change: ResourceChange<C>): Promise<void> {
  const { resource: r, outcome } = change;
  // A create that fails before returning leaves no object: terraform records none.
  outcome.newState = r.encodeNull();
  const result = await r.def.create({
    ...change.request,
    config: change.config.model ?? {},
    plan: change.planned.model ?? {},
  });
  recordApplied(change, 'create', result);
}
