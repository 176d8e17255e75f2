/**
 * Injected failures for testing the client's retries and reconciliation: an
 * error status (with Retry-After), a connection reset before the request is
 * processed, a drop after the mutation committed (the ambiguous case), latency.
 */
import { DEFAULT_FAULT_SEED, seededRandom } from './random';
import type { Fault, FaultSpec } from './hooks-wire';

export const ANY_ROUTE = '*';

export interface FaultDecision {
  /** Total latency from every latency fault that fired. */
  latencyMs: number;
  /** The first non-latency fault that fired, if any. */
  action?: Fault;
}

export class Faults {
  private faults: Fault[] = [];
  private nextId = 1;
  private random: () => number;

  constructor(private readonly makeRandom: () => () => number = () => seededRandom(DEFAULT_FAULT_SEED)) {
    this.random = makeRandom();
  }

  add(spec: FaultSpec): Fault {
    const fault: Fault = {
      id: this.nextId++,
      route: spec.route,
      mode: spec.mode,
      rate: spec.rate,
      hits: 0,
      ...(spec.status !== undefined && { status: spec.status }),
      ...(spec.retry_after !== undefined && { retry_after: spec.retry_after }),
      ...(spec.latency_ms !== undefined && { latency_ms: spec.latency_ms }),
      ...(spec.count !== undefined && { remaining: spec.count }),
      ...(spec.code !== undefined && { code: spec.code }),
    };
    this.faults.push(fault);
    return { ...fault };
  }

  /** Clears every fault and restarts the PRNG, so a test starts from the same sequence. */
  clear(): void {
    this.faults = [];
    this.random = this.makeRandom();
  }

  list(): Fault[] {
    return this.faults.map((f) => ({ ...f }));
  }

  /**
   * Decides what happens to one request. Faults are tried in the order they were
   * added; the PRNG is drawn only for a matching fault whose rate is below 1, so
   * adding an unrelated fault does not change which requests a rated fault hits.
   */
  decide(key: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0 };
    for (const fault of [...this.faults]) {
      if (decision.action) break;
      if (fault.route !== ANY_ROUTE && fault.route !== key) continue;
      if (fault.rate < 1 && !(this.random() < fault.rate)) continue;
      fault.hits++;
      if (fault.remaining !== undefined && --fault.remaining <= 0) {
        this.faults = this.faults.filter((f) => f !== fault);
      }
      if (fault.mode === 'latency') decision.latencyMs += fault.latency_ms ?? 0;
      else decision.action = { ...fault };
    }
    return decision;
  }
}
