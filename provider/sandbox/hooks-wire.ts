/**
 * Shapes of the test hooks under /__sandbox/ (DESIGN.md §8). They answer in the
 * API's envelope: `{"result":"success","data":...}`. Exported so tests and the
 * client's integration tests parse them rather than guess.
 *
 *   POST   /__sandbox/verify    {email, password}          → {valid}
 *   POST   /__sandbox/invitations/accept {mailbox_name, key, user_id, mail_hosting_id?} → AcceptResult
 *   POST   /__sandbox/devices/status {access_id, status}   → true
 *   GET    /__sandbox/requests                             → {counts, total, entries}
 *   DELETE /__sandbox/requests                             → true
 *   POST   /__sandbox/faults    FaultSpec                  → Fault (with its id)
 *   GET    /__sandbox/faults                               → Fault[] (spent ones are gone)
 *   DELETE /__sandbox/faults                               → true (also reseeds the fault PRNG)
 *   POST   /__sandbox/reset                                → true (seed state, no faults, no counts, clock shift 0)
 *   GET    /__sandbox/clock                                → {now_ms, offset_ms}
 *   POST   /__sandbox/clock     {advance_seconds}          → {now_ms, offset_ms}
 */
import { z } from 'zod';
import { deviceStatusSchema } from '../infomaniak/wire';

export const HOOKS_PREFIX = '/__sandbox';

export const verifyBodySchema = z.object({ email: z.string().min(3), password: z.string() });
export const verifyResultSchema = z.object({ valid: z.boolean() });

/**
 * Plays the invitee following the link: the invitation leaves the list and a user
 * access with its permissions appears. `user_id` is the organisation user who
 * accepts; one that does not exist is created with the invitation's `sent_to` as
 * email. `mail_hosting_id` defaults to the first Mail Service of the seed.
 */
export const acceptInvitationBodySchema = z.object({
  mailbox_name: z.string().min(1),
  key: z.string().min(1),
  user_id: z.number().int().positive(),
  mail_hosting_id: z.number().int().positive().optional(),
});
export type AcceptInvitationInput = z.input<typeof acceptInvitationBodySchema>;
export const acceptInvitationResultSchema = z.object({
  user_id: z.number().int(),
  email: z.string(),
  /** The id of the new user access. */
  user_access_id: z.number().int(),
  /** True when the hook had to add the user to the organisation. */
  user_created: z.boolean(),
});
export type AcceptInvitationResult = z.infer<typeof acceptInvitationResultSchema>;

/** Flags a device access the way Infomaniak does when it sees a password leaked or spam sent. */
export const deviceStatusBodySchema = z.object({
  access_id: z.number().int().positive(),
  status: deviceStatusSchema,
});

/** One API request as the sandbox saw it; `status` is null until answered, and stays null when a fault dropped it. */
export const requestEntrySchema = z.object({
  key: z.string(),
  at_ms: z.number(),
  status: z.number().int().nullable(),
});
export type RequestEntry = z.infer<typeof requestEntrySchema>;

/**
 * `counts` is keyed "METHOD /wire/template/{hosting}/..." (the wire.ts template,
 * placeholders literal); a path that matches no route counts as "METHOD (no route)".
 * `entries` lists requests in arrival order (the most recent MAX_REQUEST_ENTRIES),
 * `at_ms` on the sandbox clock, so tests can check rates without wall-clock asserts.
 */
export const requestsResultSchema = z.object({
  counts: z.record(z.string(), z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
  entries: z.array(requestEntrySchema),
});
export type RequestsResult = z.infer<typeof requestsResultSchema>;
export const MAX_REQUEST_ENTRIES = 10000;

export const faultModes = ['status', 'reset', 'drop_after_commit', 'latency'] as const;

/**
 * `route`: "METHOD /template" as in `counts`, or "*" for every API route.
 * `status` (400..599) is required for mode "status"; `latency_ms` for "latency".
 * `rate` (0..1, default 1): the share of matching requests hit, drawn from a seeded PRNG.
 * `count`: how many hits before the fault is spent; absent means forever.
 * `retry_after` (seconds): sent as a Retry-After header with mode "status".
 */
export const faultSpecSchema = z
  .object({
    route: z.string().min(1),
    mode: z.enum(faultModes),
    status: z.number().int().min(400).max(599).optional(),
    rate: z.number().min(0).max(1).default(1),
    retry_after: z.number().int().nonnegative().optional(),
    latency_ms: z.number().int().nonnegative().max(120000).optional(),
    count: z.number().int().positive().optional(),
    /** The error code of mode "status" (default: the usual one for the status, e.g. 403 `access_denied`). */
    code: z.string().min(1).optional(),
  })
  .superRefine((spec, ctx) => {
    if (spec.mode === 'status' && spec.status === undefined) {
      ctx.addIssue({ code: 'custom', path: ['status'], message: 'is required with mode "status"' });
    }
    if (spec.mode === 'latency' && spec.latency_ms === undefined) {
      ctx.addIssue({ code: 'custom', path: ['latency_ms'], message: 'is required with mode "latency"' });
    }
  });
export type FaultSpecInput = z.input<typeof faultSpecSchema>;
export type FaultSpec = z.output<typeof faultSpecSchema>;

export const faultSchema = z.object({
  id: z.number().int().positive(),
  route: z.string(),
  mode: z.enum(faultModes),
  status: z.number().int().optional(),
  rate: z.number(),
  retry_after: z.number().int().optional(),
  latency_ms: z.number().int().optional(),
  /** Hits left; absent means the fault never runs out. */
  remaining: z.number().int().optional(),
  code: z.string().optional(),
  /** Times it fired so far. */
  hits: z.number().int().nonnegative(),
});
export type Fault = z.infer<typeof faultSchema>;

export const clockBodySchema = z.object({ advance_seconds: z.number().int().nonnegative() });
export const clockResultSchema = z.object({ now_ms: z.number(), offset_ms: z.number() });
