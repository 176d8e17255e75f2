/** The update half of ApplyResourceChange. */
import { recordApplied, type ResourceChange } from './resource-change';

export async function updateResource<C>(change: ResourceChange<C>): Promise<void> {
  const { resource: r, diagnostics } = change;
  if (!r.def.update) {
    diagnostics.error(`${r.typeName} cannot be updated in place`, 'The resource defines no update.');
    return;
  }
  const result = await r.def.update({
    ...change.request,
    config: change.config.model ?? {},
    plan: change.planned.model ?? {},
    state: change.prior.model ?? {},
  });
  recordApplied(change, 'update', result);
}
