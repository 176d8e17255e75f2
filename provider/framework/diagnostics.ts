/**
 * Diagnostics are values, not exceptions: every framework call hands the author a
 * collector, and whatever is collected travels back to terraform with its attribute
 * path so that terraform can point at the offending line of configuration.
 */
import type { Diagnostic } from '../protocol/server';
import { toPath, type AttributePath, type PathLike } from './path';

export type { Diagnostic };

export class Diagnostics {
  private readonly items: Diagnostic[] = [];

  error(summary: string, detail?: string, path?: PathLike): this {
    return this.add({
      severity: 'error',
      summary,
      detail,
      attribute: path === undefined ? undefined : toPath(path),
    });
  }

  warning(summary: string, detail?: string, path?: PathLike): this {
    return this.add({
      severity: 'warning',
      summary,
      detail,
      attribute: path === undefined ? undefined : toPath(path),
    });
  }

  /** An error about one attribute; the path is required so terraform can show the config line. */
  attributeError(path: PathLike, summary: string, detail?: string): this {
    return this.error(summary, detail, path);
  }

  attributeWarning(path: PathLike, summary: string, detail?: string): this {
    return this.warning(summary, detail, path);
  }

  add(diagnostic: Diagnostic): this {
    this.items.push(stripUndefined(diagnostic));
    return this;
  }

  addAll(other: Diagnostics | readonly Diagnostic[] | undefined): this {
    if (other === undefined) return this;
    for (const d of other instanceof Diagnostics ? other.items : other) this.add(d);
    return this;
  }

  hasErrors(): boolean {
    return this.items.some((d) => d.severity === 'error');
  }

  get errors(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity === 'error');
  }

  get warnings(): readonly Diagnostic[] {
    return this.items.filter((d) => d.severity === 'warning');
  }

  get length(): number {
    return this.items.length;
  }

  toArray(): readonly Diagnostic[] {
    return [...this.items];
  }
}

/**
 * Thrown from resource code to stop with a diagnostic that has a path; anything else
 * thrown is reported as an unexpected error of the operation.
 */
export class DiagnosticError extends Error {
  constructor(
    readonly summary: string,
    readonly detail?: string,
    readonly attribute?: AttributePath,
  ) {
    super(detail === undefined ? summary : `${summary}: ${detail}`);
    this.name = 'DiagnosticError';
  }
}

function stripUndefined(d: Diagnostic): Diagnostic {
  const out: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    severity: d.severity,
    summary: d.summary,
  };
  if (d.detail !== undefined && d.detail !== '') out.detail = d.detail;
  if (d.attribute !== undefined && d.attribute.length > 0) out.attribute = d.attribute;
  return out;
}
