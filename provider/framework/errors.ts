/**
 * Exceptions escaping resource code become error diagnostics with context. Messages of
 * our own never include values (they may be secrets); an author's exception message is
 * passed on as written.
 */
import { CtyCodecError } from '../protocol/cty/errors';
import { DiagnosticError, type Diagnostics } from './diagnostics';
import { describePath } from './path';
import { ModelShapeError } from './values';

export function reportException(err: unknown, what: string, diagnostics: Diagnostics): void {
  if (err instanceof DiagnosticError) {
    diagnostics.add(err);
  } else if (err instanceof ModelShapeError) {
    diagnostics.error(
      `${what} returned an invalid value for "${describePath(err.path)}"`,
      `${err.message}. This is a bug in the provider.`,
      err.path.length > 0 ? err.path : undefined,
    );
  } else if (err instanceof CtyCodecError) {
    diagnostics.error(`${what}: invalid value`, err.message, err.path.length > 0 ? err.path : undefined);
  } else if (isAbort(err)) {
    diagnostics.error(`${what} was cancelled`, 'Terraform asked the provider to stop.');
  } else {
    const message = err instanceof Error ? err.message : String(err);
    diagnostics.error(`${what} failed`, message);
  }
}

function isAbort(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === 'AbortError' || (err as { code?: unknown }).code === 'ABORT_ERR')
  );
}
