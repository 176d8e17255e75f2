/**
 * The optional logging hook. It receives one event per HTTP attempt and a few
 * warnings; by construction none of them holds a secret: only the method, the route
 * template, the status, timings and counters (no filled path, query, header or body).
 */
import type { HttpMethod, MailApiErrorKind } from './errors';

export interface RequestLogEvent {
  readonly method: HttpMethod;
  /** The route template, e.g. `/1/mail_hostings/{hosting}/mailboxes`. */
  readonly route: string;
  /** Absent when no answer arrived (timeout, reset). */
  readonly status?: number;
  readonly durationMs: number;
  /** 1 for the first try. */
  readonly attempt: number;
  readonly outcome: 'ok' | MailApiErrorKind;
  /** Set when the client will try again after this many ms. */
  readonly retryInMs?: number;
}

export interface MailApiLogger {
  /** One line per attempt, e.g. `GET /1/mail_hostings/{hosting}/mailboxes 200 31ms attempt 1`. */
  debug?(line: string, event: RequestLogEvent): void;
  /** Something a person may want to look at later (e.g. a leftover created by a lost answer). */
  warn?(line: string): void;
}

export function formatRequestLine(event: RequestLogEvent): string {
  const status = event.status === undefined ? event.outcome : String(event.status);
  const retry = event.retryInMs === undefined ? '' : `, retrying in ${event.retryInMs}ms`;
  return `${event.method} ${event.route} ${status} ${Math.round(event.durationMs)}ms attempt ${event.attempt}${retry}`;
}
