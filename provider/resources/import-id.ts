/**
 * Import ids: `A/B/C` strings with typed parts. One parser for every resource, so each
 * form is checked the same way and a wrong id gets a diagnostic that shows the expected
 * form and an example.
 */
import { DiagnosticError } from '../framework';

export class ImportIdError extends DiagnosticError {
  constructor(id: string, form: string, example: string) {
    super(
      'Invalid import id',
      `"${id}" is not an id this resource can import. Expected ${form}, e.g. "${example}".`,
    );
  }
}

/** `int`: a positive whole number within JavaScript's safe range; `string`: any non-empty part without `/`. */
export type IdPart = 'int' | 'string';
type PartValue<P extends IdPart> = P extends 'int' ? number : string;
type PartValues<T extends readonly IdPart[]> = { [K in keyof T]: PartValue<T[K]> };

export interface ImportIdForm<T extends readonly IdPart[]> {
  /** How the form is shown, e.g. `MAIL_HOSTING_ID/MAILBOX_NAME`. */
  readonly form: string;
  readonly example: string;
  readonly parts: T;
}

export function parseImportId<const T extends readonly IdPart[]>(
  id: string,
  form: ImportIdForm<T>,
): PartValues<T> {
  const pieces = id.trim().split('/');
  const fail = () => new ImportIdError(id, form.form, form.example);
  if (pieces.length !== form.parts.length) throw fail();
  return form.parts.map((kind, i) => {
    const piece = pieces[i];
    if (piece === '' || /\s/.test(piece)) throw fail();
    if (kind === 'string') return piece;
    if (!/^\d+$/.test(piece)) throw fail();
    const n = Number(piece);
    if (n < 1 || !Number.isSafeInteger(n)) throw fail();
    return n;
  }) as PartValues<T>;
}
