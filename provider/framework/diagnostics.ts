/**
 * Diagnostics are values, not exceptions: every framework call hands the author a
 * collector, and whatever is collected travels back to terraform with its attribute
 * path so that terraform can point at the offending line of configuration. There is one
 * shape for "this failed, on this attribute": `error(summary, detail?, attribute?)`.
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

  /** A diagnostic made elsewhere: a value, or a DiagnosticError caught to continue instead of stopping. */
  add(diagnostic: Diagnostic | DiagnosticError): this {
    this.items.push(
      stripUndefined(diagnostic instanceof DiagnosticError ? diagnostic.diagnostic : diagnostic),
    );
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
 * An error diagnostic to stop with, from code that cannot simply add it and return (a
 * helper deep inside an operation). Same arguments, in the same order, as
 * `Diagnostics.error`; the framework reports it exactly as if it had been added.
 * Anything else thrown is reported as an unexpected error of the operation.
 */
export class DiagnosticError extends Error {
  readonly attribute: AttributePath | undefined;

  constructor(
    readonly summary: string,
    readonly detail?: string,
    path?: PathLike,
  ) {
    super(detail === undefined ? summary : `${summary}: ${detail}`);
    this.name = 'DiagnosticError';
    this.attribute = path === undefined ? undefined : toPath(path);
  }

  get diagnostic(): Diagnostic {
    return { severity: 'error', summary: this.summary, detail: this.detail, attribute: this.attribute };
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
