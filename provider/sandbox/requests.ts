/** What the sandbox saw: per-route counts and a bounded, timestamped list, for request-budget tests. */
import { MAX_REQUEST_ENTRIES, type RequestEntry, type RequestsResult } from './hooks-wire';

export class RequestLog {
  private counts = new Map<string, number>();
  private entries: RequestEntry[] = [];
  private total = 0;

  /** Returns the entry so the server can fill in the status once it answers. */
  record(key: string, atMs: number): RequestEntry {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
    const entry: RequestEntry = { key, at_ms: atMs, status: null };
    this.entries.push(entry);
    if (this.entries.length > MAX_REQUEST_ENTRIES)
      this.entries.splice(0, this.entries.length - MAX_REQUEST_ENTRIES);
    return entry;
  }

  reset(): void {
    this.counts.clear();
    this.entries = [];
    this.total = 0;
  }

  snapshot(): RequestsResult {
    return {
      counts: Object.fromEntries(this.counts),
      total: this.total,
      entries: this.entries.map((e) => ({ ...e })),
    };
  }
}
