/**
 * Error codes, rate-limit codes and paging limits, as the reference describes them (see
 * wire.ts). Plain data, no zod: plan-time code reads the codes before the API client
 * (and zod with it) is loaded.
 */

/**
 * ASSUMED `maxPerPage`: the reference gives no largest `per_page`. The client asks for
 * 100 by default and at most 1000, and never relies on the service honouring it: it
 * follows `pages` (or, without it, reads until a short page).
 */
export const DEFAULT_PER_PAGE = 100;
export const MAX_PER_PAGE = 1000;

/**
 * Error codes. The ones the reference lists for the routes we use, and (ASSUMED,
 * marked) the few it does not name. The client decides by status first and uses a
 * code only to say more, so a code the service spells differently still maps.
 */
export const errorCodes = {
  notAuthorized: 'not_authorized', // 401
  accessDenied: 'access_denied', // 403 (the reference's word on core routes)
  objectNotFound: 'object_not_found', // 404
  validationFailed: 'validation_failed', // 422
  unexpectedError: 'unexpected_error', // 500
  cannotDeleteObject: 'cannot_delete_object', // 500
  cannotUpdateObject: 'cannot_update_object', // 500
  legacyDeviceDeletion: 'legacy_device_deletion', // 403: only the generic password's owner may revoke it
  deviceAlreadyHasAccess: 'device_already_has_access_to_mailbox', // 409 on create, about device_id
  existingDeviceOneUser: 'existing_device_can_only_have_one_user', // 422 on create, about user_id
  legacyDeviceCreation: 'legacy_device_creation', // 422 on create, about device_id
  deviceAlreadyExists: 'device_already_exists', // 409 on the label PATCH
  userAlreadyHasAccess: 'user_already_has_access_to_mailbox', // 409 on grant
  userNotAttached: 'user_not_attached_to_account', // 422 on grant
  userHasNoAccess: 'user_has_no_access_to_mailbox', // 404 on remove
  invitationRateLimit: 'invitation_sending_rate_limit_reached', // 429 on send
  /** ASSUMED: the reference gives no body for 501; this code is what the sandbox sends. */
  notImplemented: 'not_implemented',
  /** ASSUMED: the 429 code outside the one route that lists one. */
  tooManyRequests: 'too_many_requests',
  /** ASSUMED: an unknown route (404). */
  routeNotFound: 'route_not_found',
} as const;

/**
 * ASSUMED `rateLimit`: the reference lists 429 on one route only. Any route may answer
 * 429 (with or without Retry-After, seconds or HTTP date); a 400 whose code starts
 * with this prefix (`too_many_attempts_try_again_in_1_minute`, `..._in_one_hour`) is a
 * per-route limit and is treated like a 429 (wait, then retry idempotent calls).
 */
export const TOO_MANY_ATTEMPTS_PREFIX = 'too_many_attempts_';
export function isRateLimitCode(code: string | undefined): boolean {
  return (
    code !== undefined &&
    (code.startsWith(TOO_MANY_ATTEMPTS_PREFIX) ||
      code === errorCodes.invitationRateLimit ||
      code === errorCodes.tooManyRequests)
  );
}
