/**
 * In-flight calls and their AbortSignals. StopProvider, a cancelled gRPC call
 * and server shutdown all abort through here.
 */
export class StopRequestedError extends Error {
  constructor(message = 'terraform asked the provider to stop') {
    super(message);
    this.name = 'AbortError';
  }
}

export interface CallHandle {
  readonly signal: AbortSignal;
  abort(reason?: unknown): void;
  end(): void;
}

export class CallRegistry {
  private readonly live = new Set<AbortController>();
  private idleWaiters: Array<() => void> = [];
  private lastActivity = Date.now();

  begin(): CallHandle {
    const controller = new AbortController();
    this.live.add(controller);
    this.lastActivity = Date.now();
    return {
      signal: controller.signal,
      abort: (reason?: unknown) => controller.abort(reason ?? new StopRequestedError()),
      end: () => {
        this.live.delete(controller);
        this.lastActivity = Date.now();
        if (this.live.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          waiters.forEach((w) => w());
        }
      },
    };
  }

  get size(): number {
    return this.live.size;
  }

  /** Milliseconds since a call last started or finished. */
  idleFor(now = Date.now()): number {
    return this.live.size > 0 ? 0 : now - this.lastActivity;
  }

  abortAll(reason: unknown = new StopRequestedError()): number {
    const n = this.live.size;
    for (const c of this.live) c.abort(reason);
    return n;
  }

  /** Resolves when no call is in flight. */
  whenIdle(): Promise<void> {
    if (this.live.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }
}
