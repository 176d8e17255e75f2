/**
 * ApplyResourceChange: decodes the change once and hands it to create, update or delete
 * (each in its own file). Until an operation succeeds, terraform keeps what it had: the
 * prior state, which is what the response carries when nothing else was decided.
 */
import type {
  ApplyResourceChangeRequest,
  ApplyResourceChangeResponse,
  CallContext,
} from '../../protocol/server';
import { Diagnostics } from '../diagnostics';
import { decodePrivate } from '../private-state';
import { createResource } from './create-resource';
import { deleteResource } from './delete-resource';
import { updateResource } from './update-resource';
import type { ApplyOutcome, ResourceChange } from './resource-change';
import { callBase, done, guard, lookup, type ServerContext } from './server-context';

export async function applyResourceChange<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: ApplyResourceChangeRequest,
): Promise<ApplyResourceChangeResponse> {
  const diagnostics = new Diagnostics();
  const r = lookup(server.resources, 'resource', req.typeName, diagnostics);
  const client = r && server.client(diagnostics);
  if (!r || !client) return done(diagnostics);
  const outcome: ApplyOutcome = { newState: req.priorState, newPrivate: req.plannedPrivate };
  let operation = 'apply';
  await guard(
    () => `${capitalised(operation)} of ${r.typeName}`,
    diagnostics,
    async () => {
      const change: ResourceChange<C> = {
        resource: r,
        prior: r.decode(req.priorState),
        planned: r.decode(req.plannedState),
        config: r.decode(req.config),
        request: {
          ...callBase(ctx, r, diagnostics),
          client: client.client,
          private: decodePrivate(req.plannedPrivate),
        },
        diagnostics,
        outcome,
      };
      if (change.planned.value === null) {
        operation = 'delete';
        server.log.trace('deleting resource', { type: r.typeName });
        await deleteResource(change);
      } else if (change.prior.value === null) {
        operation = 'create';
        server.log.trace('create resource', { type: r.typeName });
        await createResource(change);
      } else {
        operation = 'update';
        server.log.trace('update resource', { type: r.typeName });
        await updateResource(change);
      }
    },
  );
  return { ...done(diagnostics), newState: outcome.newState, private: outcome.newPrivate };
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
