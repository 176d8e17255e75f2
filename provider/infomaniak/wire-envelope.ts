/**
 * The envelope every answer comes in, paging and error bodies, as zod schemas (see
 * wire.ts). Loaded with the API client only; the codes and limits are in wire-codes.ts.
 */
import { z } from 'zod';

/** Beside `data` when `page` was sent. All four are optional in the reference. */
export const pagingSchema = z.object({
  total: z.number().int().nonnegative().optional(),
  page: z.number().int().nonnegative().optional(),
  pages: z.number().int().nonnegative().optional(),
  items_per_page: z.number().int().nonnegative().optional(),
});
export type Paging = z.infer<typeof pagingSchema>;

/**
 * One entry of `error.errors[]`. The reference types the list as "array" with no item
 * schema. ASSUMED `errorDetails`: entries are objects with `code`, `description` and a
 * `context` naming the field (`attribute`), as the service's other errors are; the
 * client reads them defensively (anything else is ignored), the sandbox writes them so.
 */
export const apiErrorDetailSchema = z.object({
  code: z.string().optional(),
  description: z.string().optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorDetail = z.infer<typeof apiErrorDetailSchema>;

export const apiErrorSchema = z.object({
  code: z.string(),
  description: z.string().optional(),
  errors: z.array(z.unknown()).optional(),
  context: z.record(z.string(), z.unknown()).optional(),
});
export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

export const errorEnvelopeSchema = z.object({ result: z.literal('error'), error: apiErrorSchema });

export function successEnvelope<T extends z.ZodType>(data: T) {
  return z.object({ result: z.literal('success'), data });
}
export function pagedEnvelope<T extends z.ZodType>(item: T) {
  return z.object({ result: z.literal('success'), data: z.array(item) }).extend(pagingSchema.shape);
}

/** Calls without a meaningful answer (DELETE, PATCH, grant, send) answer `data: true`. */
export const okSchema = z.boolean();
