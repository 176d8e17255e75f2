/** The public API of the Infomaniak Mail client. */
export { MailClient, type MailClientOptions } from './client';
export type { CallOptions } from './caller';
export { FINISH_AFTER_STOP_MS } from './after-stop';
export type { ListOptions, MailboxRef } from './context';
export { MailboxesApi, type AddressDirectory, type NewAddress } from './mailboxes';
export { DevicesApi } from './devices';
export { WebmailApi } from './webmail';
export { OrganisationApi } from './organisation';
export {
  AbortedError,
  BadResponseError,
  ConnectionError,
  ForbiddenError,
  HttpStatusError,
  MISSING_RIGHT_HELP,
  MailApiError,
  NotFoundError,
  NotImplementedError,
  RateLimitedError,
  RejectedError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
  isMailApiError,
  type FieldMessage,
  type HttpMethod,
  type MailApiErrorKind,
  type RequestDescription,
  type ResourceKind,
} from './errors';
export { AmbiguousCreateError, CreatedButUnreadError } from './create-errors';
export type { MailApiLogger, RequestLogEvent } from './logger';
export { DEFAULT_BURST, DEFAULT_REQUESTS_PER_MINUTE, RateLimiter, type RateLimitOptions } from './rate-limit';
export { DEFAULT_RETRY, parseRetryAfter, type RetryOptions } from './retry';
export { iteratePages, collectPages, type Page, type PageFetcher } from './paging';
export { DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS } from './transport';
export type { Clock } from './clock';
export {
  isGenericPassword,
  type Address,
  type CreatedDeviceAccess,
  type DeviceAccess,
  type Invitation,
  type InvitationDelivery,
  type MailService,
  type NewDeviceAccess,
  type NewInvitation,
  type OrganisationUser,
  type UserAccess,
  type WebmailAccess,
} from './model';
export * from './wire';
