/**
 * Mail API failures as Terraform diagnostics: the client's message (already written
 * for a person: a 403 names the missing right, a 404 the missing thing) becomes the
 * detail, and the diagnostic points at the attribute the failure is about, so terraform
 * shows the configuration line. Messages never hold secrets: the client scrubs the
 * token and chosen passwords from every error text.
 */
import { DiagnosticError, attrPath, type Diagnostics } from '../framework';
import { NotFoundError, RejectedError, isMailApiError, type MailApiError } from '../infomaniak';

/** API field names (as in wire.ts bodies) → the resource attribute that sets them. */
export type FieldMap = Readonly<Record<string, string>>;

const DEFAULT_FIELDS: FieldMap = {
  mailbox_name: 'mailbox_name',
  label: 'label',
  protocols: 'protocols',
  user_id: 'user_id',
  permissions: 'permissions',
  email: 'email',
};

/** The attribute a failure is about, when it is about one. */
export function attributeOf(error: MailApiError, fields: FieldMap = DEFAULT_FIELDS): string | undefined {
  if (error instanceof NotFoundError) {
    switch (error.resource) {
      case 'hosting':
        return 'mail_hosting_id';
      case 'mailbox':
        return 'mailbox_name';
      case 'user':
        return fields.user_id ?? 'user_id';
      default:
        return undefined;
    }
  }
  if (error instanceof RejectedError) {
    for (const f of error.fieldErrors) {
      const mapped = f.field === undefined ? undefined : fields[f.field];
      if (mapped) return mapped;
    }
  }
  return undefined;
}

/**
 * Adds an error diagnostic for `error`: `summary` says what was being done (e.g.
 * `Could not create device "CRM" on contact@1234567`). Errors that are not API
 * errors are rethrown for the framework to report.
 */
export function reportApiError(
  diagnostics: Diagnostics,
  error: unknown,
  summary: string,
  fields?: FieldMap,
): void {
  if (!isMailApiError(error)) throw error;
  const attribute = attributeOf(error, fields ? { ...DEFAULT_FIELDS, ...fields } : DEFAULT_FIELDS);
  diagnostics.error(summary, error.message, attribute);
}

/** Like reportApiError, for code that must stop at once: throws a DiagnosticError. */
export function apiFailure(error: unknown, summary: string, fields?: FieldMap): never {
  if (!isMailApiError(error)) throw error;
  const attribute = attributeOf(error, fields ? { ...DEFAULT_FIELDS, ...fields } : DEFAULT_FIELDS);
  throw new DiagnosticError(
    summary,
    error.message,
    attribute === undefined ? undefined : attrPath(attribute),
  );
}
