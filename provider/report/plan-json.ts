/**
 * The parts of `terraform show -json PLANFILE` (the JSON plan representation, format
 * version 1.x) that the report reads. Unknown fields are accepted: terraform adds
 * fields in minor format versions, and the report must keep working across them.
 *
 * Values (`before`, `after`, ...) stay `unknown` here on purpose: they may hold
 * secrets, and only redact.ts may look inside them, with the sensitivity masks.
 */
import { z } from 'zod';

/** The plan format major version the report understands. */
export const SUPPORTED_FORMAT_MAJOR = 1;

export const changeSchema = z.looseObject({
  actions: z.array(z.string()),
  before: z.unknown().optional(),
  after: z.unknown().optional(),
  after_unknown: z.unknown().optional(),
  before_sensitive: z.unknown().optional(),
  after_sensitive: z.unknown().optional(),
  replace_paths: z.array(z.array(z.union([z.string(), z.number()]))).optional(),
});

export const resourceChangeSchema = z.looseObject({
  address: z.string(),
  module_address: z.string().optional(),
  mode: z.string(),
  type: z.string(),
  name: z.string(),
  action_reason: z.string().optional(),
  change: changeSchema,
});

export interface StateResource {
  readonly address: string;
  readonly mode: string;
  readonly type: string;
  readonly values?: unknown;
  readonly sensitive_values?: unknown;
}

export interface StateModule {
  readonly resources?: readonly StateResource[];
  readonly child_modules?: readonly StateModule[];
}

const stateResourceSchema = z.looseObject({
  address: z.string(),
  mode: z.string(),
  type: z.string(),
  values: z.unknown().optional(),
  sensitive_values: z.unknown().optional(),
});

const stateModuleSchema: z.ZodType<StateModule> = z.lazy(() =>
  z.looseObject({
    resources: z.array(stateResourceSchema).optional(),
    child_modules: z.array(stateModuleSchema).optional(),
  }),
);

const valuesSchema = z.looseObject({ root_module: stateModuleSchema.optional() });

export const planSchema = z.looseObject({
  format_version: z.string(),
  terraform_version: z.string().optional(),
  resource_changes: z.array(resourceChangeSchema).optional(),
  /** What the refresh found changed outside Terraform since the last apply. */
  resource_drift: z.array(resourceChangeSchema).optional(),
  planned_values: valuesSchema.optional(),
  prior_state: z.looseObject({ values: valuesSchema.optional() }).optional().nullable(),
  timestamp: z.string().optional(),
  complete: z.boolean().optional(),
  errored: z.boolean().optional(),
});

export type PlanJson = z.infer<typeof planSchema>;
export type ResourceChange = z.infer<typeof resourceChangeSchema>;
