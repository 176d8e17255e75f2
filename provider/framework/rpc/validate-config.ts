/** Validate*Config: attribute validators, then the definition's own cross-attribute checks. */
import type { CallContext, DiagnosticsOnly, DynamicValue } from '../../protocol/server';
import type { CallBase } from '../context';
import { Diagnostics } from '../diagnostics';
import { validateAttributes } from '../validate';
import type { ErasedModel, SchemaRuntime } from './runtime';
import { callBase, done, guard } from './server-context';

interface Validating {
  validateConfig?(req: CallBase & { readonly config: ErasedModel }): unknown;
}

export async function validateConfig(
  ctx: CallContext,
  target: SchemaRuntime<Validating>,
  encoded: DynamicValue,
): Promise<DiagnosticsOnly> {
  const diagnostics = new Diagnostics();
  await guard(`Validating ${target.typeName}`, diagnostics, async () => {
    const config = target.decode(encoded);
    validateAttributes(target.attributes, config.value, diagnostics);
    if (target.def.validateConfig && config.model)
      await target.def.validateConfig({ ...callBase(ctx, target, diagnostics), config: config.model });
  });
  return done(diagnostics);
}
