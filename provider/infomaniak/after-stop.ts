/**
 * A create or a regenerate answers with a password shown only this once. Cancelling one
 * that is already sent cannot undo it on the service; it only loses the answer, leaving
 * an access nobody knows of (created again by the next run: a duplicate) or a password
 * nobody has. So for those calls the caller's signal cancels only what is not sent yet:
 * what is sent runs on, and the follow-up calls that learn its outcome (read-back,
 * recovery of a lost answer) with it, until a bound after the stop.
 */

/**
 * How long work already sent may go on once the caller's signal aborted. Long enough
 * for one whole request timeout (DEFAULT_TIMEOUT_MS, 30 s) of the answer in flight and
 * as much again for the read-back or the listing that recovers a lost answer; short
 * enough that a run interrupted by Ctrl-C still ends within a minute. Past it the
 * outcome is reported as unknown, never as "not done".
 */
export const FINISH_AFTER_STOP_MS = 60_000;

export interface AfterStop {
  /** Aborts `graceMs` after `stop` does; undefined when there is no stop signal. */
  readonly signal: AbortSignal | undefined;
  /** Stops listening to `stop` (the operation is over). */
  dispose(): void;
}

export function afterStop(stop: AbortSignal | undefined, graceMs = FINISH_AFTER_STOP_MS): AfterStop {
  if (!stop) return { signal: undefined, dispose: () => undefined };
  const late = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const onStop = (): void => {
    timer = setTimeout(() => late.abort(stop.reason), graceMs);
    // Nothing else may be left to keep the process alive for: the bound must not.
    timer.unref();
  };
  if (stop.aborted) onStop();
  else stop.addEventListener('abort', onStop, { once: true });
  return {
    signal: late.signal,
    dispose: () => {
      stop.removeEventListener('abort', onStop);
      if (timer) clearTimeout(timer);
    },
  };
}
