/** The public API of the Infomaniak Mail client. */
export { MailClient, type MailClientOptions } from './client';
export type { CallOptions } from './caller';
export type { ListOptions, MailboxRef } from './context';
export type { RegenerateOptions } from './devices';
export { MailboxesApi } from './mailboxes';
export { DevicesApi } from './devices';
export { WebmailApi } from './webmail';
export { OrganisationApi } from './organisation';
export {
  AbortedError,
  AmbiguousCreateError,
  BadResponseError,
  ConnectionError,
  ForbiddenError,
  HttpStatusError,
  MailApiError,
  NotFoundError,
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
export type { MailApiLogger, RequestLogEvent } from './logger';
export { DEFAULT_BURST, DEFAULT_REQUESTS_PER_MINUTE, RateLimiter, type RateLimitOptions } from './rate-limit';
export { DEFAULT_RETRY, parseRetryAfter, type RetryOptions } from './retry';
export { iteratePages, collectPages, type Page, type PageFetcher } from './paging';
export { DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS } from './transport';
export type { Clock } from './clock';
export * from './wire';
