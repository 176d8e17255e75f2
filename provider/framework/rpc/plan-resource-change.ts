/**
 * PlanResourceChange: the framework's planning rules (plan.ts), then the definition's
 * `modifyPlan`, then the checks that keep a plan terraform will accept.
 */
import { valueEquals } from '../../protocol/cty/equals';
import type {
  CallContext,
  PlanResourceChangeRequest,
  PlanResourceChangeResponse,
} from '../../protocol/server';
import { Diagnostics } from '../diagnostics';
import { toPath } from '../path';
import { checkAgainstConfig, planResource } from '../plan';
import { decodePrivate, encodePrivate } from '../private-state';
import { callBase, done, guard, lookup, type ServerContext } from './server-context';

export async function planResourceChange<C>(
  server: ServerContext<C>,
  ctx: CallContext,
  req: PlanResourceChangeRequest,
): Promise<PlanResourceChangeResponse> {
  const diagnostics = new Diagnostics();
  const r = lookup(server.resources, 'resource', req.typeName, diagnostics);
  if (!r) return done(diagnostics);
  let response: PlanResourceChangeResponse = {
    plannedState: req.proposedNewState,
    plannedPrivate: req.priorPrivate,
  };
  await guard(`Planning ${r.typeName}`, diagnostics, async () => {
    const prior = r.decode(req.priorState);
    const proposed = r.decode(req.proposedNewState).value;
    const config = r.decode(req.config);
    if (proposed === null) {
      // Destroy: nothing to decide, but answer with a proper null of the schema's type.
      response = { plannedState: r.encodeNull(), plannedPrivate: req.priorPrivate };
      return;
    }
    const outcome = planResource(
      r.attributes,
      { prior: prior.value, proposed, config: config.value },
      diagnostics,
    );
    let planned = outcome.planned;
    const requiresReplace = [...outcome.requiresReplace];
    let privateData = decodePrivate(req.priorPrivate);
    let privateChanged = false;
    if (r.def.modifyPlan && !diagnostics.hasErrors()) {
      const client = server.client(diagnostics);
      if (!client) return;
      const result = await r.def.modifyPlan({
        ...callBase(ctx, r, diagnostics),
        client: client.client,
        config: config.model ?? {},
        state: prior.model,
        plan: r.modelOf(planned),
        private: privateData,
      });
      if (result?.plan !== undefined) planned = r.fromModel(result.plan);
      for (const p of result?.requiresReplace ?? []) requiresReplace.push(toPath(p));
      if (result?.private !== undefined) {
        privateData = result.private;
        privateChanged = true;
      }
    }
    planned = r.withoutWriteOnly(planned);
    checkAgainstConfig(r.typeName, r.attributes, planned, config.value, diagnostics);
    if (
      prior.value !== null &&
      !r.def.update &&
      requiresReplace.length === 0 &&
      !valueEquals(planned, prior.value, r.type)
    )
      diagnostics.error(
        `${r.typeName} cannot be updated in place`,
        `The plan changes ${r.typeName}, but the resource has no update and no changed attribute requires ` +
          'replacement. Mark the attributes that can change with requiresReplace(). This is a bug in the provider.',
      );
    response = {
      plannedState: r.encode(planned),
      requiresReplace,
      plannedPrivate: privateChanged ? encodePrivate(privateData) : req.priorPrivate,
    };
  });
  return { ...done(diagnostics), ...response };
}
