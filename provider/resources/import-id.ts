/** Import ids: a wrong one gets a diagnostic that shows the expected form and an example. */
import { DiagnosticError } from '../framework';

export class ImportIdError extends DiagnosticError {
  constructor(id: string, form: string, example: string) {
    super(
      'Invalid import id',
      `"${id}" is not an id this resource can import. Expected ${form}, e.g. "${example}".`,
    );
  }
}
