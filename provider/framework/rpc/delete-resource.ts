/** The delete half of ApplyResourceChange: on success terraform forgets the object and its private state. */
import type { ResourceChange } from './resource-change';

export async function deleteResource<C>(change: ResourceChange<C>): Promise<void> {
  const { resource: r, outcome } = change;
  await r.def.delete({ ...change.request, state: change.prior.model ?? {} });
  if (change.diagnostics.hasErrors()) return;
  outcome.newState = r.encodeNull();
  outcome.newPrivate = new Uint8Array();
}
